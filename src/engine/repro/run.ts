// One run of reproduction test files in a pooled worktree.
import type { FileChange, TestReport } from '../types';
import type { RunIsolation, Worktree, WorktreePool } from '../sandbox';
import type { FileRunner } from './runner';
import type { ReproTest } from './types';

export interface ReproRunContext {
  pool: WorktreePool;
  runner: FileRunner;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  maxOutputBytes: number;
  isolation?: RunIsolation;
  signal: AbortSignal;
  /** Counts each run for the search's statistics. */
  onRun(): void;
}

export function reproChanges(tests: readonly ReproTest[]): FileChange[] {
  return tests.map((t) => ({ path: t.file, kind: 'add' as const, content: t.content, mode: '100644' }));
}

/** Runs `files` in `wt` as it is now; says when the run wrote past the limit. */
export async function runFilesIn(ctx: ReproRunContext, wt: Worktree, files: readonly string[]): Promise<{ report: TestReport; overLimit?: string }> {
  ctx.onRun();
  const report = await ctx.runner.forFiles(files).run({
    cwd: wt.cwd,
    env: ctx.env,
    signal: ctx.signal,
    timeoutMs: ctx.timeoutMs,
    maxOutputBytes: ctx.maxOutputBytes,
    ...(ctx.isolation ? { wrap: ctx.isolation.wrapFor(wt) } : {}),
  });
  const overLimit = await ctx.isolation?.checkWrites(wt);
  return overLimit ? { report, overLimit } : { report };
}

/** Writes one test onto the clean snapshot in a pooled worktree and runs it alone. */
export async function runOnSnapshot(ctx: ReproRunContext, test: ReproTest): Promise<TestReport> {
  const wt = await ctx.pool.acquire(ctx.signal);
  try {
    await wt.reset();
    await wt.write(reproChanges([test]));
    return (await runFilesIn(ctx, wt, [test.file])).report;
  } finally {
    ctx.pool.release(wt);
  }
}
