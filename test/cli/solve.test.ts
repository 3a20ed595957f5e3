import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIX_BLOCKS, PROSE, TEST_EDIT, WRONG_FIX } from '../support/answers';
import { CLI, runCli } from '../support/cli';
import { startFakeOpenAI, type FakeServer } from '../support/fake-openai';
import { BUGGY_RANGE_REPO, makeRepo } from '../support/repo';

const KEY = 'sk-test-DO-NOT-LEAK-4f9a2c';

describe('solve command', () => {
  let server: FakeServer;
  let answers: string[] = [];
  before(async () => {
    assert.ok(existsSync(CLI), 'dist/cli.js is built (npm run build)');
    server = await startFakeOpenAI({ reply: () => ({ answers }), apiKey: KEY });
  });
  after(() => server.close());

  test('--json --apply: exit 0, one JSON object on stdout, the fix on disk, the key nowhere', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    answers = [PROSE, TEST_EDIT, WRONG_FIX, FIX_BLOCKS];
    const trace = join(repo.dir, '..', `${repo.dir.split('/').pop()}-trace.jsonl`);
    t.after(() => rmSync(trace, { force: true }));
    const run = await runCli(
      ['solve', '--workspace', repo.dir, '--test-command', 'node --test', '--samples', '4', '--rounds', '1',
        '--base-url', server.url, '--model', 'scripted', '--api-key-env', 'SWS_TEST_KEY', '--apply', '--json', '--trace', trace,
        // Every verdict must be in: first-pass could cancel the failing candidate's run.
        '--stop', 'best-of-budget'],
      { env: { SWS_TEST_KEY: KEY } },
    );
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 1, 'exactly one JSON object');
    const out = JSON.parse(lines[0]!);
    assert.equal(out.status, 'solved');
    assert.equal(out.applied, true);
    assert.deepEqual(Object.keys(out.best).slice(0, 5), ['id', 'plan', 'diff', 'files', 'tests']);
    assert.deepEqual(out.best.files, ['src/range.js']);
    assert.deepEqual(out.best.tests, { passed: 3, failed: 0 });
    assert.equal(out.candidates.length, 4, 'every answer appears, rejected ones included');
    assert.deepEqual(out.candidates.map((c: { status: string }) => c.status).sort(), ['failed', 'passed', 'rejected', 'unparseable']);
    for (const k of ['testRuns', 'uniqueCandidates', 'llmRequests', 'promptTokens', 'completionTokens', 'costUsd', 'wallMs']) {
      assert.equal(typeof out.stats[k], 'number', k);
    }
    assert.match(readFileSync(join(repo.dir, 'src/range.js'), 'utf8'), /i <= end/);
    assert.ok(server.requests.every((r) => r.authorized), 'the key was sent to the server');
    const traceText = readFileSync(trace, 'utf8');
    for (const text of [run.stdout, run.stderr, traceText]) assert.ok(!text.includes(KEY), 'the key never appears');
    const records = traceText.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(records[0].type, 'search');
    assert.equal(records.filter((r) => r.type === 'node').length, 4);
    assert.equal(records.at(-1).type, 'summary');
  });

  test('exit 1 when no candidate passes, and the workspace is untouched', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    answers = [WRONG_FIX];
    const run = await runCli(
      ['solve', '--workspace', repo.dir, '--test-command', 'node --test', '--samples', '1', '--rounds', '1',
        '--base-url', server.url, '--model', 'scripted', '--apply'],
      { env: { OPENAI_API_KEY: KEY } },
    );
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /unsolved/);
    assert.match(run.stdout, /cost: 1 request/);
    assert.equal(repo.git('status', '--porcelain'), '');
  });

  test('usage and configuration errors exit 2 with a one-line reason', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const cases: Array<[string[], RegExp]> = [
      [['solve', '--workspace', repo.dir, '--test-command', 'node --test', '--provider', 'openai-compatible'], /--base-url/],
      [['solve', '--workspace', repo.dir, '--provider', 'oracle'], /--provider oracle is not known/],
      [['solve', '--workspace', repo.dir, '--base-url', server.url, '--model', 'm', '--samples', 'many'], /--samples takes a whole number/],
      [['solve', '--workspace', join(repo.dir, 'nope'), '--base-url', server.url, '--model', 'm'], /not a folder/],
      [['solve', '--frobnicate'], /frobnicate/],
      [['solve', '--workspace', repo.dir, '--base-url', server.url, '--model', 'm', '--api-key-env', 'SWS_UNSET_VAR'], /SWS_UNSET_VAR/],
      [['polish'], /unknown command/],
    ];
    for (const [args, reason] of cases) {
      const run = await runCli(args);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, reason);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    }
  });

  test('a test command that cannot start is a configuration error', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    answers = [FIX_BLOCKS];
    const run = await runCli(['solve', '--workspace', repo.dir, '--test-command', 'no-such-test-runner-xyz', '--base-url', server.url, '--model', 'm', '--quiet']);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /could not be started/);
    assert.equal(repo.git('worktree', 'list').split('\n').length, 1);
  });
});

test('without a model the mutation search is the default and fixes a wrong operator', async (t) => {
  const repo = makeRepo(BUGGY_RANGE_REPO);
  t.after(() => repo.remove());
  const run = await runCli(['solve', '--workspace', repo.dir, '--test-command', 'node --test', '--samples', '4', '--rounds', '3', '--apply', '--json']);
  assert.equal(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout);
  assert.equal(out.status, 'solved');
  assert.ok(out.candidates.every((c: { source: string }) => c.source === 'mutation'));
  assert.equal(out.stats.llmRequests, 0);
  assert.match(out.best.plan, /src\/range\.js:5 .*<.*<=/);
  assert.match(readFileSync(join(repo.dir, 'src/range.js'), 'utf8'), /i <= end/);
});
