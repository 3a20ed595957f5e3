import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { preferencePairs } from '../../src/engine/preference';
import { jsonlSink } from '../../src/engine/trace';
import { parseTrace } from '../../src/engine/traceSchema';
import { FIX_BLOCKS, HANG, NOOP_COMMENT, PARTIAL_FIX, PROSE, WRONG_FIX } from '../support/answers';
import { BUGGY_RANGE_REPO, makeRepo } from '../support/repo';
import { privateTmp, solveWith } from '../support/search';

const userText = (body: { messages: Array<{ role: string; content: string }> }) =>
  body.messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n');

describe('search tree, budgets and stopping', () => {
  let tmp: ReturnType<typeof privateTmp>;
  before(() => {
    tmp = privateTmp();
  });
  after(() => tmp.restore());

  test('round 2 refines the partial fix with its failing output and passes', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const r = await solveWith(repo.dir, (req) => (userText(req.body).includes('i === start && start === end') ? FIX_BLOCKS : { answers: [PROSE, PARTIAL_FIX] }), {
      samples: 2,
      rounds: 3,
    });
    assert.equal(r.result.status, 'solved');
    const best = r.result.best!;
    assert.equal(best.round, 2);
    const parent = r.result.nodes.find((n) => n.id === best.parent)!;
    assert.equal(parent.status, 'failed');
    assert.equal(parent.verdict!.fixed.length, 1, 'the partial fix fixed one of two targets');
    const refinement = userText(r.server.requests[1]!.body);
    assert.match(refinement, /i === start && start === end/, 'the child prompt carries the parent patch');
    assert.match(refinement, /range includes both ends/, 'and the name of the test it still fails');
    assert.match(refinement, /deepStrictEqual|deep-equal/i, 'and the assertion message');
    assert.ok(r.result.why.includes(`refined from ${parent.id}`));
    assert.match(r.result.stopReason!, /first-pass/);
  });

  test('the candidate budget stops the search at the right place', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const r = await solveWith(repo.dir, () => ({ answers: [WRONG_FIX, NOOP_COMMENT, PROSE] }), {
      samples: 4,
      rounds: 5,
      budget: { candidates: 6 },
    });
    assert.equal(r.result.nodes.length, 6);
    assert.deepEqual(r.result.nodes.map((n) => n.round), [1, 1, 1, 1, 2, 2]);
    assert.match(r.result.stopReason!, /candidate budget/);
    assert.equal(r.result.status, 'unsolved');
  });

  test('the token budget shrinks rounds to what fits and stops before it is exceeded', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const r = await solveWith(repo.dir, () => WRONG_FIX, { samples: 4, rounds: 5, maxTokens: 400, budget: { tokens: 3000 } });
    const used = r.result.stats.promptTokens + r.result.stats.completionTokens;
    assert.ok(used > 0 && used <= 3000, `used ${used} tokens`);
    assert.ok(r.result.nodes.filter((n) => n.round === 1).length < 4, 'round 1 was shrunk to fit');
    assert.ok(Math.max(...r.result.nodes.map((n) => n.round)) < 5, 'the search stopped before its last round');
    assert.match(r.result.stopReason!, /token budget|would exceed the budget/);
  });

  test('the dollar budget is checked against the estimate before a round is requested', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    // $1 per thousand tokens: one sample is estimated near a dollar, so $2 pays for round 1 only.
    const r = await solveWith(
      repo.dir,
      () => WRONG_FIX,
      { samples: 2, rounds: 5, maxTokens: 400, budget: { usd: 2 } },
      { price: { inputPerMTok: 1000, outputPerMTok: 1000 } },
    );
    assert.ok(r.result.stats.costUsd > 0 && r.result.stats.costUsd <= 2, `cost ${r.result.stats.costUsd}`);
    assert.ok(r.server.requests.length < 5);
    assert.match(r.result.stopReason!, /would exceed the budget|dollar budget/);
    const nodeCost = r.result.nodes.reduce((s, n) => s + n.costUsd, 0);
    assert.ok(Math.abs(nodeCost - r.result.stats.costUsd) < 1e-9, 'node costs add up to the search total');
  });

  test('the time budget cancels in-flight requests and still reports', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const r = await solveWith(repo.dir, () => ({ hang: true }), { samples: 2, rounds: 3, budget: { timeMs: 1500 } });
    assert.equal(r.result.status, 'unsolved');
    assert.match(r.result.stopReason!, /time budget/);
    assert.ok(r.result.nodes.every((n) => n.status === 'error' && /time budget/.test(n.reason!)), JSON.stringify(r.result.nodes.map((n) => n.reason)));
    assert.deepEqual(tmp.leftovers(), []);
    assert.equal(repo.git('worktree', 'list').split('\n').length, 1);
  });

  test('first-pass cancels the test runs still in flight', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const r = await solveWith(repo.dir, () => ({ answers: [HANG, FIX_BLOCKS] }), { samples: 2, concurrency: 2, testTimeoutMs: 120_000 });
    assert.equal(r.result.status, 'solved');
    const hang = r.result.nodes[0]!;
    assert.equal(hang.status, 'error');
    assert.match(hang.reason!, /first-pass/, 'stopped because a candidate passed, not by its own timeout');
    assert.deepEqual(tmp.leftovers(), []);
  });

  test('best-of-budget spends every round, then picks', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const r = await solveWith(repo.dir, () => ({ answers: [FIX_BLOCKS, WRONG_FIX] }), { samples: 2, rounds: 2, stopPolicy: 'best-of-budget' });
    assert.equal(r.result.status, 'solved');
    assert.equal(r.server.requests.length, 2, 'the second round ran although round 1 had a winner');
    assert.match(r.result.stopReason!, /all 2 round/);
  });

  test('the plateau rule stops when rounds bring no better reward', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const r = await solveWith(repo.dir, () => ({ answers: [NOOP_COMMENT, WRONG_FIX] }), { samples: 2, rounds: 6, plateauRounds: 1 });
    assert.equal(Math.max(...r.result.nodes.map((n) => n.round)), 2, 'round 2 brought nothing better, so round 3 never started');
    assert.match(r.result.stopReason!, /plateau/);
  });

  test('the trace validates against its schema and the preference export pairs siblings of one prompt', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const file = join(tmp.dir, 'trace.jsonl');
    t.after(() => rmSync(file, { force: true }));
    const sink = jsonlSink(file, []);
    const r = await solveWith(repo.dir, () => ({ answers: [WRONG_FIX, FIX_BLOCKS, PROSE, FIX_BLOCKS] }), { samples: 4, stopPolicy: 'best-of-budget' }, { trace: sink });
    sink.close();
    const records = parseTrace(readFileSync(file, 'utf8'));
    assert.equal(records[0]!.type, 'search');
    assert.equal(records.at(-1)!.type, 'summary');
    const nodes = records.filter((x) => x.type === 'node');
    assert.equal(nodes.length, r.result.nodes.length);
    const passed = nodes.find((n) => n.type === 'node' && n.status === 'passed')!;
    assert.ok(passed.type === 'node' && passed.messages && passed.answer === FIX_BLOCKS && passed.reward === 1);
    const pairs = preferencePairs(records);
    // One passing answer (its copy is a duplicate) against the failing and the unparseable sibling.
    assert.equal(pairs.length, 2);
    assert.ok(pairs.every((p) => p.chosen === FIX_BLOCKS));
    assert.deepEqual(pairs.map((p) => p.rejected).sort(), [PROSE, WRONG_FIX].sort());
    assert.deepEqual(pairs.map((p) => p.meta.rejectedStatus).sort(), ['failed', 'unparseable']);
  });
});
