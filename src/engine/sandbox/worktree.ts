// One sandbox: a detached git worktree of the snapshot where a candidate is written and tested.
import { lstat, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileChange } from '../types';
import { git } from './git';
import { removeTree, resolveInside, UnsafePathError, unlinkIfPresent, writeNoFollow } from './fs-safe';
import { gitStateStamp, originalFile, parseScan, removeUntracked, restoreTracked, SCAN_ARGS, scannedFiles, worthTargeting, type WorktreeScan } from './restore';
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
  /**
   * Root-relative paths created or changed since the last reset: untracked, ignored and modified
   * files (dependency links left out). Called after a run, it also lets the next reset undo just
   * those changes instead of walking the whole tree again.
   */
  changedFiles(): Promise<string[]>;
}

function gitSafetyConfig(snap: Snapshot): string[] {
  return [
    // Hooks of the user's repository must not run on our checkouts: a nonexistent hooks folder disables them.
    '-c', `core.hooksPath=${join(snap.searchDir, 'no-hooks')}`,
    // An fsmonitor daemon per throwaway worktree would outlive it.
    '-c', 'core.fsmonitor=false',
    '-c', 'gc.auto=0',
    // Parallel checkout: writing a large checkout is I/O-bound, and on a 50,000-file repository
    // one worker per core made `worktree add` 2-4x faster (bench/worktrees-50k.ts). Changes
    // under git's threshold of 100 files are still written by one process.
    '-c', 'checkout.workers=0',
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
  /** What the last scan after a run found; the next reset undoes only that. Null: unknown, reset fully. */
  private scan: WorktreeScan | null = null;
  /** Index and HEAD as the last reset left them. */
  private stamp = '';
  /**
   * When the last bulk write of files (checkout, full reset, many restores) ended, or null once
   * the index has been refreshed after it. Git re-reads every file whose mtime is not older than
   * the index ("racily clean"); right after a checkout that is all of them, which doubled the
   * scan after each run on 10,000 files. One refresh a second later makes the stat data trusted.
   */
  private bulkWriteAt: number | null = Date.now();

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
  private git(args: string[], input?: string): Promise<string> {
    return git(['--git-dir', this.adminDir, '--work-tree', this.root, ...gitSafetyConfig(this.snap), ...args], {
      cwd: this.root,
      gitBinary: this.snap.gitBinary,
      ...(input !== undefined ? { input } : {}),
    });
  }

  async reset(): Promise<void> {
    const scan = this.scan;
    this.scan = null;
    try {
      const repaired = await this.restoreGitFile();
      const targeted = scan && !repaired && worthTargeting(scan) && (await gitStateStamp(this.adminDir)) === this.stamp;
      // Anything unexpected on the targeted path (a link where a folder was) falls back to the full reset.
      if (!targeted || !(await this.undo(scan).then(() => true, () => false))) await this.fullReset();
      await this.restoreLinks();
      await this.settleIndex();
      this.stamp = await gitStateStamp(this.adminDir);
    } catch {
      // A run can leave what reset cannot undo (index.lock of a killed git, read-only folders): start over.
      await this.rebuild();
    }
  }

  private async fullReset(): Promise<void> {
    await this.git(['reset', '-q', '--hard', this.snap.commit]);
    // -ff also removes nested repositories a test may have created; -x removes ignored
    // build output; -e keeps our dependency links.
    await this.git(['clean', '-ffdqx', ...this.shared.flatMap((rel) => ['-e', `/${ignorePattern(rel)}`])]);
    this.bulkWriteAt = Date.now();
  }

  private async settleIndex(): Promise<void> {
    // Timestamps compare by whole seconds in git's racy check: wait for the clock to leave the write's second.
    if (this.bulkWriteAt === null || Math.floor(Date.now() / 1000) <= Math.floor(this.bulkWriteAt / 1000)) return;
    await this.git(['update-index', '-q', '--refresh']).catch(() => undefined);
    this.bulkWriteAt = null;
  }

  /** Undoes exactly what the scan found: the same end state as a full reset, without walking the tree. */
  private async undo(scan: WorktreeScan): Promise<void> {
    await removeUntracked(this.root, scan);
    const rest = await restoreTracked(this.root, scan.tracked, (path) => originalFile(this.snap, path));
    // -u refreshes the index's stat data, so the next scan does not re-read these files.
    if (rest.length > 0) {
      await this.git(['checkout-index', '-f', '-u', '-q', '-z', '--stdin'], rest.join('\0') + '\0');
      this.bulkWriteAt = Date.now();
    }
  }

  /** True when the .git file had to be rewritten. */
  private async restoreGitFile(): Promise<boolean> {
    const path = join(this.root, '.git');
    const current = await readFile(path, 'utf8').catch(() => null);
    if (current === this.gitFile) return false;
    await removeTree(path);
    await writeFile(path, this.gitFile);
    return true;
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
    this.bulkWriteAt = Date.now();
  }

  async write(changes: FileChange[]): Promise<void> {
    // A scan from before these writes does not cover them.
    this.scan = null;
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

  async changedFiles(): Promise<string[]> {
    // Without --exclude-standard, --others lists ignored files too: build output counts as written.
    const scan = parseScan(await this.git(SCAN_ARGS), new Set(this.shared));
    this.scan = scan;
    return scannedFiles(this.root, scan);
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
