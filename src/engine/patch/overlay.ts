import type { FileChange } from '../types';
import type { BaseReader } from './types';

/** The snapshot as a candidate left it: reads see the candidate's changes over the base. */
export function overlayReader(base: BaseReader, changes: readonly FileChange[]): BaseReader {
  const byPath = new Map<string, FileChange | null>();
  for (const c of changes) {
    if (c.kind === 'rename' && c.oldPath) byPath.set(c.oldPath, null);
    byPath.set(c.path, c.kind === 'delete' ? null : c);
  }
  return {
    symlinks: base.symlinks,
    async read(path) {
      if (!byPath.has(path)) return base.read(path);
      const c = byPath.get(path);
      if (!c || c.content === null) return null;
      const prior = await base.read(c.oldPath ?? path);
      return { content: c.content, mode: c.mode ?? prior?.mode ?? '100644', binary: false };
    },
  };
}

/** Changes of `first` followed by `second`, as one set against the base (later wins per path). */
export function composeChanges(first: readonly FileChange[], second: readonly FileChange[]): FileChange[] {
  const out = new Map<string, FileChange>();
  for (const c of first) out.set(c.path, c);
  for (const c of second) {
    const prev = out.get(c.oldPath ?? c.path);
    if (!prev) {
      out.set(c.path, c);
      continue;
    }
    if (c.oldPath) out.delete(c.oldPath);
    if (prev.kind === 'add') {
      // A file that did not exist in the base stays an add, or disappears when deleted again.
      if (c.kind !== 'delete') out.set(c.path, { path: c.path, kind: 'add', content: c.content, ...(c.mode ? { mode: c.mode } : {}) });
      else out.delete(c.path);
      continue;
    }
    // Where the file was in the base: a rename in the first set remembers it.
    const origin = prev.kind === 'rename' ? prev.oldPath : undefined;
    if (c.kind === 'delete') {
      out.delete(c.path);
      out.set(origin ?? c.path, { path: origin ?? c.path, kind: 'delete', content: null });
    } else if (origin && origin !== c.path) {
      out.set(c.path, { ...c, kind: 'rename', oldPath: origin });
    } else {
      const { oldPath: _drop, ...rest } = c;
      out.set(c.path, { ...rest, kind: 'modify' });
    }
  }
  return [...out.values()];
}
