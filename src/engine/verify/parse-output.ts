// From raw output to the best report level reachable: per-test, else summary lines, else the exit code.
import type { TestCaseResult, TestCounts, TestReport } from '../types';
import { looksLikeJunit, parseJunit } from './parse-junit';
import { parseJestJson } from './parse-jest-json';
import { looksLikeSpec, parseSpec } from './parse-spec';
import { parseSummary } from './parse-summary';
import { looksLikeTap, parseTap } from './parse-tap';

export type ParsedOutput = Pick<TestReport, 'level' | 'counts' | 'tests'>;

export function parseTestOutput(output: string, exitCode: number | null, junitXml: string[] = []): ParsedOutput {
  const tests = fromReportFiles(junitXml) ?? fromOutput(output);
  if (tests.length > 0) {
    const unique = uniqueIds(tests);
    return { level: 'per-test', counts: countTests(unique), tests: unique };
  }
  const summary = parseSummary(output);
  if (summary) return { level: 'summary', counts: summary, tests: [] };
  const passed = exitCode === 0;
  return { level: 'exit-code', counts: { passed: passed ? 1 : 0, failed: passed ? 0 : 1, total: 1 }, tests: [] };
}

/**
 * Files the command was told to write are the most deliberate report, so they win over
 * the console. Besides JUnit XML, a jest/vitest JSON report file is accepted too.
 */
function fromReportFiles(texts: string[]): TestCaseResult[] | undefined {
  const tests = texts.flatMap((t) =>
    t.trimStart().startsWith('{') ? parseJestJson(t) : looksLikeJunit(t) ? parseJunit(t) : [],
  );
  return tests.length > 0 ? tests : undefined;
}

function fromOutput(output: string): TestCaseResult[] {
  const json = parseJestJson(output);
  if (json.length > 0) return json;
  if (looksLikeTap(output)) {
    const tap = parseTap(output);
    if (tap.length > 0) return tap;
  }
  return looksLikeSpec(output) ? parseSpec(output) : [];
}

/** Two tests with one name (in two files, for instance) get "#2", "#3" in order of appearance. */
function uniqueIds(tests: TestCaseResult[]): TestCaseResult[] {
  const seen = new Map<string, number>();
  return tests.map((t) => {
    const n = (seen.get(t.id) ?? 0) + 1;
    seen.set(t.id, n);
    return n === 1 ? t : { ...t, id: `${t.id} #${n}` };
  });
}

function countTests(tests: TestCaseResult[]): TestCounts {
  const counts: TestCounts = { passed: 0, failed: 0, skipped: 0, total: tests.length };
  for (const t of tests) {
    if (t.status === 'passed') counts.passed++;
    else if (t.status === 'failed') counts.failed++;
    else counts.skipped!++;
  }
  return counts;
}
