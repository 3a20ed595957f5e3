import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planForCommand } from '../../src/engine/detect';
import { fileRunner, judgeBaseRun, normalizeTest, planLayout, reproCount, testFromAnswer } from '../../src/engine/repro';
import type { CandidateSource } from '../../src/engine/sources/source';
import { explainWinner, rankCandidates } from '../../src/engine/select';
import { TreeModel } from '../../src/shared/treeModel';
import { renderRepro } from '../../src/cli/render';
import type { SearchNode, TestCaseResult, TestReport } from '../../src/engine/types';

function report(over: Partial<TestReport> & { tests?: TestCaseResult[] }): TestReport {
  const tests = over.tests ?? [];
  const failed = tests.filter((t) => t.status === 'failed').length;
  return {
    level: 'per-test',
    counts: { passed: tests.length - failed, failed, total: tests.length },
    exitCode: failed > 0 ? 1 : 0,
    signal: null,
    timedOut: false,
    outputLimited: false,
    durationMs: 10,
    output: '',
    truncated: false,
    ...over,
    tests,
  };
}

const FILE = 'test/__repro__/r1.test.js';
const failing = (name: string, message: string): TestCaseResult => ({ id: name, name, status: 'failed', message });

describe('judging a reproduction test on the snapshot', () => {
  test('an assertion about the behaviour makes it valid', () => {
    const r = report({ tests: [failing('separator option', "Expected values to be strictly equal:\n+ 'a-b'\n- 'a_b'")], output: "not ok 1 - separator option\n  name: 'AssertionError'\n" });
    assert.deepEqual(judgeBaseRun(r, FILE, 10_000), { valid: true });
    const jest = report({ level: 'exit-code', output: 'expect(received).toBe(expected) // Object.is equality\n\nExpected: "a_b"\nReceived: "a-b"', exitCode: 1 });
    assert.deepEqual(judgeBaseRun(jest, FILE, 10_000), { valid: true });
  });

  test('passing, timing out, crashing, failing to load and throwing are each discarded with their reason', () => {
    const cases: Array<[TestReport, RegExp]> = [
      [report({ tests: [{ id: 'x', name: 'x', status: 'passed' }] }), /passes on the current code/],
      [report({ tests: [] }), /ran no test/],
      [report({ timedOut: true, exitCode: null, tests: [failing('x', 'cut')] }), /timed out after 10 s/],
      [report({ tests: [failing(FILE, 'test failed')], output: "# SyntaxError: missing ) after argument list\nnot ok 1 - test/__repro__/r1.test.js" }), /does not compile: SyntaxError: missing \)/],
      [report({ tests: [failing(FILE, 'test failed')], output: "# Error: Cannot find module '../../src/nope.js'" }), /cannot load what it imports: Error: Cannot find module/],
      [report({ tests: [failing('t', 'slugfy is not defined')], output: 'ReferenceError: slugfy is not defined' }), /uses a name that does not exist/],
      [report({ tests: [failing('t', 'lib.camel is not a function')], output: "not ok 1 - t\n  name: 'TypeError'\n" }), /fails with TypeError, not with an assertion/],
      [report({ tests: [failing(FILE, 'test failed')], output: 'Killed' }), /crashed the test runner before any test ran/],
    ];
    for (const [r, why] of cases) {
      const j = judgeBaseRun(r, FILE, 10_000);
      assert.equal(j.valid, false, String(why));
      assert.match(j.valid ? '' : j.reason, why);
    }
  });
});

describe('when reproduction tests are asked for', () => {
  const model = { writeTests: async () => [] } as unknown as CandidateSource;
  const mutation = {} as CandidateSource;
  test('by default only for a task in words that no failing test checks, from a source that can write tests', () => {
    assert.equal(reproCount({ task: 'Add an option' }, 0, model), 3);
    assert.equal(reproCount({ task: 'Add an option' }, 2, model), 0, 'failing tests are the targets already');
    assert.equal(reproCount({ task: '  ' }, 0, model), 0);
    assert.equal(reproCount({ task: 'Add an option' }, 0, mutation), 0, 'mutation search cannot write tests');
  });
  test('the option wins either way', () => {
    assert.equal(reproCount({ task: 'x', repro: 0 }, 0, model), 0);
    assert.equal(reproCount({ task: '', repro: 2 }, 5, model), 2);
  });
});

