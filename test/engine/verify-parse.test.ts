import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTestOutput } from '../../src/engine/verify';
import { trimStack } from '../../src/engine/verify/stack';
import { JEST_JSON_OUTPUT, JEST_JUNIT, NODE_SPEC_OUTPUT, PYTEST_JUNIT, TAPE_OUTPUT } from '../support/verify-fixtures';

describe('JUnit XML', () => {
  test('pytest: failures, errors, skips, files, durations', () => {
    const r = parseTestOutput('', 1, [PYTEST_JUNIT]);
    assert.equal(r.level, 'per-test');
    assert.deepEqual(r.counts, { passed: 2, failed: 2, skipped: 1, total: 5 });
    assert.deepEqual(
      r.tests.map((t) => [t.id, t.status]),
      [
        ['tests/test_calc.py > pytest > tests.test_calc > test_add', 'passed'],
        ['tests/test_calc.py > pytest > tests.test_calc > test_div', 'failed'],
        ['tests/test_calc.py > pytest > tests.test_calc > test_io', 'failed'],
        ['tests/test_calc.py > pytest > tests.test_calc > test_slow', 'skipped'],
        ['tests/test_str.py > pytest > tests.test_str > test_upper', 'passed'],
      ],
    );
    const div = r.tests[1]!;
    assert.equal(div.file, 'tests/test_calc.py');
    assert.equal(div.message, 'AssertionError: assert 2.0 == 2.5');
    assert.equal(div.durationMs, 2);
    // Python tracebacks have no JavaScript frames: their last lines carry the cause.
    assert.match(div.stack ?? '', /tests\/test_calc\.py:8: AssertionError$/);
    assert.equal(r.tests[2]!.message, 'failed on setup with "FileNotFoundError"');
  });

  test('jest-junit: message from the body when there is no attribute, stack without node_modules', () => {
    const r = parseTestOutput('', 1, [JEST_JUNIT]);
    assert.deepEqual(
      r.tests.map((t) => t.id),
      ['src/cart.test.js > cart > cart totals > cart totals sums prices', 'src/cart.test.js > cart > cart totals > cart totals applies discount'],
    );
    const failed = r.tests[1]!;
    assert.match(failed.message ?? '', /^Error: expect\(received\)\.toBe\(expected\)[\s\S]*Received: 100$/);
    assert.equal(failed.stack, 'at Object.toBe (/home/u/shop/src/cart.test.js:14:25)');
  });

  test('report files win over console output; unreadable XML yields nothing', () => {
    const tap = 'TAP version 13\nok 1 - console test\n1..1\n';
    assert.equal(parseTestOutput(tap, 1, [JEST_JUNIT]).tests.length, 2);
    const broken = parseTestOutput(tap, 0, ['<testsuite><testcase name="x"><failure']);
    assert.deepEqual(broken.tests.map((t) => t.id), ['console test']);
  });
});

