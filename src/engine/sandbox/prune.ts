// Cleans up after searches whose process died: their worktrees, folders and refs.
import { access, readdir, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureGit, git, splitZ } from './git';
import { existingRepoFolder, REF_NAMESPACE, repoKey } from './locations';
import { readOwner, searchAlive } from './owner';
import { isInside, listWorktreeRecords, removeWorktreesUnder } from './records';
import { detectRepo, resolveWorkspace, type RepoInfo } from './repo';
import { removeTree } from './fs-safe';

const exists = (p: string) => access(p).then(() => true, () => false);

/**
 * Removes leftovers of searches whose process died (worktrees, folders, refs/solve-with-search/*).
 * Searches of live processes, in this process or others, are left alone.
 */
export async function pruneLeftovers(
  workspace: string,
  opts: { gitBinary?: string } = {},
): Promise<{ worktrees: number; refs: number }> {
  await ensureGit(opts.gitBinary);
  const ws = await resolveWorkspace(workspace);
  const info = await detectRepo(ws, opts.gitBinary);
  const folder = await existingRepoFolder(repoKey(info.kind === 'git' ? info.commonDir : `folder:${ws}`));
  let worktrees = 0;
  if (folder) {
    worktrees += await removeDeadSearches(folder, info);
    if (info.kind === 'git') worktrees += await removeOrphanRecords(folder, info.commonDir);
    await rmdir(folder).catch(() => undefined);
  }
  const refs = info.kind === 'git' ? await removeOrphanRefs(folder, info, opts.gitBinary) : 0;
  return { worktrees, refs };
}

async function removeDeadSearches(folder: string, info: RepoInfo): Promise<number> {
  let removed = 0;
  for (const name of await readdir(folder).catch(() => [] as string[])) {
    const dir = join(folder, name);
    if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) continue;
    if (await searchAlive(dir)) continue;
    const owner = await readOwner(dir);
    const dirs = [dir, ...(owner?.extraDirs ?? [])];
    // A plain folder's private repository lives inside the search folder; so do its records.
    const commonDir = info.kind === 'git' ? info.commonDir : join(dir, 'git');
    removed += await removeWorktreesUnder(commonDir, dirs);
    await removeTree(dir);
    for (const extra of owner?.extraDirs ?? []) await rmdir(extra).catch(() => undefined);
  }
  return removed;
}

// Records pointing into our folder whose worktree is gone (the OS emptied its temp dir).
async function removeOrphanRecords(folder: string, commonDir: string): Promise<number> {
  let removed = 0;
  for (const rec of await listWorktreeRecords(commonDir)) {
    if (!isInside(folder, rec.path) || (await exists(rec.path))) continue;
    await removeTree(rec.adminDir);
    removed++;
  }
  return removed;
}

// A ref whose search folder is gone belongs to no live search: the folder is created
// before the ref and removed after it.
async function removeOrphanRefs(folder: string | null, info: Extract<RepoInfo, { kind: 'git' }>, gitBinary?: string): Promise<number> {
  const cwd = info.repoRoot;
  const out = await git(['for-each-ref', '--format=%(refname)%00', REF_NAMESPACE], { cwd, gitBinary });
  let removed = 0;
  for (const line of splitZ(out)) {
    const ref = line.trim();
    if (!ref.startsWith(REF_NAMESPACE)) continue;
    const searchId = ref.slice(REF_NAMESPACE.length);
    if (folder && (await exists(join(folder, searchId)))) continue;
    await git(['update-ref', '-d', ref], { cwd, gitBinary });
    removed++;
  }
  return removed;
}
