// Does a reproduction test fail on today's code for the right reason? Only a failed assertion
// about the behaviour counts: a test that cannot compile, import or finish would "pass" for
// any candidate that happens to change what breaks, and proves nothing about the task.
import { reportPassed, type TestReport } from '../types';

export type BaseJudgement = { valid: true } | { valid: false; reason: string };

const SYNTAX = /\b(?:SyntaxError|IndentationError|TabError)\b|Unexpected token|error TS\d+/;
const MISSING_MODULE =
  /Cannot find module|ERR_MODULE_NOT_FOUND|Cannot find package|ModuleNotFoundError|No module named|ImportError|Failed to resolve import|Failed to load url|Module not found/;
const REFERENCE = /\b(?:ReferenceError|NameError)\b/;
// node:assert, chai, jest/vitest expect, pytest's rewritten assert, unittest, tape and AVA.
const ASSERTION =
  /\bAssertionError\b|ERR_ASSERTION|expect\(received\)|\bexpected\b.+\bto (?:be|equal|deep|have|include|match|throw|contain)|^\s*E\s+assert\b|\bassert(?:ion)? failed|^\s+operator:\s|^\s*Difference\b/im;
const ERROR_NAME = /\b([A-Z][A-Za-z]*(?:Error|Exception))\b/;

/**
 * Judges the run of one reproduction test file on the unchanged snapshot. `file` is the test's
 * path: a failure reported under the file's own name means the runner could not load it.
 */
export function judgeBaseRun(report: TestReport, file: string, timeoutMs: number): BaseJudgement {
  const no = (reason: string): BaseJudgement => ({ valid: false, reason });
  if (report.timedOut) return no(`timed out after ${Math.round(timeoutMs / 1000)} s on the current code`);
  if (report.outputLimited) return no('printed more output than the limit on the current code');
  if (reportPassed(report)) {
    return report.counts.total === 0 && report.level !== 'exit-code'
      ? no('ran no test')
      : no('passes on the current code, so it does not reproduce the task');
  }
  const output = report.output;
  const failing = report.tests.filter((t) => t.status === 'failed');
  // A failure reported under the file's own name: the runner could not load the file.
  const ran = report.level === 'per-test' ? failing.filter((t) => !isFileLevel(t.id, t.name, file)) : null;
  if ((ran === null || ran.length > 0) && (ASSERTION.test(output) || assertionMessages(report))) return { valid: true };
  if (SYNTAX.test(output)) return no(`does not compile: ${firstLine(output, SYNTAX)}`);
  if (MISSING_MODULE.test(output)) return no(`cannot load what it imports: ${firstLine(output, MISSING_MODULE)}`);
  if (REFERENCE.test(output)) return no(`uses a name that does not exist: ${firstLine(output, REFERENCE)}`);
  if (ran !== null && failing.length === 0) return no('the runner failed without reporting a failing test');
  if (ran !== null && ran.length === 0) return no('crashed the test runner before any test ran');
  const thrown = ERROR_NAME.exec(output)?.[1];
  return no(thrown ? `fails with ${thrown}, not with an assertion about the behaviour` : 'fails without an assertion failure');
}

function isFileLevel(id: string, name: string, file: string): boolean {
  return [id, name].some((s) => s === file || s.endsWith(`/${file}`) || s === file.replace(/\.py$/, '').replace(/\//g, '.'));
}

/** Messages of per-test reports that read as a comparison (node:assert prints "Expected values to be ..."). */
function assertionMessages(report: TestReport): boolean {
  return report.tests.some((t) => t.status === 'failed' && /^Expected\b|\bexpected\b.*\b(?:got|received|actual)\b|should (?:equal|be)\b/i.test(t.message ?? ''));
}

function firstLine(output: string, re: RegExp): string {
  const line = output.split('\n').find((l) => re.test(l)) ?? '';
  const clean = line.replace(/^[#\s]+/, '').trim();
  return clean.length > 160 ? `${clean.slice(0, 159)}…` : clean;
}