describe('per-test console formats', () => {
  test('node:test spec reporter (Node 23 default): suites, skip, failure block, recap ignored', () => {
    const r = parseTestOutput(NODE_SPEC_OUTPUT, 1);
    assert.equal(r.level, 'per-test');
    assert.deepEqual(
      r.tests.map((t) => [t.id, t.status]),
      [
        ['parser > reads numbers', 'passed'],
        ['parser > reads strings', 'failed'],
        ['parser > reads dates', 'skipped'],
        ['standalone', 'passed'],
      ],
    );
    const failed = r.tests[1]!;
    assert.equal(failed.message, "AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n\n'a' !== 'b'");
    assert.equal(failed.stack, 'at TestContext.<anonymous> (file:///w/test/parser.test.mjs:9:12)');
    assert.equal(failed.durationMs, 1.2);
  });

  test('jest --json among other output, with a file that failed to load', () => {
    const r = parseTestOutput(JEST_JSON_OUTPUT, 1);
    assert.equal(r.level, 'per-test');
    assert.deepEqual(
      r.tests.map((t) => [t.id, t.status]),
      [
        ['src/cart.test.js > cart > totals > sums prices', 'passed'],
        ['src/cart.test.js > cart > totals > applies discount', 'failed'],
        ['src/broken.test.js', 'failed'],
      ],
    );
    assert.equal(r.tests[1]!.stack, 'at Object.toBe (src/cart.test.js:14:25)');
    assert.equal(r.tests[2]!.message, "SyntaxError: Unexpected token ')'");
  });

  test('vitest pretty-printed JSON', () => {
    const report = { testResults: [{ name: 'a.test.ts', status: 'passed', assertionResults: [{ ancestorTitles: [], title: 'works', status: 'passed' }] }] };
    const r = parseTestOutput(`noise\n${JSON.stringify(report, null, 2)}\nmore noise\n`, 0);
    assert.deepEqual(r.tests.map((t) => [t.id, t.status]), [['a.test.ts > works', 'passed']]);
  });

  test('tape TAP: assertions are grouped under the test that made them', () => {
    const r = parseTestOutput(TAPE_OUTPUT, 1);
    assert.deepEqual(
      r.tests.map((t) => [t.id, t.status]),
      [
        ['adds numbers > should be strictly equal', 'passed'],
        ['adds numbers > should be strictly equal #2', 'failed'],
        ['handles empty > should be strictly equal', 'passed'],
      ],
    );
    assert.equal(r.tests[1]!.message, 'expected 3, actual 4 (equal)');
    assert.equal(r.tests[1]!.stack, 'at Test.<anonymous> (/w/test.js:6:5)');
  });

  test('TAP: a suite that failed on its own (a hook) counts; a suite of failing tests does not', () => {
    const tap = [
      'TAP version 13',
      '# Subtest: db',
      '    # Subtest: connects',
      '    not ok 1 - connects',
      '    1..1',
      'not ok 1 - db',
      '# Subtest: cache',
      '    1..0',
      'not ok 2 - cache',
      '  ---',
      "  error: 'before hook failed'",
      '  ...',
      '1..2',
      '',
    ].join('\n');
    const r = parseTestOutput(tap, 1);
    assert.deepEqual(
      r.tests.map((t) => [t.id, t.status, t.message]),
      [
        ['db > connects', 'failed', 'connects'],
        ['cache', 'failed', 'before hook failed'],
      ],
    );
  });

  test('several TAP streams in one output are all read', () => {
    const one = 'TAP version 13\nok 1 - a\n1..1\n';
    const two = 'TAP version 13\nnot ok 1 - b\n1..1\n';
    const r = parseTestOutput(`${one}> next package\n${two}`, 1);
    assert.deepEqual(r.tests.map((t) => [t.id, t.status]), [['a', 'passed'], ['b', 'failed']]);
  });

  test('a check mark in build chatter is not a test report', () => {
    const r = parseTestOutput('✔ Build complete\n\n  3 passing (20ms)\n  1 failing\n', 1);
    assert.equal(r.level, 'summary');
    assert.deepEqual(r.counts, { passed: 3, failed: 1, skipped: 0, total: 4 });
  });
});

