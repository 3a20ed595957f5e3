// Parsers for runner output the shared parsers do not read, on output captured from the real tools.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { TestReport } from '../../src/engine/types';
import { adapterFor, parseCargo, parseGoJson, parseUnittest } from '../../src/engine/verify/runners';
import { reparse } from '../../src/engine/verify/runners/reparse';

const output = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'runners', 'outputs', name), 'utf8');
const brief = (tests: Array<{ id: string; status: string }>) => tests.map((t) => `${t.id}=${t.status}`);

describe('go test -json', () => {
  test('leaf tests, subtests under their parent, messages without go\'s own framing', () => {
    const { tests, text } = parseGoJson(output('go-test.jsonl'));
    assert.deepEqual(brief(tests), [
      'example.com/g/calc > TestAdd=passed',
      'example.com/g/calc > TestMul=failed',
      'example.com/g/calc > TestSub > zero=passed',
      'example.com/g/calc > TestSub > neg_case=failed',
    ]);
    assert.equal(tests[1]!.message, 'calc_test.go:4: Mul(2, 3) = 5, want 6');
    assert.equal(tests[3]!.message, 'calc_test.go:7: boom');
    assert.match(text, /^--- FAIL: TestMul \(0\.00s\)$/m, 'the human text of the events is kept');
    assert.doesNotMatch(text, /"Action"/);
  });

  test('a package that does not build is one failure next to the packages that ran', () => {
    const { tests } = parseGoJson(output('go-build-failed.jsonl'));
    assert.deepEqual(brief(tests), ['example.com/gb/q > TestQ=passed', 'example.com/gb/p=failed']);
    assert.match(tests[1]!.message!, /undefined: x/);
  });

  test('a run the shared parsers could only count becomes per-test', () => {
    const raw = output('go-test.jsonl');
    const report: TestReport = {
      level: 'exit-code',
      counts: { passed: 0, failed: 1, total: 1 },
      tests: [],
      exitCode: 1,
      signal: null,
      timedOut: false,
      outputLimited: false,
      durationMs: 1,
      output: raw,
      truncated: false,
    };
    const upgraded = reparse(report, adapterFor('go'));
    assert.equal(upgraded.level, 'per-test');
    assert.deepEqual(upgraded.counts, { passed: 2, failed: 2, skipped: 0, total: 4 });
    assert.doesNotMatch(upgraded.output, /"Action"/, 'the output shown to people and models is go\'s own text');
    assert.equal(reparse(report, adapterFor('jest')), report, 'runners without a parser of their own keep the report');
  });
});

describe('python -m unittest -v', () => {
  test('results, subtests, errors, skips and docstrings (Python 3.11 output)', () => {
    const tests = parseUnittest(output('unittest-v.txt'));
    assert.deepEqual(brief(tests), [
      'test_calc.Other.test_sub > (i=1)=failed',
      'test_calc.TestCalc.test_add=passed',
      'test_calc.TestCalc.test_err=failed',
      'test_calc.TestCalc.test_mul=failed',
      'test_calc.TestCalc.test_skip=skipped',
      'test_doc.TestDoc.test_documented=passed',
    ]);
    assert.equal(tests[0]!.message, 'AssertionError: 1 != 0');
    assert.equal(tests[2]!.message, 'ValueError: boom');
    assert.equal(tests[3]!.message, 'AssertionError: 6 != 5');
    assert.match(tests[3]!.stack!, /test_calc\.py", line 4, in test_mul/);
  });

  test('older Pythons name only the class in parentheses', () => {
    const tests = parseUnittest('test_add (test_calc.TestCalc) ... ok\ntest_mul (test_calc.TestCalc) ... FAIL\n');
    assert.deepEqual(brief(tests), ['test_calc.TestCalc.test_add=passed', 'test_calc.TestCalc.test_mul=failed']);
  });
});

describe('cargo test', () => {
  test('tests per binary, ignored ones, panics with their place', () => {
    const tests = parseCargo(output('cargo-test.txt'));
    assert.deepEqual(brief(tests), [
      'src/lib.rs > tests::adds=passed',
      'src/lib.rs > tests::later=skipped',
      'src/lib.rs > tests::muls=failed',
      'tests/it.rs > outer=passed',
    ]);
    assert.match(tests[2]!.message!, /^assertion `left == right` failed\n {2}left: 5\n right: 6$/);
    assert.equal(tests[2]!.stack, 'src/lib.rs:7:25');
  });
});