describe('where reproduction tests go and how they run', () => {
  test('next to the example test, named like it, in a folder of their own', () => {
    const js = planLayout(['src/slugify.js', 'test/slugify.test.js', 'test/helpers/setup.js', 'test/range.test.js'], 'node-test', 'Add a separator option to slugify');
    assert.equal(js.example, 'test/slugify.test.js', 'the test named like the task');
    assert.equal(js.fileFor(2), 'test/__repro__/r2.test.js');
    const py = planLayout(['pkg/slug.py', 'tests/test_slug.py'], 'pytest', 'anything');
    assert.equal(py.fileFor(1), 'tests/__repro__/test_r1.py');
    const taken = planLayout(['test/a.test.js', 'test/__repro__/mine.test.js'], 'jest', 'x');
    assert.equal(taken.fileFor(1), 'test/__repro__2/r1.test.js', "a folder that is the user's is never written into");
    assert.equal(planLayout(['src/a.js'], 'node-test', 'x').fileFor(1), 'test/__repro__/r1.test.js');
  });

  test("files are named to the workspace's runner, keeping its options and dropping its globs", () => {
    const ws = '/nonexistent-workspace';
    const files = ['test/__repro__/r1.test.js'];
    assert.equal(fileRunner(planForCommand('node --import tsx --test test/*.test.ts', ws))!.commandFor(files), 'node --import tsx --test test/__repro__/r1.test.js');
    assert.equal(fileRunner(planForCommand('npx jest --config=jest.ci.js --runInBand src', ws))!.commandFor(files), "npx jest --config=jest.ci.js 'test/__repro__/r1\\.test\\.js$'");
    assert.equal(fileRunner(planForCommand('python3 -m unittest discover -s tests', ws))!.commandFor(['tests/__repro__/test_r1.py']), 'python3 -m unittest tests/__repro__/test_r1.py');
    assert.equal(fileRunner(planForCommand('go test ./...', ws)), null, 'go takes packages, not files');
    assert.equal(fileRunner(planForCommand('make check', ws)), null, 'an unknown runner cannot be given files');
  });
});

describe('reading and merging tests from answers', () => {
  test('the longest fenced block is the test; an answer without one holds none', () => {
    assert.equal(testFromAnswer('Sure.\n```\nx\n```\n\n```js\nconst a = 1;\nconst b = 2;\n```\n'), 'const a = 1;\nconst b = 2;\n');
    assert.equal(testFromAnswer('No code here.'), null);
  });

  test('spacing, blank lines and line ends do not make a different test', () => {
    assert.equal(normalizeTest('a(1,  2);\r\n\r\n  b();\n'), normalizeTest('a(1, 2);\nb();'));
    assert.notEqual(normalizeTest('a(1, 2);'), normalizeTest('a(2, 1);'));
  });
});

