// One sandbox: a detached git worktree of the snapshot where a candidate is written and tested.
import { lstat, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileChange } from '../types';
import { git } from './git';
import { removeTree, resolveInside, UnsafePathError, unlinkIfPresent, writeNoFollow } from './fs-safe';
import { linkSharedDir } from './share';
import type { Snapshot } from './snapshot';

export interface Worktree {
  readonly id: number;
  /** Worktree top folder. */
  readonly root: string;
  /** root + prefix: where the test command runs. */
  readonly cwd: string;
  /** Brings the worktree back to the snapshot exactly (tracked files restored, untracked and ignored files removed, shared dependency links kept). */
  reset(): Promise<void>;
  /** Writes a candidate's changes (refuses to write through a symlink or outside the worktree). */
  write(changes: FileChange[]): Promise<void>;
}

function gitSafetyConfig(snap: Snapshot): string[] {
  return [
    // Hooks of the user's repository must not run on our checkouts: a nonexistent hooks folder disables them.
    '-c', `core.hooksPath=${join(snap.searchDir, 'no-hooks')}`,
    // An fsmonitor daemon per throwaway worktree would outlive it.
    '-c', 'core.fsmonitor=false',
    '-c', 'gc.auto=0',
  ];
}

// -e takes gitignore patterns: a folder literally named `[x]` or `*` must not match others.
function ignorePattern(rel: string): string {
  return rel.replace(/[\\*?[\]!#]/g, '\\$&');
}

function fileMode(mode: string | undefined, existing: number | null): number {
  if (mode === '100755') return 0o755;
  if (mode === '100644') return 0o644;
  return existing ?? 0o644;
}

export class SandboxWorktree implements Worktree {
  readonly cwd: string;
  private adminDir = '';
  private gitFile = '';

  private constructor(
    private readonly snap: Snapshot,
    readonly id: number,
    readonly root: string,
    /** Repo-relative shared dependency folders linked into the worktree. */
    private readonly shared: readonly string[],
  ) {
    this.cwd = snap.prefix ? join(root, ...snap.prefix.slice(0, -1).split('/')) : root;
  }

  static async create(snap: Snapshot, id: number, root: string, shared: readonly string[]): Promise<SandboxWorktree> {
    const wt = new SandboxWorktree(snap, id, root, shared);
    await wt.checkout();
    return wt;
  }

  private async checkout(): Promise<void> {
    const repoArgs = this.snap.temporaryRepo ? ['--git-dir', this.snap.gitDir] : [];
    const cwd = this.snap.temporaryRepo ? this.snap.searchDir : this.snap.repoRoot;
    // --detach: a worktree on a branch would show up in the user's branch list and block that branch elsewhere.
    // If this fails nothing was created, and `root` (which may already exist) is not ours to remove.
    await git([...repoArgs, ...gitSafetyConfig(this.snap), 'worktree', 'add', '--detach', this.root, this.snap.commit], {
      cwd,
      gitBinary: this.snap.gitBinary,
    });
    try {
      this.gitFile = await readFile(join(this.root, '.git'), 'utf8');
      const m = /^gitdir: (.*)$/m.exec(this.gitFile);
      if (!m?.[1]) throw new Error(`git worktree add left no usable .git file in ${this.root}`);
      this.adminDir = m[1].trim();
      await this.linkShared();
    } catch (err) {
      await this.remove().catch(() => undefined);
      throw err;
    }
  }

  private async linkShared(): Promise<void> {
    for (const rel of this.shared) await linkSharedDir(this.snap.repoRoot, this.root, rel);
  }

  /** Git pinned to this worktree: a test run that rewrites or deletes `.git` cannot redirect it. */
  private git(args: string[]): Promise<string> {
    return git(['--git-dir', this.adminDir, '--work-tree', this.root, ...gitSafetyConfig(this.snap), ...args], {
      cwd: this.root,
      gitBinary: this.snap.gitBinary,
    });
  }

  async reset(): Promise<void> {
    try {
      await this.restoreGitFile();
      await this.git(['reset', '-q', '--hard', this.snap.commit]);
      // -ff also removes nested repositories a test may have created; -x removes ignored
      // build output; -e keeps our dependency links.
      await this.git(['clean', '-ffdqx', ...this.shared.flatMap((rel) => ['-e', `/${ignorePattern(rel)}`])]);
      await this.restoreLinks();
    } catch {
      // A run can leave what reset cannot undo (index.lock of a killed git, read-only folders): start over.
      await this.rebuild();
    }
  }

  private async restoreGitFile(): Promise<void> {
    const path = join(this.root, '.git');
    const current = await readFile(path, 'utf8').catch(() => null);
    if (current === this.gitFile) return;
    await removeTree(path);
    await writeFile(path, this.gitFile);
  }

  private async restoreLinks(): Promise<void> {
    for (const rel of this.shared) {
      const path = join(this.root, ...rel.split('/'));
      const st = await lstat(path).catch(() => null);
      if (st?.isSymbolicLink()) continue;
      if (st) await removeTree(path);
      await linkSharedDir(this.snap.repoRoot, this.root, rel);
    }
  }

  private async rebuild(): Promise<void> {
    await this.remove();
    await this.checkout();
  }

  async write(changes: FileChange[]): Promise<void> {
    for (const change of changes) {
      if (change.mode === '120000') throw new UnsafePathError(`Refusing to create ${change.path} as a symbolic link.`);
      if (change.kind === 'rename' && change.oldPath !== undefined) {
        await unlinkIfPresent(await resolveInside(this.root, this.snap.prefix + change.oldPath, false));
      }
      const target = await resolveInside(this.root, this.snap.prefix + change.path, change.kind !== 'delete');
      if (change.kind === 'delete' || change.content === null) {
        await unlinkIfPresent(target);
        continue;
      }
      const existing = await stat(target).then((s) => s.mode & 0o777, () => null);
      await writeNoFollow(target, Buffer.from(change.content, 'utf8'), fileMode(change.mode, existing));
    }
  }

  /** Removes the folder and git's record of it. Links are unlinked, never followed. */
  async remove(): Promise<void> {
    for (const rel of this.shared) await unlinkIfPresent(join(this.root, ...rel.split('/'))).catch(() => undefined);
    const repoArgs = this.snap.temporaryRepo ? ['--git-dir', this.snap.gitDir] : [];
    const cwd = this.snap.temporaryRepo ? this.snap.searchDir : this.snap.repoRoot;
    try {
      await git([...repoArgs, 'worktree', 'remove', '--force', '--force', this.root], { cwd, gitBinary: this.snap.gitBinary });
    } catch {
      // Folder already gone or not removable by git: remove both halves by hand.
      await removeTree(this.root);
      if (this.adminDir) await removeTree(this.adminDir);
    }
  }
}
