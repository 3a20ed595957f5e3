// The snapshot: the workspace as it is now, committed to a private ref without touching the
// user's index, working tree, branches or stash.
import { copyFile, mkdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UserError } from '../types';
import { ensureGit, git, splitZ } from './git';
import { checkSearchId, repoFolder, repoKey, searchRef } from './locations';
import { currentOwner, writeOwner } from './owner';
import { removeWorktreesUnder } from './records';
import { detectRepo, resolveWorkspace, type RepoInfo } from './repo';
import { DEFAULT_SHARE_DIRS, TEMPORARY_REPO_EXCLUDES } from './share';
import { removeTree } from './fs-safe';

export interface Snapshot {
  searchId: string;
  /** Absolute realpath of the folder the user works in. */
  workspace: string;
  /** Toplevel of the repository (equals workspace unless the workspace is a subfolder). */
  repoRoot: string;
  /** Workspace relative to repoRoot, POSIX, '' or 'packages/a/'. */
  prefix: string;
  /** The repository's git dir (or the private one for a non-git folder). */
  gitDir: string;
  /** Git dir shared by all worktrees of the repository: refs and worktree records live here. */
  commonDir: string;
  commit: string;
  /** `refs/solve-with-search/<searchId>`, keeping the commit alive for the search. */
  ref: string;
  temporaryRepo: boolean;
  /** Number of files in the snapshot under the workspace. */
  files: number;
  /** The search's private folder: owner.json, the private git dir, default worktrees. */
  searchDir: string;
  gitBinary?: string;
}

// A fixed identity: the user may have none configured, and the commit is never shown as theirs.
const SNAPSHOT_IDENTITY = {
  GIT_AUTHOR_NAME: 'Solve with Search',
  GIT_AUTHOR_EMAIL: 'solve-with-search@localhost',
  GIT_COMMITTER_NAME: 'Solve with Search',
  GIT_COMMITTER_EMAIL: 'solve-with-search@localhost',
};

/** Arguments and cwd that point git at the snapshot's repository. */
export function repoGit(snap: Pick<Snapshot, 'temporaryRepo' | 'gitDir' | 'workspace' | 'repoRoot'>) {
  return snap.temporaryRepo
    ? { cwd: snap.workspace, args: ['--git-dir', snap.gitDir, '--work-tree', snap.workspace] }
    : { cwd: snap.repoRoot, args: [] as string[] };
}

/** Captures the workspace as it is now (tracked changes + untracked-not-ignored files). */
export async function takeSnapshot(workspace: string, opts: { searchId: string; gitBinary?: string }): Promise<Snapshot> {
  checkSearchId(opts.searchId);
  const gitBinary = opts.gitBinary;
  await ensureGit(gitBinary);
  const ws = await resolveWorkspace(workspace);
  const info = await detectRepo(ws, gitBinary);
  const key = repoKey(info.kind === 'git' ? info.commonDir : `folder:${ws}`);
  const searchDir = await createSearchDir(await repoFolder(key), opts.searchId);
  try {
    await writeOwner(searchDir, await currentOwner());
    const snap =
      info.kind === 'git'
        ? await snapshotRepo(info, searchDir, opts.searchId, gitBinary)
        : await snapshotFolder(ws, searchDir, opts.searchId, gitBinary);
    if (gitBinary) snap.gitBinary = gitBinary;
    snap.files = (await listSnapshotFiles(snap)).length;
    return snap;
  } catch (err) {
    await removeTree(searchDir).catch(() => undefined);
    throw err;
  }
}

async function createSearchDir(parent: string, searchId: string): Promise<string> {
  const dir = join(parent, searchId);
  for (let attempt = 0; ; attempt++) {
    await mkdir(parent, { recursive: true, mode: 0o700 });
    try {
      // Non-recursive on purpose: an existing folder means the id is taken by another search.
      await mkdir(dir, { mode: 0o700 });
      return dir;
    } catch (err) {
      // Another search may have removed the (then empty) parent between the two calls.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 3) throw err;
    }
  }
}

