import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { preferencePairs } from '../../src/engine/preference';
import type { TraceRecord } from '../../src/engine/trace';
import { parseTrace } from '../../src/engine/traceSchema';
import type { FakeRequest } from '../support/fake-openai';
import { makeRepo } from '../support/repo';
import {
  asksForTests,
  REPRO_GOOD,
  REPRO_GOOD_SPACED,
  REPRO_PASSING,
  REPRO_SYNTAX,
  scripted,
  SLUG_EDIT_REPRO,
  SLUG_FIX,
  SLUG_NOOP,
  SLUG_REPO,
  SLUG_TASK,
} from '../support/repro-fixtures';
import { privateTmp, solveWith } from '../support/search';

const byId = <T extends { id: string }>(list: readonly T[] | undefined, id: string) => list?.find((x) => x.id === id);

describe('reproduction tests for a task no test checks', () => {
  let tmp: ReturnType<typeof privateTmp>;
  before(() => {
    tmp = privateTmp();
  });
  after(() => tmp.restore());

  test('keeps the test that fails on the base, discards passing, broken and repeated ones; the fixing candidate wins and nothing reaches the workspace', async (t) => {
    const repo = makeRepo(SLUG_REPO);
    t.after(() => repo.remove());
    const records: TraceRecord[] = [];
    const r = await solveWith(
      repo.dir,
      scripted([REPRO_GOOD, REPRO_PASSING, REPRO_SYNTAX, REPRO_GOOD_SPACED], [SLUG_NOOP, SLUG_FIX, SLUG_EDIT_REPRO]),
      // Only the engine's own protection may stop the cheat: the user's globs protect nothing here.
      { task: SLUG_TASK, repro: 4, samples: 3, stopPolicy: 'best-of-budget', protectedGlobs: ['docs/**'] },
      { trace: (rec) => records.push(rec) },
    );
    const { result } = r;
    const repro = result.reproTests!;
    assert.deepEqual(repro.map((x) => [x.id, x.status]), [['r1', 'valid'], ['r2', 'discarded'], ['r3', 'discarded'], ['r4', 'discarded']]);
    assert.equal(byId(repro, 'r1')!.file, 'test/__repro__/r1.test.js');
    assert.match(byId(repro, 'r1')!.baseFailure!, /hello-world/, 'the base failure shows what the code does today');
    assert.match(byId(repro, 'r2')!.reason!, /passes on the current code/);
    assert.match(byId(repro, 'r3')!.reason!, /does not compile: SyntaxError/);
    assert.match(byId(repro, 'r3')!.baseFailure!, /r3\.test\.js/);
    assert.equal(byId(repro, 'r4')!.duplicateOf, 'r1');
    assert.match(byId(repro, 'r4')!.reason!, /identical to r1/);
    assert.equal(r.server.requests.filter(asksForTests).length, 1);
    const asked = r.server.requests.find(asksForTests)!.body;
    assert.equal(asked.n, 4);
    // The model sees the workspace's own test as the example, the code under test and where its file goes.
    assert.match(asked.messages[1].content, /## Example test \(test\/slugify\.test\.js\)[\s\S]*## Code: src\/slugify\.js/);
    assert.match(asked.messages[1].content, /saved in the new folder `test\/__repro__\/`/);
    // Candidates are asked with the valid test shown read-only and its failure as the failing output.
    const proposing = JSON.stringify(r.server.requests.find((q) => !asksForTests(q))!.body.messages);
    assert.match(proposing, /Reproduction test r1 \(test\/__repro__\/r1\.test\.js\) fails on the current code/);
    assert.match(proposing, /### test\/__repro__\/r1\.test\.js \(read-only\)/);
    assert.doesNotMatch(proposing, /default separator/, 'discarded tests are not shown');

    assert.equal(result.status, 'solved');
    assert.equal(result.hasTargets, true);
    const fix = result.nodes.find((n) => n.plan?.startsWith('Join words'))!;
    const noop = result.nodes.find((n) => n.plan?.startsWith('Document'))!;
    const cheat = result.nodes.find((n) => n.plan?.startsWith('Relax'))!;
    assert.equal(result.best?.id, fix.id);
    assert.deepEqual(fix.repro, { passed: ['r1'], failed: [] });
    assert.equal(noop.status, 'failed', 'passing the suite alone is not passing');
    assert.deepEqual(noop.repro, { passed: [], failed: ['r1'] });
    assert.match(noop.reason!, /passes the suite but not reproduction test r1/);
    assert.ok(fix.reward! > noop.reward!);
    assert.equal(cheat.status, 'rejected');
    assert.match(cheat.reason!, /test\/__repro__\/r1\.test\.js, a protected file/);
    assert.ok(result.why.some((w) => /passes reproduction test r1 \(1\/1\)/.test(w)), result.why.join('; '));

    assert.ok(!existsSync(join(repo.dir, 'test/__repro__')), 'no generated test reaches the workspace');
    assert.equal(repo.git('status', '--porcelain'), '');
    assert.deepEqual(tmp.leftovers(), []);
    // Writing and validating the tests is paid for like any candidate.
    assert.equal(result.stats.llmRequests, 2);
    const candidateTokens = result.nodes.reduce((s, n) => s + n.tokens.prompt + n.tokens.completion, 0);
    assert.ok(result.stats.promptTokens + result.stats.completionTokens > candidateTokens);
    assert.ok((result.stats.reproRuns ?? 0) >= 3 + 2, 'three validations and a run per verified candidate');

    const parsed = parseTrace(records.map((x) => JSON.stringify(x)).join('\n'));
    assert.deepEqual(parsed.filter((x) => x.type === 'repro').map((x) => x.type === 'repro' && x.status), ['valid', 'discarded', 'discarded', 'discarded']);
    const fixRecord = parsed.find((x) => x.type === 'node' && x.id === fix.id);
    assert.deepEqual(fixRecord?.type === 'node' && fixRecord.repro, { passed: ['r1'], failed: [] });
    const testPairs = preferencePairs(parsed).filter((p) => p.meta.kind === 'repro-test');
    assert.deepEqual(testPairs.map((p) => [p.meta.chosenId, p.meta.rejectedId]), [['r1', 'r2'], ['r1', 'r3']], 'the merged repeat makes no pair');
  });

  test('keepRepro writes the valid test into the workspace after a solved search; the suite then runs it', async (t) => {
    const repo = makeRepo(SLUG_REPO);
    t.after(() => repo.remove());
    const r = await solveWith(repo.dir, scripted([REPRO_GOOD, REPRO_PASSING], [SLUG_FIX]), { task: SLUG_TASK, repro: 2, samples: 1, apply: true, keepRepro: true });
    assert.equal(r.result.status, 'solved');
    assert.deepEqual(r.result.reproKept, ['test/__repro__/r1.test.js']);
    assert.equal(readFileSync(join(repo.dir, 'test/__repro__/r1.test.js'), 'utf8'), r.result.reproTests![0]!.content);
    assert.ok(!existsSync(join(repo.dir, 'test/__repro__/r2.test.js')), 'discarded tests are never written');
    const { NODE_TEST_CONTEXT: _nested, ...env } = process.env;
    const out = execFileSync('node', ['--test', '--test-reporter=tap'], { cwd: repo.dir, encoding: 'utf8', env });
    assert.match(out, /ok \d+ - separator option/);
  });

  test('with no valid reproduction test the result is regressions-only and first-pass spends the budget', async (t) => {
    const repo = makeRepo(SLUG_REPO);
    t.after(() => repo.remove());
    // No repro option: a task in words over a passing suite asks for three tests by itself.
    let asked = 0;
    const reply = (req: FakeRequest) => ({ answers: asksForTests(req) ? [REPRO_PASSING] : [[SLUG_NOOP, SLUG_FIX][asked++ % 2]!] });
    const r = await solveWith(repo.dir, reply, { task: SLUG_TASK, samples: 1, rounds: 2, stopPolicy: 'first-pass' });
    assert.equal(r.server.requests.find(asksForTests)?.body.n, 3);
    assert.deepEqual(r.result.reproTests!.map((x) => x.status), ['discarded', 'discarded', 'discarded']);
    assert.equal(r.result.hasTargets, false);
    assert.ok(r.events.some((e) => e.type === 'log' && /regressions only/.test(e.message)));
    assert.equal(r.result.nodes.length, 2, 'a suite-passing first candidate did not stop the search');
    assert.ok(r.result.nodes.every((n) => n.status === 'passed' && n.repro === undefined));
    assert.equal(r.result.stopReason, 'all 2 round(s) done');
  });
});
