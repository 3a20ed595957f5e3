// Staged verification end to end: the real engine, a scripted model, a real jest suite (its
// JSON report written from inside the sandbox when bubblewrap is available).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { calcFix, makeRunnerRepo } from '../support/runners-fixtures';
import { privateTmp, solveWith } from '../support/search';

function block(path: string, search: string, replace: string, plan: string): string {
  return `Plan: ${plan}\n\n${path}\n\`\`\`js\n<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE\n\`\`\`\n`;
}

describe('staged verification', () => {
  let tmp: ReturnType<typeof privateTmp>;
  before(() => {
    tmp = privateTmp();
  });
  after(() => tmp.restore());

  test('a candidate that fixes no target stops after stage 1; a good one passes stage 2', async (t) => {
    const repo = makeRunnerRepo('jest', { flaky: false });
    t.after(() => repo.remove());
    const fix = calcFix('jest');
    const good = block(fix.path, fix.search, fix.replace, 'Multiply instead of adding.');
    const idle = block('src/calc.js', 'function sub(a, b) {\n  return a - b;', 'function sub(a, b) {\n  return -(b - a);', 'Rewrite sub.');

    const r = await solveWith(repo.dir, () => ({ answers: [idle, good] }), { testCommand: 'npm test', samples: 2, stopPolicy: 'best-of-budget' });

    const logs = r.events.flatMap((e) => (e.type === 'log' ? [e.message] : []));
    assert.ok(logs.some((m) => /^Stage 1: each candidate first runs the 1 failing test \(name filter \(-t\) and test files\)/.test(m)), logs.join('\n'));
    assert.ok(logs.some((m) => /^Per-test results from jest: JSON report/.test(m)), logs.join('\n'));
    assert.equal(r.result.status, 'solved');
    const [stopped, passed] = r.result.nodes;

    assert.equal(stopped!.status, 'failed');
    assert.equal(stopped!.reason, 'fixes none of the 1 target test (stage 1)');
    assert.equal(typeof stopped!.timings.stage1Ms, 'number');
    // The stage-1 report is the runner's own: only the target ran, the other tests were filtered out.
    const v = stopped!.verdict!;
    assert.deepEqual({ failed: v.tests.failed, passed: v.tests.passed }, { failed: 1, passed: 0 });
    assert.deepEqual(v.stillFailing, ['test/mul.test.js > calc > multiplies (a*b)']);
    assert.deepEqual(v.regressed, [], 'tests that did not run in stage 1 are no regressions');
    assert.equal(stopped!.reward, 0.4);

    assert.equal(passed!.status, 'passed');
    assert.equal(typeof passed!.timings.stage1Ms, 'number');
    assert.ok(passed!.timings.testMs! >= passed!.timings.stage1Ms!, 'testMs covers both stages');
    assert.deepEqual(passed!.verdict!.fixed, ['test/mul.test.js > calc > multiplies (a*b)']);
    assert.deepEqual({ passed: passed!.verdict!.tests.passed, total: passed!.verdict!.tests.total }, { passed: 4, total: 4 }, 'stage 2 ran the full suite');

    assert.equal(r.result.stats.stage1Runs, 2);
    assert.equal(r.result.stats.testRuns, 3, 'two stage-1 runs and one full run');
    assert.deepEqual(tmp.leftovers(), []);
    assert.equal(repo.git('status', '--porcelain'), '', 'nothing left in the workspace');
  });
});
