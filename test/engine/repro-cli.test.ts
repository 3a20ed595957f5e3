import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, runCli } from '../support/cli';
import { startFakeOpenAI } from '../support/fake-openai';
import { makeRepo } from '../support/repo';
import { REPRO_GOOD, REPRO_PASSING, REPRO_SYNTAX, scripted, SLUG_FIX, SLUG_NOOP, SLUG_REPO, SLUG_TASK } from '../support/repro-fixtures';

test('solve --task --repro 3 --json reports each reproduction test and what every candidate does on them', async (t) => {
  assert.ok(existsSync(CLI), 'dist/cli.js is built (npm run build)');
  const repo = makeRepo(SLUG_REPO);
  t.after(() => repo.remove());
  const server = await startFakeOpenAI({ reply: scripted([REPRO_GOOD, REPRO_PASSING, REPRO_SYNTAX], [SLUG_NOOP, SLUG_FIX]) });
  t.after(() => server.close());

  const run = await runCli([
    'solve', '--workspace', repo.dir, '--task', SLUG_TASK, '--repro', '3', '--samples', '2', '--rounds', '1',
    '--stop', 'best-of-budget', '--base-url', server.url, '--model', 'scripted', '--json',
  ]);
  assert.equal(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout);
  assert.equal(out.status, 'solved');
  assert.equal(out.regressionsOnly, false);
  assert.deepEqual(
    out.reproTests.map((r: { id: string; file: string; status: string }) => [r.id, r.file, r.status]),
    [['r1', 'test/__repro__/r1.test.js', 'valid'], ['r2', 'test/__repro__/r2.test.js', 'discarded'], ['r3', 'test/__repro__/r3.test.js', 'discarded']],
  );
  assert.match(out.reproTests[0].baseFailure, /hello-world/);
  assert.equal(out.reproTests[0].reason, undefined);
  assert.match(out.reproTests[1].reason, /passes on the current code/);
  assert.match(out.reproTests[2].reason, /does not compile/);
  const repro = Object.fromEntries(out.candidates.map((c: { plan: string; repro: unknown }) => [c.plan.split(' ')[0], c.repro]));
  assert.deepEqual(repro, { Document: { passed: [], failed: ['r1'] }, Join: { passed: ['r1'], failed: [] } });
  assert.match(out.best.plan, /^Join words/);
  assert.ok(out.best.why.some((w: string) => w.includes('passes reproduction test r1')), out.best.why);
  assert.equal(typeof out.stats.reproRuns, 'number');
  assert.match(run.stderr, /Reproduction tests: 1 of 3 fail on the current code as they should/);
  assert.ok(!existsSync(join(repo.dir, 'test/__repro__')));
});
