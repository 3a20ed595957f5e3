import { failureExcerpt } from './verify';
import { decideStage1, describeLevel, describeRecheck, recheckFailing, type Recheck, type RunnerNote, type Stage1, type TestRunner } from './verify/runners';
import type { RunIsolation, WorktreePool } from './sandbox';
import type { BaselineSummary, ReportLevel, TestCaseResult, TestReport } from './types';
import { UserError, reportPassed } from './types';

export interface BaselineRun {
  report: TestReport;
  summary: BaselineSummary;
  /** Ids of tests failing on the snapshot (the targets). */
  failing: Set<string>;
  /** Ids of tests passing on the snapshot (the regression guard). */
  passing: Set<string>;
  excerpt: string;
  /** The runner candidates use: the planned one, or the plain command when its report flags broke it. */
  runner: TestRunner;
  /** Failed on the snapshot but passed when re-run unchanged: neither targets nor regressions. */
  flaky: Set<string>;
  /** The targeted first stage of a candidate's verification, when the runner can select the targets. */
  stage1: Stage1 | null;
  /** What the verifier can do with this runner, for the user. */
  notes: RunnerNote[];
}

const LEVEL_RANK: Record<ReportLevel, number> = { 'per-test': 2, summary: 1, 'exit-code': 0 };

/**
 * Runs the test command on the untouched snapshot: what fails now is the target, what passes
 * is the guard. The failing tests then run once more, targeted: one that passes is flaky.
 */
export async function runBaseline(
  pool: WorktreePool,
  planned: TestRunner,
  env: NodeJS.ProcessEnv,
  limits: { timeoutMs: number; maxOutputBytes: number; isolation?: RunIsolation },
  signal: AbortSignal,
  opts: { staged?: boolean } = {},
): Promise<BaselineRun> {
  const runOnce = async (runner: TestRunner, only?: readonly TestCaseResult[]): Promise<TestReport> => {
    const wt = await pool.acquire(signal);
    try {
      await wt.reset();
      const wrap = limits.isolation?.wrapFor(wt);
      return await runner.run({ cwd: wt.cwd, env, signal, timeoutMs: limits.timeoutMs, maxOutputBytes: limits.maxOutputBytes, ...(wrap ? { wrap } : {}), ...(only ? { only } : {}) });
    } finally {
      pool.release(wt);
    }
  };
  let runner = planned;
  let report = await runOnce(runner);
  signal.throwIfAborted();
  let fellBack = false;
  // Flags the runner does not know (an old version, a wrapper script) break the run: the
  // command exactly as the user wrote it is the fallback.
  if (runner.asksForReports && report.level !== 'per-test' && !report.timedOut) {
    const plain = runner.plain();
    const again = await runOnce(plain);
    signal.throwIfAborted();
    if (LEVEL_RANK[again.level] >= LEVEL_RANK[report.level]) {
      runner = plain;
      report = again;
      fellBack = true;
    }
  }
  const command = runner.plan.command;
  if (report.level === 'exit-code' && (report.exitCode === 127 || /command not found|not recognized as an internal/i.test(report.output))) {
    throw new UserError(`The test command "${command}" could not be started (exit ${report.exitCode}): check the test command setting. Output: ${tail(report.output)}`);
  }
  if (report.timedOut) {
    throw new UserError(
      `The test command took longer than ${Math.round(limits.timeoutMs / 1000)} s on the unchanged workspace: raise the test timeout or choose a faster command.`,
    );
  }
  const failingTests = report.tests.filter((t) => t.status === 'failed');
  let recheck: Recheck | null = null;
  if (failingTests.length > 0 && runner.canSelect(failingTests)) {
    recheck = recheckFailing(failingTests.map((t) => t.id), await runOnce(runner, failingTests));
    signal.throwIfAborted();
  }
  const flaky = new Set(recheck?.flaky ?? []);
  const targets = failingTests.filter((t) => !flaky.has(t.id));
  const decision = decideStage1(runner, report, targets, recheck, opts.staged !== false);
  const failing = new Set(targets.map((t) => t.id));
  const passing = new Set(report.tests.filter((t) => t.status === 'passed').map((t) => t.id));
  const excerpt = reportPassed(report) ? '' : failureExcerpt({ ...report, tests: report.tests.filter((t) => !flaky.has(t.id)) }, 12_000);
  const flakyNote = recheck ? describeRecheck(recheck) : null;
  return {
    report,
    failing,
    passing,
    excerpt,
    runner,
    flaky,
    stage1: decision.stage1,
    notes: [describeLevel(runner, report, fellBack), ...(flakyNote ? [flakyNote] : []), { level: 'info', message: decision.note }],
    summary: {
      tests: report.counts,
      level: report.level,
      failing: [...failing],
      passing: report.level === 'per-test' ? passing.size : report.counts.passed,
      durationMs: report.durationMs,
      outputExcerpt: excerpt.slice(0, 4000),
      ...(flaky.size > 0 ? { flaky: [...flaky] } : {}),
    },
  };
}

/** Last lines of output on one line, so the reason fits a one-line error. */
function tail(s: string): string {
  return s.trim().split('\n').slice(-3).join(' | ').slice(0, 300);
}
