// The baseline's failing tests, run a second time on the unchanged snapshot: one that passes
// now is flaky (its result says nothing about a patch); one the targeted run did not report
// at all shows that the runner's selection cannot be trusted for it.
import type { TestReport } from '../../types';

export interface Recheck {
  /** Failed on the first run, passed on the second. */
  flaky: string[];
  /** Failed both times. */
  confirmed: string[];
  /** Not in the targeted run's report (the selection missed them, or the run was cut short). */
  missing: string[];
}

export function recheckFailing(failing: readonly string[], rerun: TestReport): Recheck {
  const out: Recheck = { flaky: [], confirmed: [], missing: [] };
  const cutShort = rerun.timedOut || rerun.outputLimited || rerun.level !== 'per-test';
  const status = new Map(rerun.tests.map((t) => [t.id, t.status]));
  for (const id of failing) {
    const now = cutShort ? undefined : status.get(id);
    if (now === 'passed') out.flaky.push(id);
    else if (now === 'failed') out.confirmed.push(id);
    else out.missing.push(id);
  }
  return out;
}
