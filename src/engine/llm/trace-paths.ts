import { posix } from 'node:path';

/** A workspace file named in test output, with the line numbers cited for it. */
export interface PathMention {
  path: string;
  lines: number[];
}

// Python: File "/abs/pkg/mod.py", line 12
const PYTHON_FRAME = /File "([^"\n]+)", line (\d+)/g;
// Anything path-shaped with an extension, optionally file:// and :line(:col). Windows drive letters allowed.
const PATH_TOKEN = /(?:file:\/\/)?((?:[A-Za-z]:[\\/])?[^\s:'"`()<>[\]{},;=|*?!]+\.[A-Za-z][A-Za-z0-9]{0,9})(?::(\d+))?/g;

/**
 * Index of workspace files by base name, to resolve paths that are written relative to
 * another folder (a package's own folder in a monorepo) or absolute under an unknown root.
 */
export class FileIndex {
  readonly all: ReadonlySet<string>;
  private readonly byBase = new Map<string, string[]>();

  constructor(files: Iterable<string>) {
    this.all = new Set(files);
    for (const f of this.all) {
      const base = posix.basename(f);
      const list = this.byBase.get(base);
      if (list) list.push(f);
      else this.byBase.set(base, [f]);
    }
  }

  /** The workspace file `raw` names, after stripping `roots`, or undefined. */
  resolve(raw: string, roots: string[]): string | undefined {
    const p = normalizeRaw(raw, roots);
    // Library frames are never the code to fix, even when a vendored copy is committed.
    if (!p || /(^|\/)(node_modules|site-packages|dist-packages)\//.test(p)) return undefined;
    if (this.all.has(p)) return p;
    const same = this.byBase.get(posix.basename(p)) ?? [];
    if (p.startsWith('/')) {
      // Absolute but outside the known roots (a symlinked temp dir, a container mount): take the
      // longest workspace path it ends with, if that path has a folder in it.
      const hits = same.filter((f) => f.includes('/') && p.endsWith('/' + f));
      return hits.sort((a, b) => b.length - a.length)[0];
    }
    const hits = same.filter((f) => f.endsWith('/' + p));
    return hits.length === 1 ? hits[0] : undefined;
  }

  /** Files whose name (e.g. "range.js") or path is written in free text, such as a task. */
  named(text: string): string[] {
    const out: string[] = [];
    for (const m of text.matchAll(PATH_TOKEN)) {
      const raw = m[1] ?? '';
      const found = this.resolve(raw, []) ?? this.uniqueBase(raw);
      if (found && !out.includes(found)) out.push(found);
    }
    return out;
  }

  private uniqueBase(raw: string): string | undefined {
    if (raw.includes('/')) return undefined;
    const list = this.byBase.get(raw);
    return list && list.length === 1 ? list[0] : undefined;
  }
}

function normalizeRaw(raw: string, roots: string[]): string | undefined {
  let p = raw;
  if (p.startsWith('file://')) p = p.slice('file://'.length);
  try {
    p = decodeURI(p);
  } catch {
    // Not URI-encoded after all.
  }
  p = p.replace(/\\/g, '/');
  if (/^\/[A-Za-z]:\//.test(p)) p = p.slice(1); // file:///C:/...
  for (const root of roots) {
    const r = root.replace(/\\/g, '/').replace(/\/+$/, '');
    if (r && (p.startsWith(r + '/') || p.toLowerCase().startsWith(r.toLowerCase() + '/'))) {
      p = p.slice(r.length + 1);
      break;
    }
  }
  if (/^[A-Za-z]:\//.test(p)) return undefined;
  while (p.startsWith('./')) p = p.slice(2);
  if (!p.startsWith('/')) {
    p = posix.normalize(p);
    if (p.startsWith('../') || p === '..') return undefined;
  }
  return p;
}

/** Workspace files named in test output, in order of first mention, with the lines cited. */
export function mentionedFiles(output: string, roots: string[], index: FileIndex): PathMention[] {
  const found = new Map<string, PathMention>();
  const note = (raw: string, line: string | undefined, at: number, hits: Array<{ at: number; path: string; line?: number }>) => {
    const path = index.resolve(raw, roots);
    if (path) hits.push({ at, path, ...(line ? { line: Number(line) } : {}) });
  };
  const hits: Array<{ at: number; path: string; line?: number }> = [];
  for (const m of output.matchAll(PYTHON_FRAME)) note(m[1] ?? '', m[2], m.index ?? 0, hits);
  for (const m of output.matchAll(PATH_TOKEN)) note(m[1] ?? '', m[2], m.index ?? 0, hits);
  hits.sort((a, b) => a.at - b.at);
  for (const h of hits) {
    const entry = found.get(h.path) ?? { path: h.path, lines: [] };
    found.set(h.path, entry);
    if (h.line !== undefined && !entry.lines.includes(h.line)) entry.lines.push(h.line);
  }
  return [...found.values()];
}
