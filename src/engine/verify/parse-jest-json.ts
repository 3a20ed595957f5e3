// jest --json and vitest --reporter=json share one shape: testResults[].assertionResults[].
import { z } from 'zod';
import type { TestCaseResult } from '../types';
import { clipMessage, splitError } from './stack';

const Assertion = z.object({
  ancestorTitles: z.array(z.string()).nullish(),
  title: z.string(),
  status: z.string(),
  duration: z.number().nullish(),
  failureMessages: z.array(z.string()).nullish(),
});

const FileResult = z.object({
  name: z.string(),
  status: z.string().nullish(),
  message: z.string().nullish(),
  assertionResults: z.array(Assertion),
});

const Report = z.object({ testResults: z.array(FileResult) });
type Report = z.infer<typeof Report>;

const MAX_ATTEMPTS = 5;

/** Test cases from a jest/vitest JSON report embedded in `text` (alone or among other output). */
export function parseJestJson(text: string): TestCaseResult[] {
  const report = findReport(text);
  return report ? toCases(report) : [];
}

function findReport(text: string): Report | undefined {
  if (!text.includes('"testResults"')) return undefined;
  let attempts = 0;
  for (const start of objectStarts(text)) {
    if (attempts++ >= MAX_ATTEMPTS) break;
    if (!text.includes('"testResults"', start)) break;
    for (const candidate of candidatesFrom(text, start)) {
      const report = tryParse(candidate);
      if (report) return report;
    }
  }
  return undefined;
}

/** Offsets of lines that open a JSON object. */
function* objectStarts(text: string): Generator<number> {
  const re = /^\{/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) yield m.index;
}

/** jest prints its report on one line; vitest pretty-prints it, closing with a "}" in column 0. */
function* candidatesFrom(text: string, start: number): Generator<string> {
  const lineEnd = text.indexOf('\n', start);
  yield text.slice(start, lineEnd === -1 ? undefined : lineEnd);
  const close = text.indexOf('\n}', start);
  if (close !== -1) yield text.slice(start, close + 2);
}

function tryParse(candidate: string): Report | undefined {
  try {
    const parsed = Report.safeParse(JSON.parse(candidate));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function toCases(report: Report): TestCaseResult[] {
  const out: TestCaseResult[] = [];
  for (const file of report.testResults) {
    for (const a of file.assertionResults) {
      const path = [file.name, ...(a.ancestorTitles ?? []), a.title];
      const status = a.status === 'passed' ? 'passed' : a.status === 'failed' ? 'failed' : 'skipped';
      const test: TestCaseResult = { id: path.join(' > '), name: a.title, file: file.name, status };
      if (a.duration != null) test.durationMs = a.duration;
      if (status === 'failed') {
        const split = splitError((a.failureMessages ?? []).join('\n'));
        if (split.message) test.message = split.message;
        if (split.stack) test.stack = split.stack;
      }
      out.push(test);
    }
    // A file that failed to load has no assertions; it still has to count as a failure.
    const anyFailed = file.assertionResults.some((a) => a.status === 'failed');
    if (file.status === 'failed' && !anyFailed) {
      const split = splitError(file.message ?? '');
      const test: TestCaseResult = { id: file.name, name: file.name, file: file.name, status: 'failed' };
      const message = clipMessage(split.message) ?? 'Test file failed to run';
      test.message = message;
      if (split.stack) test.stack = split.stack;
      out.push(test);
    }
  }
  return out;
}
