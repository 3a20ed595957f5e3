// The canonical diff of a patch: rendered from materialized contents, never echoed from the model, so equal results diff equally.
import { createHash } from 'node:crypto';
import { formatPatch, OMIT_HEADERS, structuredPatch } from 'diff';
import type { FileChange } from '../types';
import { quoteGitPath } from './gitpath';
import type { BaseReader } from './types';

const CONTEXT_LINES = 3;

export interface RenderedDiff {
  diff: string;
  linesAdded: number;
  linesRemoved: number;
}

/** Canonical unified diff of changes (a/ b/ prefixes, 3 lines context, LF, no timestamps, files sorted). */
export async function renderDiff(changes: FileChange[], base: BaseReader): Promise<string> {
  return (await renderChanges(changes, base)).diff;
}

export async function renderChanges(changes: readonly FileChange[], base: BaseReader): Promise<RenderedDiff> {
  const sorted = [...changes].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const parts: string[] = [];
  let linesAdded = 0;
  let linesRemoved = 0;
  for (const c of sorted) {
    const r = await renderChange(c, base);
    parts.push(r.diff);
    linesAdded += r.linesAdded;
    linesRemoved += r.linesRemoved;
  }
  return { diff: parts.join(''), linesAdded, linesRemoved };
}

async function renderChange(c: FileChange, base: BaseReader): Promise<RenderedDiff> {
  const oldPath = c.kind === 'rename' && c.oldPath !== undefined ? c.oldPath : c.path;
  const before = c.kind === 'add' ? null : await base.read(oldPath);
  const oldText = before?.content ?? '';
  const newText = c.content ?? '';
  const oldMode = before?.mode ?? '100644';
  const newMode = c.mode ?? oldMode;
  const a = quoteGitPath(`a/${oldPath}`);
  const b = quoteGitPath(`b/${c.path}`);
  const lines = [`diff --git ${a} ${b}`];
  if (c.kind === 'add') lines.push(`new file mode ${newMode}`);
  else if (c.kind === 'delete') lines.push(`deleted file mode ${oldMode}`);
  else if (newMode !== oldMode) lines.push(`old mode ${oldMode}`, `new mode ${newMode}`);
  if (c.kind === 'rename') lines.push(`rename from ${quoteGitPath(oldPath)}`, `rename to ${quoteGitPath(c.path)}`);
  let head = lines.join('\n') + '\n';
  if (oldText === newText) return { diff: head, linesAdded: 0, linesRemoved: 0 };
  const patch = structuredPatch(oldPath, c.path, oldText, newText, undefined, undefined, { context: CONTEXT_LINES });
  let linesAdded = 0;
  let linesRemoved = 0;
  for (const h of patch.hunks) {
    for (const l of h.lines) {
      if (l[0] === '+') linesAdded++;
      else if (l[0] === '-') linesRemoved++;
    }
  }
  head += `--- ${c.kind === 'add' ? '/dev/null' : headerName(a)}\n+++ ${c.kind === 'delete' ? '/dev/null' : headerName(b)}\n`;
  return { diff: head + formatPatch(patch, OMIT_HEADERS), linesAdded, linesRemoved };
}

// git ends a ---/+++ name containing a space with a tab, so readers know where the name stops.
function headerName(quoted: string): string {
  return !quoted.startsWith('"') && quoted.includes(' ') ? quoted + '\t' : quoted;
}

/** Equal diffs, equal keys: the first 16 hex digits of the diff's sha256. */
export function patchKey(diff: string): string {
  return createHash('sha256').update(diff).digest('hex').slice(0, 16);
}
