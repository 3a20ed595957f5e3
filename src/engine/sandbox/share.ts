// Dependency folders shared into every worktree as symlinks, so no worktree reinstalls them.
import { lstat, mkdir, stat, symlink, realpath } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { git, splitZ } from './git';

/**
 * Installed dependencies that tests read but do not build into: sharing them is safe and
 * saves a reinstall per worktree.
 * - node_modules, bower_components: npm/yarn/pnpm/bower installs.
 * - .venv, venv: Python virtual environments (the interpreter path inside is absolute, so a link works).
 * - vendor: Composer and Bundler installs (Go's vendor is tracked, so it is in the snapshot, not linked).
 * Left out on purpose: target/, build/, .gradle/, .tox/ — they are build output or caches that
 * test runs write to, and parallel runs writing one shared folder would race.
 */
export const DEFAULT_SHARE_DIRS: string[] = ['node_modules', 'bower_components', '.venv', 'venv', 'vendor'];

/** Junk a plain folder's private repository ignores, besides the shared dependency folders. */
export const TEMPORARY_REPO_EXCLUDES = [
  '.DS_Store',
  'Thumbs.db',
  '__pycache__/',
  '*.pyc',
  '.pytest_cache/',
  '.mypy_cache/',
  '.ruff_cache/',
  '.cache/',
  '.idea/',
  '*.swp',
];

/**
 * Repo-relative POSIX paths of ignored folders named in `names`, outermost only.
 * `ls-files --directory` reports an ignored folder without its content, so even a huge
 * node_modules costs one entry.
 */
export async function findSharedDirs(
  names: readonly string[],
  git_: { cwd: string; gitBinary?: string | undefined; args: string[] },
): Promise<string[]> {
  if (names.length === 0) return [];
  const wanted = new Set(names);
  const out = await git([...git_.args, 'ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory'], {
    cwd: git_.cwd,
    gitBinary: git_.gitBinary,
  });
  const found: string[] = [];
  for (const entry of splitZ(out).sort()) {
    const path = entry.endsWith('/') ? entry.slice(0, -1) : entry;
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (!wanted.has(name)) continue;
    if (found.some((f) => path.startsWith(f + '/'))) continue;
    found.push(path);
  }
  return found;
}

/** Links `source/rel` into `root/rel`; an existing entry in the worktree is left alone. */
export async function linkSharedDir(sourceRoot: string, root: string, rel: string): Promise<boolean> {
  const target = join(root, ...rel.split('/'));
  try {
    await lstat(target);
    return false;
  } catch {
    // Absent: link it.
  }
  const source = await realpath(join(sourceRoot, ...rel.split('/')));
  if (!(await stat(source)).isDirectory()) return false;
  await mkdir(dirname(target), { recursive: true });
  // Junctions need no admin rights on Windows; elsewhere the type argument is ignored.
  await symlink(source, target, 'junction');
  return true;
}
