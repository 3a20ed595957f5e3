// A failing candidate as the base of second-order mutants: its files, its edited lines, and
// where the snapshot's suspicious lines moved to in its version of each file.
import { structuredPatch } from 'diff';
import { buildPatch, type BaseReader } from '../patch';
import type { FileChange, SearchNode } from '../types';

export interface ParentBase {
  id: string;
  changes: FileChange[];
  /** Content of each file the parent adds or modifies. */
  texts: Map<string, string>;
  /** Lines the parent added or changed, per file, in its own version. */
  edited: Map<string, number[]>;
  /** Snapshot line → line in the parent's version, per changed file (undefined for removed lines). */
  mapLine(path: string, line: number): number | undefined;
}

/** Rebuilds the parent's full changes from its canonical diff; null when there is nothing to build on. */
export async function parentBase(parent: SearchNode, reader: BaseReader): Promise<ParentBase | null> {
  if (!parent.diff) return null;
  const built = await buildPatch({ plan: undefined, format: 'diff', diffs: [parent.diff], blocks: [] }, reader, { protectedGlobs: [] });
  if (!built.ok) return null;
  const changes = built.patch.changes;
  const texts = new Map<string, string>();
  const edited = new Map<string, number[]>();
  const maps = new Map<string, Array<{ oldStart: number; oldLines: number; newStart: number; newLines: number }>>();
  for (const c of changes) {
    if (c.content === null) continue;
    texts.set(c.path, c.content);
    const before = c.kind === 'add' ? '' : ((await reader.read(c.oldPath ?? c.path))?.content ?? '');
    const hunks = structuredPatch(c.path, c.path, before, c.content, undefined, undefined, { context: 0 }).hunks;
    maps.set(c.path, hunks);
    const lines: number[] = [];
    for (const h of hunks) {
      // A pure deletion has no new lines; jsdiff numbers it by the line after the gap.
      if (h.newLines === 0) lines.push(h.newStart);
      for (let i = 0; i < h.newLines; i++) lines.push(h.newStart + i);
    }
    edited.set(c.path, lines);
  }
  const mapLine = (path: string, line: number): number | undefined => {
    const hunks = maps.get(path);
    if (!hunks) return line;
    let shift = 0;
    for (const h of hunks) {
      // jsdiff numbers an empty old range (a pure insertion) by the line after it.
      if (line < h.oldStart) break;
      if (h.oldLines > 0 && line < h.oldStart + h.oldLines) return undefined;
      shift += h.newLines - h.oldLines;
    }
    return line + shift;
  };
  return { id: parent.id, changes, texts, edited, mapLine };
}

/** The parent's changes with one file's content replaced; files back to their snapshot content drop out. */
export async function withFile(base: ParentBase, path: string, content: string, reader: BaseReader): Promise<FileChange[]> {
  const out: FileChange[] = [];
  let replaced = false;
  for (const c of base.changes) {
    if (c.path === path && c.content !== null) {
      out.push({ ...c, content });
      replaced = true;
    } else {
      out.push(c);
    }
  }
  if (!replaced) out.push({ path, kind: 'modify', content });
  const kept: FileChange[] = [];
  for (const c of out) {
    if (c.kind === 'modify' && c.oldPath === undefined && c.content === (await reader.read(c.path))?.content) continue;
    kept.push(c);
  }
  return kept;
}
