// git's records of linked worktrees (<common dir>/worktrees/<name>), handled one by one.
//
// `git worktree prune` would also drop the records of the user's own worktrees whose folder
// is only missing for now (an unmounted drive), so cleanup removes only records that point
// into our own folders.
import { readdir, readFile, realpath } from 'node:fs/promises';
import { dirname, join, relative, isAbsolute } from 'node:path';
import { removeTree } from './fs-safe';

export interface WorktreeRecord {
  /** <common dir>/worktrees/<name> */
  adminDir: string;
  /** The worktree folder the record points at (it may no longer exist). */
  path: string;
}

export async function listWorktreeRecords(commonDir: string): Promise<WorktreeRecord[]> {
  const base = join(commonDir, 'worktrees');
  const names = await readdir(base).catch(() => [] as string[]);
  const out: WorktreeRecord[] = [];
  for (const name of names) {
    const adminDir = join(base, name);
    try {
      const gitFile = (await readFile(join(adminDir, 'gitdir'), 'utf8')).trim();
      out.push({ adminDir, path: dirname(gitFile) });
    } catch {
      // Not a record (or half-written by a concurrent `git worktree add`): not ours to judge.
    }
  }
  return out;
}

export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

async function canonical(path: string): Promise<string> {
  return realpath(path).catch(() => path);
}

/** Removes worktrees (folder and record) located inside any of `dirs`. Returns how many records went. */
export async function removeWorktreesUnder(commonDir: string, dirs: string[]): Promise<number> {
  if (dirs.length === 0) return 0;
  const roots = await Promise.all(dirs.map(canonical));
  let removed = 0;
  for (const rec of await listWorktreeRecords(commonDir)) {
    const path = await canonical(rec.path);
    if (!roots.some((r) => isInside(r, path))) continue;
    await removeTree(path);
    await removeTree(rec.adminDir);
    removed++;
  }
  return removed;
}