describe('choosing among candidates by their behaviour on the reproduction tests', () => {
  const node = (id: string, passed: string[], failed: string[], over: Partial<SearchNode> = {}): SearchNode => ({
    id,
    parent: 'root',
    round: 1,
    status: 'failed',
    votes: 1,
    tokens: { prompt: 0, completion: 0 },
    costUsd: 0,
    timings: {},
    source: 'model',
    reward: 0.55,
    diff: `--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+${id}\n`,
    repro: { passed, failed },
    verdict: { tests: { passed: 2, failed: 0, total: 2 }, level: 'per-test', fixed: [], regressed: [], stillFailing: [], passedAll: false, outputExcerpt: '', failures: [], timedOut: false, durationMs: 1 },
    ...over,
  });

  test('among equal rewards the largest group that behaves alike wins, and the reasons say so', () => {
    const lone = node('n1', ['r2'], ['r1']);
    const a = node('n2', ['r1'], ['r2']);
    const b = node('n3', ['r1'], ['r2']);
    const ranked = rankCandidates([lone, a, b]);
    assert.deepEqual(ranked.map((n) => n.id), ['n2', 'n3', 'n1'], 'n2 and n3 agree; the earlier of them leads');
    const why = explainWinner(ranked[0]!, [lone, a, b]);
    assert.ok(why.includes('passes reproduction test r1 (1/2)'), why.join('; '));
    assert.ok(why.includes('1 other sample behaves the same on the reproduction tests'), why.join('; '));
  });

  test('a candidate with regressions takes no part in the agreement', () => {
    const lone = node('n1', ['r2'], ['r1']);
    const broken = node('n2', ['r1'], ['r2'], { verdict: { ...node('x', [], []).verdict!, regressed: ['t'] } });
    const other = node('n3', ['r1'], ['r2']);
    assert.equal(rankCandidates([lone, broken, other])[0]!.id, 'n1', 'n1 and n3 are one each; n1 is earlier');
  });
});

describe('the reasoning tree', () => {
  test('shows the reproduction tests as a branch of their own, and which each candidate passes', () => {
    const model = new TreeModel();
    model.apply({ type: 'search-started', searchId: 's', task: 't', workspace: '/w', testCommand: 'node --test', snapshot: 'c' });
    model.apply({
      type: 'repro',
      tests: [
        { id: 'r1', file: 'test/__repro__/r1.test.js', status: 'valid', baseFailure: 'FAIL x', content: 'secret-free content', testIds: ['x'] },
        { id: 'r2', file: 'test/__repro__/r2.test.js', status: 'discarded', reason: 'passes on the current code', content: '' },
      ],
    });
    const n: SearchNode = { id: 'n1', parent: 'root', round: 1, status: 'passed', votes: 1, tokens: { prompt: 1, completion: 1 }, costUsd: 0, timings: {}, source: 'model', repro: { passed: ['r1'], failed: [] } };
    model.apply({ type: 'node', node: n });
    const rows = model.rows();
    assert.deepEqual(rows.map((r) => r.key), ['root', 'repro', 'repro-r1', 'repro-r2', 'round-1', 'n1']);
    const group = rows[1]!;
    assert.ok(group.kind === 'repro-group' && group.valid === 1 && group.total === 2);
    const r2 = rows[3]!;
    assert.ok(r2.kind === 'repro' && r2.test.reason === 'passes on the current code');
    assert.equal(JSON.stringify(model.search).includes('secret-free content'), false, 'test contents stay out of the webview');
    assert.deepEqual(model.node('n1')?.repro, { passed: ['r1'], failed: [] });
    assert.deepEqual(model.rows(new Set(['repro'])).map((r) => r.key), ['root', 'repro', 'round-1', 'n1']);
  });
});

describe('the CLI text output', () => {
  test('lists the reproduction tests as their own branch with how each fails now or why it was discarded', () => {
    const text = renderRepro([
      { id: 'r1', file: 'test/__repro__/r1.test.js', status: 'valid', baseFailure: "1 failed\nFAIL accents\n  Expected values to be strictly equal:\n  + actual - expected\n  + 'cr-me'\n  - 'creme'\n", content: '' },
      { id: 'r2', file: 'test/__repro__/r2.test.js', status: 'discarded', reason: 'passes on the current code, so it does not reproduce the task', content: '' },
    ]);
    assert.equal(
      text,
      [
        'reproduction tests: 1 valid, 1 discarded',
        '├─ ✔ r1 valid  test/__repro__/r1.test.js',
        "│     fails now: Expected values to be strictly equal: + 'cr-me' - 'creme'",
        '└─ ⊘ r2 discarded  test/__repro__/r2.test.js',
        '      passes on the current code, so it does not reproduce the task',
      ].join('\n'),
    );
  });
});
