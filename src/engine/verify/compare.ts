// A candidate's run against the baseline run: which targets it fixed, which guards it broke.
import type { TestCaseResult, TestReport, Verdict } from '../types';
import { reportPassed } from '../types';
import { failureExcerpt } from './excerpt';

export interface CompareOptions {
  /** Test ids known to flip on their own; ignored in both directions. */
  flaky?: ReadonlySet<string>;
  excerptBytes?: number;
}

const MAX_FAILURES = 100;

export function compareToBaseline(baseline: TestReport, run: TestReport, opts: CompareOptions = {}): Verdict {
  const flaky = opts.flaky ?? new Set<string>();
  const common = {
    tests: run.counts,
    level: run.level,
    outputExcerpt: failureExcerpt(run, opts.excerptBytes),
    timedOut: run.timedOut,
    durationMs: run.durationMs,
  };
  const counted = (t: TestCaseResult) => !flaky.has(t.id);
  const runFailing = run.tests.filter((t) => t.status === 'failed' && counted(t));
  const failures = runFailing.map(({ id, name, message, stack }) => ({ id, name, message, stack }));

  // A run cut short says nothing trustworthy about any test, including the ones it printed as passing.
  const cutShort = run.timedOut || run.outputLimited;
  if (baseline.level !== 'per-test' || (run.level !== 'per-test' && !cutShort)) {
    return {
      ...common,
      fixed: [],
      regressed: [],
      stillFailing: [],
      passedAll: wholeRunPassed(run, flaky),
      failures: failures.slice(0, MAX_FAILURES),
    };
  }

  const statusOf = new Map(run.tests.map((t) => [t.id, t.status]));
  const fixed: string[] = [];
  const regressed: string[] = [];
  const stillFailing: string[] = [];
  for (const t of baseline.tests) {
    if (flaky.has(t.id) || t.status === 'skipped') continue;
    // Missing counts as failing: deleting or skipping a test must never look like fixing it.
    const now = cutShort ? undefined : statusOf.get(t.id);
    if (t.status === 'failed') (now === 'passed' ? fixed : stillFailing).push(t.id);
    else if (now === 'failed' || now === undefined) regressed.push(t.id);
  }
  const reported = new Set(runFailing.map((t) => t.id));
  const message = cutShort ? 'No result: the run was cut short.' : 'No result: the test did not run.';
  const nameOf = new Map(baseline.tests.map((t) => [t.id, t.name]));
  const missing = [...stillFailing, ...regressed]
    .filter((id) => !reported.has(id))
    .map((id) => ({ id, name: nameOf.get(id) ?? id, message }));
  const allFailures = [...failures, ...missing];
  return {
    ...common,
    fixed,
    regressed,
    stillFailing,
    passedAll: wholeRunPassed(run, flaky) && regressed.length === 0 && stillFailing.length === 0,
    failures: allFailures.slice(0, MAX_FAILURES),
  };
}

/**
 * types.ts `reportPassed`, except that a run whose only failures are known-flaky tests
 * still passes: those tests fail the exit code without saying anything about the patch.
 */
function wholeRunPassed(run: TestReport, flaky: ReadonlySet<string>): boolean {
  if (reportPassed(run)) return true;
  if (run.level !== 'per-test' || run.timedOut || run.outputLimited) return false;
  const failing = run.tests.filter((t) => t.status === 'failed');
  return failing.length > 0 && failing.every((t) => flaky.has(t.id));
}
