// Python's unittest in verbose mode (-v), on stderr:
//   test_add (pkg.test_calc.TestCalc.test_add) ... ok      (Python 3.11+; older: "(pkg.test_calc.TestCalc)")
//   test_sub (pkg.test_calc.Other.test_sub) ...            a test with subtests; each failing one follows:
//     test_sub (pkg.test_calc.Other.test_sub) (i=1) ... FAIL
// then one block per problem: "FAIL: test_mul (...)" / "ERROR: ...", a ruler and the traceback.
import type { TestCaseResult } from '../../types';
import { clipMessage, trimStack } from '../stack';

const HEAD = /^\s*(\w+) \(([\w.]+)\)(?: \((.*)\))?/;
const RESULT = / \.\.\. (ok|FAIL|ERROR|skipped\b.*|expected failure|unexpected success)\s*$/;
const BLOCK = /^(FAIL|ERROR): (\w+) \(([\w.]+)\)(?: \((.*)\))?\s*$/;
const RULER = /^(?:=|-){20,}\s*$/;

export function parseUnittest(output: string): TestCaseResult[] {
  const lines = output.split('\n');
  const problems = problemBlocks(lines);
  const out: TestCaseResult[] = [];
  let pending: { id: string; name: string } | undefined;
  for (const line of lines) {
    const head = HEAD.exec(line);
    const result = RESULT.exec(line);
    if (head && !result) {
      // A docstring line carries the result of a test whose name was on the line before.
      pending = fromHead(head);
      continue;
    }
    if (!result) continue;
    const who = head ? fromHead(head) : pending;
    pending = undefined;
    if (!who) continue;
    const status = statusOf(result[1]!);
    const test: TestCaseResult = { id: who.id, name: who.name, status };
    if (status === 'failed') Object.assign(test, problems.get(who.id) ?? {});
    out.push(test);
  }
  return out;
}

/** Python 3.11+ prints the full id in parentheses, older versions only the class. */
function testId(name: string, where: string, subtest: string | undefined): string {
  const id = where.endsWith(`.${name}`) ? where : `${where}.${name}`;
  return subtest ? `${id} > (${subtest})` : id;
}

function fromHead(m: RegExpExecArray): { id: string; name: string } {
  return { id: testId(m[1]!, m[2]!, m[3]), name: m[1]! };
}

function statusOf(word: string): TestCaseResult['status'] {
  if (word === 'ok' || word === 'expected failure') return 'passed';
  if (word.startsWith('skipped')) return 'skipped';
  return 'failed';
}

/** Message (the exception line) and traceback of each FAIL/ERROR block, by test id. */
function problemBlocks(lines: string[]): Map<string, Pick<TestCaseResult, 'message' | 'stack'>> {
  const out = new Map<string, Pick<TestCaseResult, 'message' | 'stack'>>();
  for (let i = 0; i < lines.length; i++) {
    const m = BLOCK.exec(lines[i]!);
    if (!m) continue;
    const body: string[] = [];
    let j = i + 1;
    if (RULER.test(lines[j] ?? '')) j++;
    for (; j < lines.length && !RULER.test(lines[j]!) && !BLOCK.test(lines[j]!); j++) body.push(lines[j]!);
    const text = body.join('\n').trim();
    const last = text.split('\n').filter((l) => l.trim() !== '').pop();
    const problem: Pick<TestCaseResult, 'message' | 'stack'> = {};
    const message = clipMessage(last);
    if (message) problem.message = message;
    const stack = trimStack(text);
    if (stack) problem.stack = stack;
    out.set(testId(m[2]!, m[3]!, m[4]), problem);
  }
  return out;
}
