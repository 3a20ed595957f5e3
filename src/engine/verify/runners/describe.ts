// Sentences that tell the user what the verifier could get out of their test command.
import type { TestReport } from '../../types';
import type { Recheck } from './recheck';
import type { TestRunner } from './runner';

export interface RunnerNote {
  level: 'info' | 'warn';
  message: string;
}

/** Which report level the baseline reached, and why not a better one. */
export function describeLevel(runner: TestRunner, report: TestReport, fellBack: boolean): RunnerNote {
  const name = runner.plan.runner ?? 'test';
  if (report.level === 'per-test') {
    const how = runner.extended && runner.asksForReports ? runner.adapter?.reportHow : undefined;
    return { level: 'info', message: `Per-test results from ${runner.plan.runner ?? 'the test output'}${how ? `: ${how}` : ''}.` };
  }
  const reached = report.level === 'summary' ? 'only its summary line is read' : 'only its exit code is read';
  let why: string;
  if (fellBack) why = `the ${name} report flags did not work, so the command runs exactly as written`;
  else if (!runner.plan.runner) why = 'the command is not a test runner the engine knows';
  else if (!runner.plan.invocation) why = `the command is not a single ${name} command the engine can add report flags to`;
  else why = `${name} printed no per-test results`;
  return { level: 'warn', message: `Test results: ${reached}, because ${why}. A candidate is then judged by whole-run counts, not by the tests it fixes.` };
}

export function describeRecheck(recheck: Recheck): RunnerNote | null {
  if (recheck.flaky.length === 0) return null;
  const n = recheck.flaky.length;
  const list = recheck.flaky.slice(0, 5).join('; ') + (n > 5 ? `; … ${n - 5} more` : '');
  return {
    level: 'warn',
    message: `${n} failing test${n === 1 ? '' : 's'} passed when re-run on the unchanged workspace and ${n === 1 ? 'is' : 'are'} treated as flaky (ignored as targets and as regressions): ${list}.`,
  };
}
