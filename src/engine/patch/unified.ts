// Unified and git diffs as models write them: per-file sections with hunks recounted from their bodies.
import { parsePatch, type StructuredPatch } from 'diff';
import { headerPath, splitGitNames } from './gitpath';

export interface FileDiff {
  /** Path in the snapshot, prefix stripped; null for a new file. */
  oldPath: string | null;
  /** Path after the change, prefix stripped; null for a deleted file. */
  newPath: string | null;
  /** `guess`: plain ---/+++ headers name two different files without saying whether that is a rename. */
  kind: 'modify' | 'add' | 'delete' | 'rename' | 'copy' | 'guess';
  /** Mode from `new file mode` / `new mode`. */
  newMode?: string;
  binary: boolean;
  /** Hunks recounted, in jsdiff form. */
  patch: StructuredPatch;
  /** Hunk headers as the model wrote them, to name hunks in messages. */
  hunkHeaders: string[];
}

export type DiffParse = { ok: true; files: FileDiff[] } | { ok: false; reason: string };

interface RawHunk {
  header: string;
  lines: string[];
}

interface Section {
  gitNames?: [string, string];
  minus?: string;
  plus?: string;
  renameFrom?: string;
  renameTo?: string;
  copyFrom?: string;
  copyTo?: string;
  newFileMode?: string;
  deletedFile: boolean;
  newMode?: string;
  binary: boolean;
  hunks: RawHunk[];
}

const EXTENDED_HEADER = /^(new file mode|deleted file mode|old mode|new mode|rename from|rename to|copy from|copy to) (.+)$/;

export function parseUnifiedDiff(text: string): DiffParse {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const sections: Section[] = [];
  let cur: Section | undefined;
  const isFileHeader = (i: number) => lines[i]!.startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ ');
  for (let i = 0; i < lines.length; ) {
    const line = lines[i]!;
    if (line.startsWith('diff --git ')) {
      cur = newSection();
      cur.gitNames = splitGitNames(line.slice('diff --git '.length));
      sections.push(cur);
      i++;
    } else if (isFileHeader(i)) {
      if (!cur || cur.minus !== undefined || cur.hunks.length > 0 || cur.binary) sections.push((cur = newSection()));
      cur.minus = headerPath(line.slice(4));
      cur.plus = headerPath(lines[i + 1]!.slice(4));
      i += 2;
    } else if (line.startsWith('@@') || (cur?.minus !== undefined && cur.hunks.length === 0 && /^[-+ ]/.test(line) && line.trim() !== '')) {
      if (!cur) return { ok: false, reason: 'The diff has a hunk before any file header (--- a/path, +++ b/path), so its file is unknown.' };
      // A model may skip the @@ line altogether; the hunk then starts right after the file header.
      const headerless = !line.startsWith('@@');
      const end = hunkEnd(lines, headerless ? i : i + 1, isFileHeader);
      const body = lines.slice(headerless ? i : i + 1, end);
      while (body.length > 0 && body[body.length - 1] === '') body.pop();
      cur.hunks.push({ header: headerless ? '@@' : line, lines: body });
      i = end;
    } else if (cur && /^(GIT binary patch|Binary files .* differ)/.test(line)) {
      cur.binary = true;
      i++;
    } else if (cur && cur.minus === undefined && cur.hunks.length === 0 && EXTENDED_HEADER.test(line)) {
      readExtendedHeader(cur, line);
      i++;
    } else if (cur && cur.hunks.length > 0 && !cur.binary && /^[-+ ]/.test(line) && line.trim() !== '') {
      return { ok: false, reason: `The diff for ${sectionName(cur)} has a line outside any hunk (${JSON.stringify(line.slice(0, 60))}); check its @@ lines.` };
    } else {
      i++;
    }
  }
  const files: FileDiff[] = [];
  for (const s of sections) {
    const f = toFileDiff(s);
    if (typeof f === 'string') return { ok: false, reason: f };
    if (f) files.push(f);
  }
  return { ok: true, files };
}

function newSection(): Section {
  return { deletedFile: false, binary: false, hunks: [] };
}

function hunkEnd(lines: readonly string[], from: number, isFileHeader: (i: number) => boolean): number {
  let j = from;
  for (; j < lines.length; j++) {
    const l = lines[j]!;
    if (l.startsWith('@@') || l.startsWith('diff --git ') || isFileHeader(j)) break;
    // An empty line is a context line whose leading space was lost, which models and editors often do.
    if (l !== '' && !' +-\\'.includes(l[0]!)) break;
  }
  return j;
}

