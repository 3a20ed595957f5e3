import { runTests, failureExcerpt } from './verify';
import type { WorktreePool } from './sandbox';
import type { BaselineSummary, TestReport } from './types';
import { UserError, reportPassed } from './types';

export interface BaselineRun {
  report: TestReport;
  summary: BaselineSummary;
  /** Ids of tests failing on the snapshot (the targets). */
  failing: Set<string>;
  /** Ids of tests passing on the snapshot (the regression guard). */
  passing: Set<string>;
  excerpt: string;
}

/** Runs the test command once on the untouched snapshot: what fails now is the target, what passes is the guard. */
export async function runBaseline(
  pool: WorktreePool,
  command: string,
  env: NodeJS.ProcessEnv,
  limits: { timeoutMs: number; maxOutputBytes: number },
  signal: AbortSignal,
): Promise<BaselineRun> {
  const wt = await pool.acquire(signal);
  let report: TestReport;
  try {
    await wt.reset();
    report = await runTests({ cwd: wt.cwd, command, env, signal, timeoutMs: limits.timeoutMs, maxOutputBytes: limits.maxOutputBytes });
  } finally {
    pool.release(wt);
  }
  signal.throwIfAborted();
  if (report.level === 'exit-code' && (report.exitCode === 127 || /command not found|not recognized as an internal/i.test(report.output))) {
    throw new UserError(`The test command "${command}" could not be started (exit ${report.exitCode}): check the test command setting. Output: ${tail(report.output)}`);
  }
  if (report.timedOut) {
    throw new UserError(
      `The test command took longer than ${Math.round(limits.timeoutMs / 1000)} s on the unchanged workspace: raise the test timeout or choose a faster command.`,
    );
  }
  const failing = new Set(report.tests.filter((t) => t.status === 'failed').map((t) => t.id));
  const passing = new Set(report.tests.filter((t) => t.status === 'passed').map((t) => t.id));
  const excerpt = reportPassed(report) ? '' : failureExcerpt(report, 12_000);
  return {
    report,
    failing,
    passing,
    excerpt,
    summary: {
      tests: report.counts,
      level: report.level,
      failing: [...failing],
      passing: report.level === 'per-test' ? passing.size : report.counts.passed,
      durationMs: report.durationMs,
      outputExcerpt: excerpt.slice(0, 4000),
    },
  };
}

/** Last lines of output on one line, so the reason fits a one-line error. */
function tail(s: string): string {
  return s.trim().split('\n').slice(-3).join(' | ').slice(0, 300);
}
