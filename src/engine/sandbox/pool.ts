// A capped set of worktrees handed out one test run at a time.
import { mkdir, realpath, rmdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { addOwnerDir } from './owner';
import { DEFAULT_SHARE_DIRS, findSharedDirs } from './share';
import { repoGit, type Snapshot } from './snapshot';
import { SandboxWorktree, type Worktree } from './worktree';

export interface PoolOptions {
  /** Number of worktrees at most (= test concurrency). */
  size: number;
  /** Names of git-ignored dependency folders to share; default DEFAULT_SHARE_DIRS. */
  shareDirs?: string[];
  /** Where worktrees live; default the search's own folder under the system temp dir. */
  baseDir?: string;
}

interface Waiter {
  resolve(wt: Worktree): void;
  reject(err: unknown): void;
}

function abortError(signal: AbortSignal): Error {
  const err = new DOMException('Waiting for a worktree was aborted.', 'AbortError');
  return Object.assign(err, { cause: signal.reason });
}

export class WorktreePool {
  /** Workspace-relative dependency folders linked into each worktree ('../node_modules' when hoisted above a subfolder workspace). */
  readonly sharedDirs: string[];
  /** The folder holding the worktrees. */
  readonly root: string;
  private readonly all: SandboxWorktree[] = [];
  private readonly free: SandboxWorktree[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly creating = new Set<Promise<unknown>>();
  private nextId = 0;
  private pendingCreates = 0;
  private disposing: Promise<void> | null = null;

  private constructor(
    private readonly snap: Snapshot,
    private readonly size: number,
    private readonly baseDir: string,
    private readonly ownsBaseDir: boolean,
    /** Repo-relative. */
    private readonly shared: string[],
  ) {
    this.root = baseDir;
    this.sharedDirs = shared.map((rel) => posix.relative(snap.prefix || '.', rel));
  }

  static async create(snap: Snapshot, opts: PoolOptions): Promise<WorktreePool> {
    if (!Number.isInteger(opts.size) || opts.size < 1) throw new Error(`Pool size must be a positive integer, got ${opts.size}.`);
    const custom = opts.baseDir !== undefined;
    const wanted = opts.baseDir ?? snap.searchDir;
    await mkdir(wanted, { recursive: true, mode: 0o700 });
    // Real path: git records worktrees by real path, and cleanup compares against it.
    const baseDir = await realpath(wanted);
    if (custom) await addOwnerDir(snap.searchDir, baseDir);
    const at = repoGit(snap);
    // Scanned over the whole repository: a subfolder workspace often uses dependencies hoisted to the root.
    const shared = await findSharedDirs(opts.shareDirs ?? DEFAULT_SHARE_DIRS, { ...at, gitBinary: snap.gitBinary });
    return new WorktreePool(snap, opts.size, baseDir, custom, shared);
  }

  /** Waits for a free worktree (creating one lazily, up to size); rejects with an AbortError when the signal aborts. */
  acquire(signal?: AbortSignal): Promise<Worktree> {
    if (this.disposing) return Promise.reject(new Error('The worktree pool is disposed.'));
    if (signal?.aborted) return Promise.reject(abortError(signal));
    const ready = this.free.pop();
    if (ready) return Promise.resolve(ready);
    return new Promise<Worktree>((resolve, reject) => {
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(abortError(signal!));
      };
      const waiter: Waiter = {
        resolve: (wt) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(wt);
        },
        reject: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      if (this.all.length + this.pendingCreates < this.size) this.grow();
    });
  }

  release(wt: Worktree): void {
    const own = this.all.find((w) => w === wt);
    if (!own || this.disposing || this.free.includes(own)) return;
    this.handOut(own);
  }

  private handOut(wt: SandboxWorktree): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(wt);
    else this.free.push(wt);
  }

  // Each acquirer that finds no free worktree starts its own creation, so several are built in parallel.
  private grow(): void {
    const id = this.nextId++;
    this.pendingCreates++;
    const p = SandboxWorktree.create(this.snap, id, join(this.baseDir, `wt-${id}`), this.shared).then(
      (wt) => {
        this.pendingCreates--;
        this.all.push(wt);
        if (!this.disposing) this.handOut(wt);
      },
      (err: unknown) => {
        this.pendingCreates--;
        // The waiter that asked for this worktree gets the error; the next one gets a fresh attempt
        // rather than waiting for a release that may never come.
        this.waiters.shift()?.reject(err);
        if (!this.disposing && this.waiters.length > 0 && this.all.length + this.pendingCreates < this.size) this.grow();
      },
    );
    this.creating.add(p);
    void p.finally(() => this.creating.delete(p));
  }

  /**
   * Starts building worktrees, up to `count` in all, before anyone asks: called while the model
   * writes its first answers, so that the first candidates do not wait for a checkout. A failed
   * build is met again, and reported, by the acquire that needs it.
   */
  prewarm(count: number): void {
    const target = Math.min(count, this.size);
    while (!this.disposing && this.all.length + this.pendingCreates < target) this.grow();
  }

  /** Removes every worktree, the pool's folder and git's worktree records. Idempotent. */
  dispose(): Promise<void> {
    this.disposing ??= this.disposeNow();
    return this.disposing;
  }

  private async disposeNow(): Promise<void> {
    const err = new Error('The worktree pool is disposed.');
    for (const w of this.waiters.splice(0)) w.reject(err);
    await Promise.allSettled([...this.creating]);
    this.free.length = 0;
    for (const wt of this.all.splice(0)) await wt.remove();
    // The default folder is the search folder and goes with releaseSnapshot; a custom one goes
    // only if empty, since it may be a folder the caller already had.
    if (this.ownsBaseDir) await rmdir(this.baseDir).catch(() => undefined);
  }
}
