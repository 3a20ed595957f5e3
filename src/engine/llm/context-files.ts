import { localImports } from './imports';
import { FileIndex, mentionedFiles } from './trace-paths';
import { shareBudget, trimContent } from './trim';

export interface ContextFileQuery {
  task: string;
  failureOutput: string;
  /** Absolute folders whose prefix must be stripped from paths in stack traces (worktree and workspace paths). */
  roots: string[];
  /** All workspace-relative files in the snapshot. */
  files: string[];
  read: (path: string) => Promise<string | null>;
  /** Test files are shown read-only. */
  isProtected: (path: string) => boolean;
  /** Default 8. */
  maxFiles?: number;
  /** Default 60 KB. */
  maxBytes?: number;
}

export interface ContextFile {
  path: string;
  content: string;
  readOnly: boolean;
}

/** A file trimmed below this is not worth its place. */
const MIN_USEFUL_BYTES = 1_500;

/**
 * Picks the files that matter, most relevant first: source files in failing stack traces, files
 * named in the task, source files the failing tests import, then the failing tests themselves
 * (read-only). Stack traces often name only the test file (the assertion is there), so the
 * test's own imports are how the code under test is found.
 */
export async function selectContextFiles(q: ContextFileQuery): Promise<ContextFile[]> {
  const index = new FileIndex(q.files);
  const mentions = mentionedFiles(q.failureOutput, q.roots, index);
  const read = cachedReader(q.read);
  const order = await rank(q, index, mentions.map((m) => m.path), read);
  const chosen: Array<{ path: string; content: string }> = [];
  for (const path of order) {
    if (chosen.length >= (q.maxFiles ?? 8)) break;
    const content = await read(path);
    if (content !== null && content.trim() !== '') chosen.push({ path, content });
  }
  const cited = new Map(mentions.map((m) => [m.path, m.lines]));
  return sourcesFirst(fit(chosen, q.maxBytes ?? 60_000, cited, q.isProtected));
}

/** Candidate paths, most relevant first. */
async function rank(q: ContextFileQuery, index: FileIndex, mentioned: string[], read: Reader): Promise<string[]> {
  const named = index.named(q.task);
  const stackSources = mentioned.filter((p) => !q.isProtected(p));
  const namedSources = named.filter((p) => !q.isProtected(p));
  const tests = unique([...mentioned, ...named].filter((p) => q.isProtected(p)));
  const imported: string[] = [];
  for (const from of [...tests, ...namedSources]) {
    const content = await read(from);
    if (content) imported.push(...localImports(from, content, index));
  }
  return unique([...stackSources, ...namedSources, ...imported.filter((p) => !q.isProtected(p)), ...tests]);
}

/** Small files stay whole; what they leave is shared by the big ones, cut around the lines the traces cite. */
function fit(
  chosen: Array<{ path: string; content: string }>,
  maxBytes: number,
  cited: Map<string, number[]>,
  isProtected: (path: string) => boolean,
): ContextFile[] {
  const sizes = chosen.map((c) => Buffer.byteLength(c.content, 'utf8'));
  const alloc = shareBudget(sizes, maxBytes);
  const out: ContextFile[] = [];
  chosen.forEach(({ path, content }, i) => {
    const room = alloc[i] ?? 0;
    const size = sizes[i] ?? 0;
    if (room < size && room < MIN_USEFUL_BYTES) return;
    out.push({ path, content: room >= size ? content : trimContent(content, room, cited.get(path) ?? []), readOnly: isProtected(path) });
  });
  return out;
}

type Reader = (path: string) => Promise<string | null>;

/** Reads each file once; binary and unreadable files read as null and are never shown to the model. */
function cachedReader(read: Reader): Reader {
  const cache = new Map<string, Promise<string | null>>();
  return (path) => {
    let hit = cache.get(path);
    if (!hit) {
      hit = read(path).then(
        (c) => (c === null || c.includes('\u0000') ? null : c),
        () => null,
      );
      cache.set(path, hit);
    }
    return hit;
  };
}

function unique(paths: string[]): string[] {
  return [...new Set(paths)];
}

/** Files the model may edit come before the read-only tests, each group in order of relevance. */
function sourcesFirst(files: ContextFile[]): ContextFile[] {
  return [...files.filter((f) => !f.readOnly), ...files.filter((f) => f.readOnly)];
}
