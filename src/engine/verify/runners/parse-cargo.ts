// cargo test (libtest's default output): "test tests::adds ... ok" per test, one run per test
// binary ("Running unittests src/lib.rs (...)", "Running tests/it.rs (...)", "Doc-tests calc"),
// then a "---- tests::muls stdout ----" block for each failure.
import type { TestCaseResult } from '../../types';
import { clipMessage } from '../stack';

const BINARY = /^\s*(?:Running (?:unittests )?(\S+)|Doc-tests (\S+))/;
const RESULT = /^test (.+?) \.\.\. (ok|FAILED|ignored)\b/;
const FAILURE = /^---- (.+?) stdout ----\s*$/;
const PANIC = /panicked at (\S+?):?\s*$/;

export function parseCargo(output: string): TestCaseResult[] {
  const lines = output.split('\n');
  const problems = failureBlocks(lines);
  const out: TestCaseResult[] = [];
  let binary = '';
  for (const line of lines) {
    const b = BINARY.exec(line);
    if (b) {
      binary = b[1] ?? `doc-tests ${b[2]}`;
      continue;
    }
    const m = RESULT.exec(line);
    if (!m) continue;
    const name = m[1]!;
    const status = m[2] === 'ok' ? 'passed' : m[2] === 'ignored' ? 'skipped' : 'failed';
    const test: TestCaseResult = { id: binary ? `${binary} > ${name}` : name, name, status };
    if (status === 'failed') Object.assign(test, problems.get(`${binary}\u0000${name}`) ?? { message: 'Failed.' });
    out.push(test);
  }
  return out;
}

/** The panic message and place of each failure block, by binary and test name. */
function failureBlocks(lines: string[]): Map<string, Pick<TestCaseResult, 'message' | 'stack'>> {
  const out = new Map<string, Pick<TestCaseResult, 'message' | 'stack'>>();
  let binary = '';
  for (let i = 0; i < lines.length; i++) {
    const b = BINARY.exec(lines[i]!);
    if (b) binary = b[1] ?? `doc-tests ${b[2]}`;
    const f = FAILURE.exec(lines[i]!);
    if (!f) continue;
    const body: string[] = [];
    let where: string | undefined;
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j]!;
      if (FAILURE.test(l) || /^failures:\s*$/.test(l) || /^(?:stack backtrace:|note: )/.test(l)) break;
      const p = PANIC.exec(l);
      if (p) where = p[1];
      else if (l.trim() !== '') body.push(l);
    }
    const problem: Pick<TestCaseResult, 'message' | 'stack'> = { message: clipMessage(body.join('\n')) ?? 'Failed.' };
    if (where) problem.stack = where;
    out.set(`${binary}\u0000${f[1]}`, problem);
  }
  return out;
}
