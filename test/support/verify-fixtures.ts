// Workspaces and runner outputs for the verifier's tests.

/** A node:test suite with nested tests: two leaves pass, `math > mul > multiplies` fails (mul adds). */
export const NESTED_NODE_TEST_REPO: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'math-lib', version: '1.0.0', scripts: { test: 'node --test' } }, null, 2) + '\n',
  'src/math.js': [
    "'use strict';",
    'function add(a, b) {',
    '  return a + b;',
    '}',
    'function mul(a, b) {',
    '  return a + b;',
    '}',
    'module.exports = { add, mul };',
    '',
  ].join('\n'),
  'test/math.test.js': [
    "'use strict';",
    "const { test, describe, it } = require('node:test');",
    "const assert = require('node:assert');",
    "const { add, mul } = require('../src/math.js');",
    '',
    "describe('math', () => {",
    "  it('adds', () => {",
    '    assert.strictEqual(add(1, 2), 3);',
    '  });',
    "  describe('mul', () => {",
    "    it('multiplies', () => {",
    '      assert.strictEqual(mul(2, 4), 8);',
    '    });',
    '  });',
    '});',
    '',
    "test('top level', async (t) => {",
    "  await t.test('nested passes', () => {",
    '    assert.ok(true);',
    '  });',
    '});',
    '',
  ].join('\n'),
};

export const MUL_FIX = ['function mul(a, b) {', '  return a * b;', '}'].join('\n');

/** pytest --junitxml output: a failure with a traceback body, an error, a skip. */
export const PYTEST_JUNIT = `<?xml version="1.0" encoding="utf-8"?>
<testsuites>
  <testsuite name="pytest" errors="1" failures="1" skipped="1" tests="5" time="0.087" timestamp="2024-05-01T10:00:00" hostname="box">
    <testcase classname="tests.test_calc" name="test_add" file="tests/test_calc.py" line="3" time="0.001" />
    <testcase classname="tests.test_calc" name="test_div" file="tests/test_calc.py" line="7" time="0.002">
      <failure message="AssertionError: assert 2.0 == 2.5">def test_div():
&gt;       assert div(5, 2) == 2.5
E       AssertionError: assert 2.0 == 2.5

tests/test_calc.py:8: AssertionError</failure>
    </testcase>
    <testcase classname="tests.test_calc" name="test_io" file="tests/test_calc.py" line="11" time="0.000">
      <error message="failed on setup with &quot;FileNotFoundError&quot;">FileNotFoundError: data.csv</error>
    </testcase>
    <testcase classname="tests.test_calc" name="test_slow" file="tests/test_calc.py" line="15" time="0.000">
      <skipped type="pytest.skip" message="slow">tests/test_calc.py:15: slow</skipped>
    </testcase>
    <testcase classname="tests.test_str" name="test_upper" file="tests/test_str.py" line="2" time="0.004">
      <system-out>printing is fine</system-out>
    </testcase>
  </testsuite>
</testsuites>
`;

/** jest-junit output: one <testsuite> per file, describe blocks in classname. */
export const JEST_JUNIT = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="jest tests" tests="2" failures="1" errors="0" time="1.2">
  <testsuite name="cart" errors="0" failures="1" skipped="0" timestamp="2024-05-01T10:00:00" time="0.9" tests="2" file="src/cart.test.js">
    <testcase classname="cart totals" name="cart totals sums prices" time="0.004" file="src/cart.test.js">
    </testcase>
    <testcase classname="cart totals" name="cart totals applies discount" time="0.01" file="src/cart.test.js">
      <failure>Error: expect(received).toBe(expected) // Object.is equality

Expected: 90
Received: 100
    at Object.toBe (/home/u/shop/src/cart.test.js:14:25)
    at Promise.then.completed (/home/u/shop/node_modules/jest-circus/build/utils.js:298:28)
    at new Promise (&lt;anonymous&gt;)
    at callAsyncCircusFn (/home/u/shop/node_modules/jest-circus/build/utils.js:231:10)
    at processTicksAndRejections (node:internal/process/task_queues:95:5)</failure>
    </testcase>
  </testsuite>
</testsuites>
`;

/** node:test's spec reporter as Node 23 prints it by default. */
export const NODE_SPEC_OUTPUT = `▶ parser
  ✔ reads numbers (0.512ms)
  ✖ reads strings (1.2ms)
    AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:

    'a' !== 'b'

        at TestContext.<anonymous> (file:///w/test/parser.test.mjs:9:12)
        at Test.runInAsyncScope (node:async_hooks:214:14)
        at Test.run (node:internal/test_runner/test:1047:25)
        at async Suite.processPendingSubtests (node:internal/test_runner/test:744:7) {
      generatedMessage: true,
      code: 'ERR_ASSERTION',
      actual: 'a',
      expected: 'b',
      operator: 'strictEqual'
    }

  ﹣ reads dates (0.1ms) # SKIP
✖ parser (2.4ms)
✔ standalone (0.3ms)
ℹ tests 4
ℹ suites 1
ℹ pass 2
ℹ fail 1
ℹ cancelled 0
ℹ skipped 1
ℹ todo 0
ℹ duration_ms 48.2

✖ failing tests:

test at test/parser.test.mjs:7:3
✖ reads strings (1.2ms)
  AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:
`;

/** jest --json prints its report on one line after whatever the test files logged. */
export const JEST_JSON_OUTPUT = [
  '> shop@1.0.0 test',
  '> jest --json',
  '',
  JSON.stringify({
    numFailedTests: 1,
    numPassedTests: 1,
    numTotalTests: 2,
    success: false,
    testResults: [
      {
        name: 'src/cart.test.js',
        status: 'failed',
        message: '',
        assertionResults: [
          { ancestorTitles: ['cart', 'totals'], title: 'sums prices', fullName: 'cart totals sums prices', status: 'passed', duration: 4, failureMessages: [] },
          {
            ancestorTitles: ['cart', 'totals'],
            title: 'applies discount',
            fullName: 'cart totals applies discount',
            status: 'failed',
            duration: 10,
            failureMessages: ['Error: expect(received).toBe(expected)\n\nExpected: 90\nReceived: 100\n    at Object.toBe (src/cart.test.js:14:25)\n    at Promise.then.completed (node_modules/jest-circus/build/utils.js:298:28)'],
          },
        ],
      },
      { name: 'src/broken.test.js', status: 'failed', message: "SyntaxError: Unexpected token ')'\n    at src/broken.test.js:3:1", assertionResults: [] },
    ],
  }),
  'Tests:       1 failed, 1 passed, 2 total',
  '',
].join('\n');

/** tape's TAP: assertions grouped under a bare comment naming the test. */
export const TAPE_OUTPUT = `TAP version 13
# adds numbers
ok 1 should be strictly equal
not ok 2 should be strictly equal
  ---
    operator: equal
    expected: 3
    actual:   4
    at: Test.<anonymous> (/w/test.js:6:5)
    stack: |-
      Error: should be strictly equal
          at Test.assert [as _assert] (/w/node_modules/tape/lib/test.js:314:54)
          at Test.<anonymous> (/w/test.js:6:5)
  ...
# handles empty
ok 3 should be strictly equal

1..3
# tests 3
# pass  2
# fail  1
`;
