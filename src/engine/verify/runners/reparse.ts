// Upgrades a run the shared parsers could only count (or not read at all) to per-test
// results, with the runner's own parser.
import type { TestCaseResult, TestCounts, TestReport } from '../../types';
import type { RunnerAdapter } from './adapters';

export function reparse(report: TestReport, adapter: RunnerAdapter | undefined): TestReport {
  if (report.level === 'per-test' || !adapter?.parse) return report;
  const parsed = adapter.parse(report.output);
  if (!parsed || parsed.tests.length === 0) return report;
  const tests = uniqueIds(parsed.tests);
  return { ...report, level: 'per-test', tests, counts: countTests(tests), output: parsed.output ?? report.output };
}

/** Two tests with one id get "#2", "#3" in order of appearance (as the shared parsers do). */
function uniqueIds(tests: TestCaseResult[]): TestCaseResult[] {
  const seen = new Map<string, number>();
  return tests.map((t) => {
    const n = (seen.get(t.id) ?? 0) + 1;
    seen.set(t.id, n);
    return n === 1 ? t : { ...t, id: `${t.id} #${n}` };
  });
}

export function countTests(tests: readonly TestCaseResult[]): TestCounts {
  const counts: TestCounts = { passed: 0, failed: 0, skipped: 0, total: tests.length };
  for (const t of tests) {
    if (t.status === 'passed') counts.passed++;
    else if (t.status === 'failed') counts.failed++;
    else counts.skipped!++;
  }
  return counts;
}
