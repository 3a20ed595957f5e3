// A misbehaving model endpoint costs the search only the samples it spoiled: each becomes an
// error node with its reason, and the other samples are still verified.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { SearchNode } from '../../src/engine/types';
import { FIX_BLOCKS, WRONG_FIX } from '../support/answers';
import type { FakeReply } from '../support/fake-openai';
import { searchWith } from '../support/faults-search';
import { BUGGY_RANGE_REPO, makeRepo } from '../support/repo';
import { privateTmp } from '../support/search';

const reasons = (nodes: SearchNode[], status: string) => nodes.filter((n) => n.status === status).map((n) => n.reason ?? '');

/** Replies by arrival order; a server that ignores `n` makes the client ask once per sample after the first. */
const scripted = (replies: FakeReply[]) => (req: { index: number }) => replies[req.index] ?? { status: 500 };

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('model endpoint faults', () => {
  let tmp: ReturnType<typeof privateTmp>;
  before(() => {
    tmp = privateTmp();
  });
  after(() => tmp.restore());

  test('500, 429, garbage, a cut body, an enormous reply and a reply past the timeout each spoil one sample; the fix still wins', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const r = await searchWith(
      repo.dir,
      scripted([
        { answers: [WRONG_FIX] },
        { status: 500 },
        { status: 429, headers: { 'retry-after': '0' } },
        { raw: '<html>502 Bad Gateway</html>' },
        { answers: [FIX_BLOCKS], cutAfterChunks: 2 },
        { answers: [`Plan: ramble.\n\n${'word '.repeat(60_000)}`] },
        { answers: [FIX_BLOCKS], delayMs: 15_000 },
        { answers: [FIX_BLOCKS] },
      ]),
      { samples: 8, stopPolicy: 'best-of-budget' },
      { server: { honourN: false }, provider: { timeoutMs: 3000, maxRetries: 0 } },
    );
    const nodes = r.result.nodes;
    assert.equal(r.result.status, 'solved', JSON.stringify(nodes.map((n) => [n.status, n.reason])));
    assert.equal(nodes.length, 8);
    const errors = reasons(nodes, 'error');
    const expected = [/failed \(500\)/, /Rate limited by .* \(429\)/, /not valid JSON|not an OpenAI|not what/i, /cut off|dropped/, /No reply from the model server .* within 3 s/];
    for (const re of expected) assert.equal(errors.filter((e) => re.test(e)).length, 1, `${re} in ${JSON.stringify(errors)}`);
    assert.equal(errors.length, 5);
    assert.ok(errors.every((e) => !/undefined|\[object/.test(e)), 'reasons are readable');
    assert.equal(reasons(nodes, 'unparseable').length, 1, 'the enormous ramble is read, capped and found to hold no change');
    assert.equal(nodes.filter((n) => n.status === 'failed').length, 1);
    assert.equal(nodes.filter((n) => n.status === 'passed').length, 1);
    assert.equal(r.result.stats.testRuns, 2, 'only the two real candidates were tested');
  });

  test('a stream cut in the middle spoils its sample only', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const r = await searchWith(
      repo.dir,
      scripted([{ answers: [WRONG_FIX] }, { answers: [FIX_BLOCKS], cutAfterChunks: 3 }, { answers: [FIX_BLOCKS] }]),
      { samples: 3, stopPolicy: 'best-of-budget' },
      { server: { honourN: false }, provider: { stream: true, maxRetries: 0 } },
    );
    assert.equal(r.result.status, 'solved');
    assert.deepEqual(
      reasons(r.result.nodes, 'error').map((e) => /cut off|dropped/.test(e)),
      [true],
      JSON.stringify(r.result.nodes.map((n) => [n.status, n.reason])),
    );
  });

  test('429 with and without retry-after is waited out and retried', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const r = await searchWith(
      repo.dir,
      scripted([{ status: 429, headers: { 'retry-after': '1' } }, { status: 429 }, { answers: [FIX_BLOCKS] }]),
      { samples: 1 },
      { provider: { maxRetries: 2 } },
    );
    assert.equal(r.result.status, 'solved');
    assert.equal(r.server.requests.length, 3);
    assert.equal(r.result.nodes[0]!.status, 'passed');
  });

  test('connection refused: every sample is an error node, the search ends unsolved and cleans up', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const port = await closedPort();
    const r = await searchWith(repo.dir, () => FIX_BLOCKS, { samples: 3, rounds: 2 }, { provider: { baseURL: `http://127.0.0.1:${port}/v1` } });
    assert.equal(r.result.status, 'unsolved');
    assert.equal(r.result.error, undefined);
    assert.ok(r.result.baseline, 'the baseline ran');
    assert.ok(r.result.nodes.length >= 3);
    for (const n of r.result.nodes) {
      assert.equal(n.status, 'error');
      assert.match(n.reason!, /Could not reach the model server at http:\/\/127\.0\.0\.1:\d+\/v1 \(ECONNREFUSED\)/);
    }
    assert.equal(r.result.stats.testRuns, 0);
    assert.deepEqual(tmp.leftovers(), []);
  });
});
