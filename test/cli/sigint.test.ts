import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { HANG } from '../support/answers';
import { runCli } from '../support/cli';
import { startFakeOpenAI } from '../support/fake-openai';
import { BUGGY_RANGE_REPO, makeRepo } from '../support/repo';

test('SIGINT mid-search stops requests and test runs, cleans up, and still reports', async (t) => {
  const repo = makeRepo(BUGGY_RANGE_REPO);
  const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'sws-sigint-')));
  t.after(() => {
    repo.remove();
    rmSync(tmp, { recursive: true, force: true });
  });
  // Every answer makes the tests hang, so a test run is in flight when the signal comes.
  const server = await startFakeOpenAI({ reply: () => HANG });
  t.after(() => server.close());
  let sent = false;
  const run = await runCli(
    ['solve', '--workspace', repo.dir, '--test-command', 'node --test', '--samples', '2', '--rounds', '3', '--test-timeout-s', '300',
      '--base-url', server.url, '--model', 'scripted', '--json', '--apply'],
    {
      env: { TMPDIR: tmp },
      onStderr: (text, kill) => {
        // Interrupt during round 1: whether the run has started or not, the result must be the same.
        if (!sent && /round 1/.test(text)) {
          sent = true;
          setTimeout(() => kill('SIGINT'), 2000);
        }
      },
    },
  );
  assert.ok(sent, run.stderr);
  assert.equal(run.code, 1, run.stderr);
  const out = JSON.parse(run.stdout);
  assert.equal(out.status, 'cancelled');
  assert.equal(out.applied, false);
  assert.equal(out.candidates.length, 2, 'both candidates are reported');
  assert.match(out.stopReason, /cancelled/);
  assert.equal(repo.git('worktree', 'list').split('\n').length, 1, 'no worktree left');
  assert.equal(repo.git('for-each-ref', 'refs/solve-with-search'), '', 'no temporary ref left');
  assert.equal(repo.git('status', '--porcelain'), '', 'the workspace is untouched');
  const root = join(tmp, 'solve-with-search');
  const files = existsSync(root) ? readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => !e.isDirectory()) : [];
  assert.deepEqual(files.map((e) => join(e.parentPath, e.name)), [], 'no file left in the temporary folder');
});