async function snapshotRepo(
  info: Extract<RepoInfo, { kind: 'git' }>,
  searchDir: string,
  searchId: string,
  gitBinary?: string,
): Promise<Snapshot> {
  const cwd = info.repoRoot;
  // A copy of the user's index keeps git's stat cache, so `add -A` re-hashes only changed files;
  // the user's own index is never written.
  const index = join(searchDir, 'index');
  try {
    await copyFile(info.indexFile, index);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const env = { GIT_INDEX_FILE: index };
  try {
    // A split index would write a sharedindex file into the user's .git; a plain index stays in our copy.
    await git(['-c', 'core.splitIndex=false', '-c', 'advice.addEmbeddedRepo=false', 'add', '-A'], { cwd, env, gitBinary });
    const tree = (await git(['write-tree'], { cwd, env, gitBinary })).trim();
    const head = (await git(['rev-parse', '-q', '--verify', 'HEAD^{commit}'], { cwd, gitBinary, okCodes: [1] })).trim();
    const commit = await commitTree(tree, head || null, searchId, { cwd, args: [] }, gitBinary);
    const ref = searchRef(searchId);
    await git(['update-ref', ref, commit, ''], { cwd, gitBinary });
    return {
      searchId,
      workspace: info.workspace,
      repoRoot: info.repoRoot,
      prefix: info.prefix,
      gitDir: info.gitDir,
      commonDir: info.commonDir,
      commit,
      ref,
      temporaryRepo: false,
      files: 0,
      searchDir,
    };
  } finally {
    await rm(index, { force: true });
  }
}

async function commitTree(tree: string, parent: string | null, searchId: string, at: { cwd: string; args: string[] }, gitBinary?: string) {
  const args = [...at.args, '-c', 'commit.gpgSign=false', 'commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', `Solve with Search snapshot ${searchId}`];
  return (await git(args, { cwd: at.cwd, env: SNAPSHOT_IDENTITY, gitBinary })).trim();
}

/** A plain folder: a private git dir outside the workspace, so nothing appears in the user's folder. */
async function snapshotFolder(ws: string, searchDir: string, searchId: string, gitBinary?: string): Promise<Snapshot> {
  const gitDir = join(searchDir, 'git');
  await git(['init', '-q', '--bare', gitDir], { cwd: searchDir, gitBinary });
  const at = { cwd: ws, args: ['--git-dir', gitDir, '--work-tree', ws] };
  // Bytes in, bytes out: a system-wide autocrlf (Git for Windows) would rewrite line endings.
  for (const [k, v] of [['core.autocrlf', 'false'], ['core.safecrlf', 'false'], ['gc.auto', '0']] as const) {
    await git(['--git-dir', gitDir, 'config', k, v], { cwd: searchDir, gitBinary });
  }
  const excludes = [...DEFAULT_SHARE_DIRS.map((d) => `${d}/`), ...TEMPORARY_REPO_EXCLUDES];
  await mkdir(join(gitDir, 'info'), { recursive: true });
  await writeFile(join(gitDir, 'info', 'exclude'), excludes.join('\n') + '\n');
  await checkFolderSize(ws, at.args, gitBinary);
  await git([...at.args, '-c', 'advice.addEmbeddedRepo=false', 'add', '-A'], { cwd: ws, gitBinary });
  const tree = (await git([...at.args, 'write-tree'], { cwd: ws, gitBinary })).trim();
  const commit = await commitTree(tree, null, searchId, at, gitBinary);
  const ref = searchRef(searchId);
  await git([...at.args, 'update-ref', ref, commit, ''], { cwd: ws, gitBinary });
  return {
    searchId,
    workspace: ws,
    repoRoot: ws,
    prefix: '',
    gitDir,
    commonDir: gitDir,
    commit,
    ref,
    temporaryRepo: true,
    files: 0,
    searchDir,
  };
}

// Without a .gitignore a plain folder can be a home directory or a data dump; hashing all of it
// into a throwaway repository would take minutes and gigabytes.
const MAX_PLAIN_FOLDER_FILES = 100_000;

async function checkFolderSize(ws: string, args: string[], gitBinary?: string): Promise<void> {
  const out = await git([...args, 'ls-files', '-z', '--others', '--exclude-standard'], { cwd: ws, gitBinary });
  const count = splitZ(out).length;
  if (count > MAX_PLAIN_FOLDER_FILES) {
    throw new UserError(
      `${ws} is not a git repository and holds ${count} files. Open the project's own folder, or run \`git init\` there and add a .gitignore for generated files.`,
    );
  }
}

export interface TreeEntry {
  mode: string;
  oid: string;
  /** Repo-relative path. */
  path: string;
}

/** Every blob and link of the snapshot commit, repo-relative. */
export async function snapshotEntries(snap: Snapshot): Promise<TreeEntry[]> {
  return listTree(snap, ['-r']);
}

/** One repo-relative path's entry in the snapshot (a folder's when the path is a folder), or undefined. */
export async function snapshotEntry(snap: Snapshot, path: string): Promise<TreeEntry | undefined> {
  return (await listTree(snap, [], path))[0];
}

async function listTree(snap: Snapshot, flags: string[], path?: string): Promise<TreeEntry[]> {
  const at = repoGit(snap);
  const args = [...at.args, 'ls-tree', ...flags, '-z', '--full-tree', snap.commit, ...(path === undefined ? [] : ['--', path])];
  const out = await git(args, { cwd: at.cwd, gitBinary: snap.gitBinary });
  const entries: TreeEntry[] = [];
  for (const rec of splitZ(out)) {
    const tab = rec.indexOf('\t');
    const [mode, , oid] = rec.slice(0, tab).split(' ');
    if (!mode || !oid) continue;
    entries.push({ mode, oid, path: rec.slice(tab + 1) });
  }
  return entries;
}

/** Workspace-relative paths of the snapshot's files (submodule links left out). */
export async function listSnapshotFiles(snap: Snapshot): Promise<string[]> {
  return (await snapshotEntries(snap))
    .filter((e) => e.mode !== '160000' && e.path.startsWith(snap.prefix))
    .map((e) => e.path.slice(snap.prefix.length));
}

/** Workspace-relative paths of submodules: worktrees do not check them out, so their folders are empty there. */
export async function listSubmodules(snap: Snapshot): Promise<string[]> {
  return (await snapshotEntries(snap))
    .filter((e) => e.mode === '160000' && e.path.startsWith(snap.prefix))
    .map((e) => e.path.slice(snap.prefix.length));
}

/** Deletes the ref and the search's private folder (the private git dir for temporary repos). */
export async function releaseSnapshot(snap: Snapshot): Promise<void> {
  if (!snap.temporaryRepo) {
    const at = repoGit(snap);
    await git([...at.args, 'update-ref', '-d', snap.ref], { cwd: at.cwd, gitBinary: snap.gitBinary }).catch(() => undefined);
    // Worktrees of a pool that was never disposed would otherwise stay registered.
    await removeWorktreesUnder(snap.commonDir, [snap.searchDir]);
  }
  await removeTree(snap.searchDir);
  // The repository's folder goes when its last search does.
  await rmdir(dirname(snap.searchDir)).catch(() => undefined);
}
