// Staged verification: a candidate first runs only the tests failing on the snapshot (stage 1);
// only one that fixes at least one of them runs the full suite (stage 2).
import type { TestCaseResult, TestReport, Verdict } from '../../types';
import { reportPassed } from '../../types';
import type { Recheck } from './recheck';
import { countTests } from './reparse';
import type { TestRunner } from './runner';

export interface Stage1 {
  /** The target tests a stage-1 run selects. */
  tests: TestCaseResult[];
  /** The baseline narrowed to those tests: a stage-1 run is judged against it alone. */
  baseline: TestReport;
}

export interface StageDecision {
  stage1: Stage1 | null;
  /** Why there is or is not a first stage, for the user. */
  note: string;
}

/**
 * Stage 1 pays off when the targets are a small part of the suite; when they are most of it,
 * a good candidate would pay for two almost full runs.
 */
const MAX_TARGET_SHARE = 0.5;

export function decideStage1(runner: TestRunner, baseline: TestReport, targets: readonly TestCaseResult[], recheck: Recheck | null, enabled: boolean): StageDecision {
  const off = (why: string): StageDecision => ({ stage1: null, note: `Stage 1 off: ${why}.` });
  if (!enabled) return off('turned off in the options');
  if (baseline.level !== 'per-test') return off('the test command gives no per-test results');
  if (targets.length === 0) return off('no test fails on the unchanged workspace');
  if (!runner.canSelect(targets)) return off(`the ${runner.plan.runner ?? 'test'} command cannot be narrowed to the failing tests`);
  if (!recheck || recheck.missing.length > 0) return off('a targeted re-run on the unchanged workspace did not report every failing test');
  const countable = baseline.tests.filter((t) => t.status !== 'skipped').length;
  if (targets.length > countable * MAX_TARGET_SHARE) {
    return off(`${targets.length} of ${countable} tests fail, so a targeted run would cost about as much as the full suite`);
  }
  const ids = new Set(targets.map((t) => t.id));
  const narrowed = baseline.tests.filter((t) => ids.has(t.id));
  return {
    stage1: { tests: [...targets], baseline: { ...baseline, tests: narrowed, counts: countTests(narrowed) } },
    note: `Stage 1: each candidate first runs the ${targets.length} failing test${targets.length === 1 ? '' : 's'} (${runner.adapter?.selectHow ?? 'selected'}); only one that fixes at least one runs the full suite.`,
  };
}

/**
 * A stage-1 run ends the candidate when it fixed no target and the run shows something
 * failing. A run that reports none of the targets and nothing failing proves nothing (the
 * selection missed them), so the full suite decides.
 */
export function stopsAtStage1(verdict: Verdict, run: TestReport, flaky: ReadonlySet<string>): boolean {
  if (verdict.fixed.length > 0) return false;
  if (run.timedOut || run.outputLimited) return true;
  if (run.level !== 'per-test') return !reportPassed(run);
  return run.tests.some((t) => t.status === 'failed' && !flaky.has(t.id));
}
