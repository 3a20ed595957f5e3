// The API key goes to the model server and nowhere else: not into test runs, events, traces,
// errors, node fields, JSON output or the terminal. Allowed variables do reach every run.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIX_BLOCKS, WRONG_FIX } from '../support/answers';
import { CLI, runCli } from '../support/cli';
import { startFakeOpenAI } from '../support/fake-openai';
import { searchWith } from '../support/faults-search';
import { BUGGY_RANGE_REPO, makeRepo } from '../support/repo';
import { privateTmp } from '../support/search';

const KEY = `sk-sws-leakcheck-${randomBytes(12).toString('hex')}`;
const ENV_FOR_RUNS = { SERVICE_TOKEN: 'allowed-value', BUILD_LABEL: `label-${KEY}` };
// Passes only when the allowed token arrived and neither the key nor a variable holding it did.
const CHECKING_COMMAND = 'env; test "$SERVICE_TOKEN" = allowed-value && test -z "$BUILD_LABEL" && test -z "$OPENAI_API_KEY" && node test/range.test.js';

function assertNoKey(what: string, text: string): void {
  assert.ok(text.length > 0, `${what} is not empty`);
  for (const piece of [KEY, KEY.slice(-16)]) assert.ok(!text.includes(piece), `${what} contains the API key`);
}

describe('the API key', () => {
  let tmp: ReturnType<typeof privateTmp>;
  const saved: Record<string, string | undefined> = {};
  before(() => {
    tmp = privateTmp();
    for (const [k, v] of Object.entries({ ...ENV_FOR_RUNS, OPENAI_API_KEY: KEY })) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  after(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    tmp.restore();
  });

  test('engine: runs get the allowed variables but never the key; events, trace and result hold no trace of it', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const r = await searchWith(
      repo.dir,
      () => ({ answers: [WRONG_FIX, FIX_BLOCKS] }),
      { samples: 2, stopPolicy: 'best-of-budget', testCommand: CHECKING_COMMAND, secretValues: [KEY], envAllow: ['SERVICE_TOKEN', 'BUILD_LABEL'] },
      { provider: { apiKey: KEY }, server: { apiKey: KEY } },
    );
    assert.ok(r.server.requests.every((q) => q.authorized), 'the key did reach the model server');
    assert.equal(r.result.baseline?.level, 'per-test', 'the baseline run saw the allowed token and no key');
    assert.equal(r.result.baseline?.failing.length, 2);
    assert.equal(r.result.status, 'solved', 'so did the candidate runs');
    assertNoKey('events', JSON.stringify(r.events));
    assertNoKey('trace', JSON.stringify(r.trace));
    assertNoKey('result', JSON.stringify(r.result));
  });

  test('engine: a server echoing the key in its 401 does not put it into node reasons', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const r = await searchWith(repo.dir, () => FIX_BLOCKS, { samples: 2, secretValues: [KEY] }, { provider: { apiKey: KEY }, server: { apiKey: 'sk-the-right-one-0000000000' } });
    assert.ok(r.result.nodes.length > 0);
    for (const n of r.result.nodes) assert.match(n.reason ?? '', /refused the API key \(401\)/);
    assertNoKey('events', JSON.stringify(r.events));
    assertNoKey('trace', JSON.stringify(r.trace));
    assertNoKey('result', JSON.stringify(r.result));
  });

  test('CLI: stdout, stderr, the JSON result and the trace file never show the key, on success or refusal', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    const good = await startFakeOpenAI({ reply: () => ({ answers: [WRONG_FIX, FIX_BLOCKS] }), apiKey: KEY });
    const refusing = await startFakeOpenAI({ reply: () => FIX_BLOCKS, apiKey: 'sk-the-right-one-0000000000' });
    const trace = join(tmp.dir, 'trace.jsonl');
    t.after(async () => {
      repo.remove();
      rmSync(trace, { force: true });
      await good.close();
      await refusing.close();
    });
    assert.ok(existsSync(CLI), 'dist/cli.js is built (npm run build)');
    const env = { TMPDIR: tmp.dir, OPENAI_API_KEY: KEY, ...ENV_FOR_RUNS };
    const args = (url: string) => [
      'solve', '--workspace', repo.dir, '--test-command', CHECKING_COMMAND, '--samples', '2', '--rounds', '1', '--stop', 'best-of-budget',
      '--allow-env', 'SERVICE_TOKEN', '--allow-env', 'BUILD_LABEL', '--base-url', url, '--model', 'scripted', '--json', '--trace', trace,
    ];

    const solved = await runCli(args(good.url), { env });
    assert.equal(solved.code, 0, solved.stderr);
    assert.equal(JSON.parse(solved.stdout).status, 'solved');
    assertNoKey('stdout', solved.stdout);
    assertNoKey('stderr', solved.stderr);
    assertNoKey('trace file', readFileSync(trace, 'utf8'));

    const refused = await runCli(args(refusing.url), { env });
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr + refused.stdout, /refused the API key/);
    assertNoKey('stdout', refused.stdout);
    assertNoKey('stderr', refused.stderr);
    assertNoKey('trace file', readFileSync(trace, 'utf8'));
  });
});