describe('summary lines', () => {
  const cases: Array<[string, string, { passed: number; failed: number; skipped: number; total: number }]> = [
    ['jest', 'Test Suites: 1 failed, 1 total\nTests:       1 failed, 1 skipped, 3 passed, 5 total\nTime: 1.2 s', { passed: 3, failed: 1, skipped: 1, total: 5 }],
    ['vitest', ' Test Files  1 failed | 1 passed (2)\n      Tests  1 failed | 3 passed (4)\n   Start at  10:00:00', { passed: 3, failed: 1, skipped: 0, total: 4 }],
    ['mocha', '  3 passing (12ms)\n  2 pending\n  1 failing\n', { passed: 3, failed: 1, skipped: 2, total: 6 }],
    ['pytest', '========== 1 failed, 3 passed, 2 warnings in 0.12s ==========', { passed: 3, failed: 1, skipped: 0, total: 4 }],
    ['pytest -q', '1 failed, 2 passed, 1 skipped, 1 error in 0.31s', { passed: 2, failed: 2, skipped: 1, total: 5 }],
    ['go test -v', '=== RUN   TestA\n--- PASS: TestA (0.00s)\n=== RUN   TestB\n    --- FAIL: TestB/sub (0.00s)\n--- FAIL: TestB (0.00s)\nFAIL\nFAIL\texample.com/m\t0.002s', { passed: 1, failed: 1, skipped: 0, total: 2 }],
    ['go test (packages)', 'ok  \texample.com/a\t0.002s\nok  \texample.com/b\t(cached)\nFAIL\texample.com/c [build failed]', { passed: 2, failed: 1, skipped: 0, total: 3 }],
    ['cargo', 'running 4 tests\ntest result: FAILED. 3 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s', { passed: 3, failed: 1, skipped: 0, total: 4 }],
    ['cargo, two binaries', 'test result: ok. 2 passed; 0 failed; 1 ignored; 0 measured\ntest result: ok. 5 passed; 0 failed; 0 ignored; 0 measured', { passed: 7, failed: 0, skipped: 1, total: 8 }],
    ['tape comments only', '# tests 4\n# pass  3\n# fail  1\n', { passed: 3, failed: 1, skipped: 0, total: 4 }],
    ['node spec summary only', 'ℹ tests 3\nℹ pass 2\nℹ fail 1\nℹ skipped 0', { passed: 2, failed: 1, skipped: 0, total: 3 }],
    ['plain', 'Running...\nResults: 5 passed, 2 failed\n', { passed: 5, failed: 2, skipped: 0, total: 7 }],
  ];
  for (const [runner, output, counts] of cases) {
    test(runner, () => {
      const r = parseTestOutput(output, 1);
      assert.equal(r.level, 'summary');
      assert.deepEqual(r.counts, counts);
      assert.deepEqual(r.tests, []);
    });
  }

  test('a summary that reports failures beats exit code 0', () => {
    const r = parseTestOutput('  3 passing\n  1 failing\n', 0);
    assert.equal(r.counts.failed, 1);
  });

  test('lines that only look like summaries are ignored', () => {
    assert.equal(parseTestOutput('Compiled 12 modules in 0.4s\nok  \n', 0).level, 'exit-code');
  });
});

describe('exit-code fallback', () => {
  test('exit 0 is one pass, anything else (or a signal) one failure', () => {
    assert.deepEqual(parseTestOutput('all good\n', 0), { level: 'exit-code', counts: { passed: 1, failed: 0, total: 1 }, tests: [] });
    assert.deepEqual(parseTestOutput('Segmentation fault\n', 139).counts, { passed: 0, failed: 1, total: 1 });
    assert.deepEqual(parseTestOutput('', null).counts, { passed: 0, failed: 1, total: 1 });
  });
});

describe('trimStack', () => {
  test('drops node internals and dependencies, keeps at most five frames', () => {
    const stack = [
      'Error: x',
      '    at a (/w/src/a.js:1:1)',
      '    at Module._compile (node:internal/modules/cjs/loader:1241:14)',
      '    at lib (/w/node_modules/lib/index.js:3:3)',
      '    at b (/w/src/b.js:2:2)',
      '    at c (/w/src/c.js:3:3)',
      '    at d (/w/src/d.js:4:4)',
      '    at e (/w/src/e.js:5:5)',
      '    at f (/w/src/f.js:6:6)',
    ].join('\n');
    assert.equal(
      trimStack(stack),
      ['at a (/w/src/a.js:1:1)', 'at b (/w/src/b.js:2:2)', 'at c (/w/src/c.js:3:3)', 'at d (/w/src/d.js:4:4)', 'at e (/w/src/e.js:5:5)'].join('\n'),
    );
  });

  test('keeps the top frame when every frame is noise', () => {
    assert.equal(trimStack('    at x (node:internal/a:1:1)\n    at y (node:internal/b:2:2)'), 'at x (node:internal/a:1:1)');
  });
});