function readExtendedHeader(s: Section, line: string): void {
  const m = EXTENDED_HEADER.exec(line)!;
  const value = m[2]!.trim();
  switch (m[1]) {
    case 'new file mode': s.newFileMode = value; break;
    case 'deleted file mode': s.deletedFile = true; break;
    case 'new mode': s.newMode = value; break;
    case 'rename from': s.renameFrom = headerPath(value); break;
    case 'rename to': s.renameTo = headerPath(value); break;
    case 'copy from': s.copyFrom = headerPath(value); break;
    case 'copy to': s.copyTo = headerPath(value); break;
  }
}

function sectionName(s: Section): string {
  const names = resolveNames(s);
  return (names && (names.newPath ?? names.oldPath)) ?? 'a file';
}

const stripA = (p: string) => p.replace(/^a\//, '');
const stripB = (p: string) => p.replace(/^b\//, '');

function resolveNames(s: Section): { oldPath: string | null; newPath: string | null } | undefined {
  if (s.renameFrom !== undefined && s.renameTo !== undefined) return { oldPath: s.renameFrom, newPath: s.renameTo };
  if (s.copyFrom !== undefined && s.copyTo !== undefined) return { oldPath: s.copyFrom, newPath: s.copyTo };
  if (s.minus !== undefined && s.plus !== undefined) {
    const oldName = s.minus === '/dev/null' ? null : s.minus;
    const newName = s.plus === '/dev/null' ? null : s.plus;
    if (oldName === null && newName === null) return undefined;
    // Strip git's a/ b/ prefixes only when both sides carry them: `--- src/x` `+++ src/x` is a plain path.
    const prefixed = (oldName === null || oldName.startsWith('a/')) && (newName === null || newName.startsWith('b/'));
    return prefixed
      ? { oldPath: oldName && stripA(oldName), newPath: newName && stripB(newName) }
      : { oldPath: oldName, newPath: newName };
  }
  if (s.gitNames) return { oldPath: stripA(s.gitNames[0]), newPath: stripB(s.gitNames[1]) };
  return undefined;
}

function toFileDiff(s: Section): FileDiff | string | undefined {
  const names = resolveNames(s);
  if (!names) return 'A diff section names no file (it needs --- a/path and +++ b/path headers).';
  let { oldPath, newPath } = names;
  if (s.newFileMode !== undefined) oldPath = null;
  if (s.deletedFile) newPath = null;
  const kind: FileDiff['kind'] =
    oldPath === null ? 'add'
    : newPath === null ? 'delete'
    : s.renameFrom !== undefined ? 'rename'
    : s.copyFrom !== undefined ? 'copy'
    : oldPath !== newPath ? 'guess'
    : 'modify';
  const hasEffect = s.hunks.length > 0 || s.binary || kind !== 'modify' || s.newMode !== undefined || s.newFileMode !== undefined;
  if (!hasEffect) return undefined;
  const hunks = s.hunks.filter((h) => h.lines.some((l) => l === '' || ' +-'.includes(l[0]!)));
  const patch = toStructured(hunks, oldPath ?? '/dev/null', newPath ?? '/dev/null');
  if (typeof patch === 'string') return `The diff for ${newPath ?? oldPath} is malformed: ${patch}`;
  const newMode = s.newFileMode ?? s.newMode;
  return { oldPath, newPath, kind, binary: s.binary, patch, hunkHeaders: hunks.map((h) => h.header), ...(newMode ? { newMode } : {}) };
}

const HUNK_HEADER = /^@@+ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/** Rewrites every hunk header with counts taken from its body (models often miscount), then lets jsdiff parse it. */
function toStructured(hunks: readonly RawHunk[], oldName: string, newName: string): StructuredPatch | string {
  const out = [`--- ${oldName}`, `+++ ${newName}`];
  let nextOld = 1;
  let nextNew = 1;
  for (const h of hunks) {
    const body = h.lines.map((l) => (l === '' ? ' ' : l));
    const oldCount = body.filter((l) => l[0] === ' ' || l[0] === '-').length;
    const newCount = body.filter((l) => l[0] === ' ' || l[0] === '+').length;
    const m = HUNK_HEADER.exec(h.header);
    // Without line numbers, start where the previous hunk ended; applying searches the file from there.
    const oldStart = m ? Number(m[1]) : nextOld;
    const newStart = m ? Number(m[2]) : nextNew;
    nextOld = oldStart + oldCount;
    nextNew = newStart + newCount;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`, ...body);
  }
  try {
    const [patch] = parsePatch(out.join('\n') + '\n');
    return patch ?? 'it has no hunks';
  } catch (e) {
    return (e as Error).message;
  }
}
