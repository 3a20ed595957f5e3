// Finds the repository a workspace belongs to, without changing anything.
import { realpath, stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { UserError } from '../types';
import { git, GitError } from './git';

export type RepoInfo =
  | {
      kind: 'git';
      workspace: string;
      repoRoot: string;
      /** Workspace relative to repoRoot, POSIX, '' or 'packages/a/'. */
      prefix: string;
      gitDir: string;
      /** Shared by all worktrees of the repository: refs, objects and worktree records live here. */
      commonDir: string;
      indexFile: string;
    }
  | { kind: 'none'; workspace: string };

export async function resolveWorkspace(workspace: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(workspace);
  } catch {
    throw new UserError(`The folder ${workspace} does not exist. Open an existing folder and try again.`);
  }
  if (!(await stat(real)).isDirectory()) {
    throw new UserError(`${workspace} is a file, not a folder. Open the folder that holds your project.`);
  }
  return real;
}

function notARepository(err: unknown): boolean {
  return err instanceof GitError && err.exitCode === 128 && /not a git repository/i.test(err.stderr);
}

/** Describes the repository around `workspace` (already a realpath), or `none` for a plain folder. */
export async function detectRepo(workspace: string, gitBinary?: string): Promise<RepoInfo> {
  let out: string;
  try {
    out = await git(
      ['rev-parse', '--is-bare-repository', '--is-inside-git-dir', '--absolute-git-dir', '--git-common-dir', '--git-path', 'index'],
      { cwd: workspace, gitBinary },
    );
  } catch (err) {
    if (notARepository(err)) return { kind: 'none', workspace };
    throw err;
  }
  const [bare, insideGitDir, gitDir, commonDir, indexFile] = out.split('\n');
  if (bare === 'true') {
    throw new UserError(`${workspace} is a bare repository; open a folder with a working tree.`);
  }
  if (insideGitDir === 'true' || !gitDir || !commonDir || !indexFile) {
    throw new UserError(`${workspace} is inside a .git folder; open the project folder instead.`);
  }
  const top = (await git(['rev-parse', '--show-toplevel'], { cwd: workspace, gitBinary })).trim();
  const repoRoot = await realpath(top);
  const rel = relative(repoRoot, workspace);
  const prefix = rel === '' ? '' : rel.split(sep).join('/') + '/';
  return {
    kind: 'git',
    workspace,
    repoRoot,
    prefix,
    gitDir: await realpath(gitDir),
    commonDir: await realpath(resolve(workspace, commonDir)),
    indexFile: resolve(workspace, indexFile),
  };
}
