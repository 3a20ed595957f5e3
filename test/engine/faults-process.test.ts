// The engine's own process dying mid-search, two searches sharing a repository, and the user
// editing the workspace while a search runs.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIX_BLOCKS, FIX_DIFF } from '../support/answers';
import { fixWith } from '../support/faults-answers';
import { goneWithin, killTagged, processesWith, sleepTag, startedWithin } from '../support/faults-process';
import { jailUnavailable, logsOf, RANGE_TESTS, searchWith } from '../support/faults-search';
import { startFakeOpenAI } from '../support/fake-openai';
import { captureState, snapshotRefs, worktreePaths } from '../support/git-state';
import { BUGGY_RANGE_REPO, makeRepo } from '../support/repo';
import { privateTmp } from '../support/search';

const CHILD = resolve(__dirname, '..', 'support', 'faults-child.ts');
const RANGE_LOOP = '  for (let i = start; i < end; i++) {';

describe('process faults', () => {
  let tmp: ReturnType<typeof privateTmp>;
  before(() => {
    tmp = privateTmp();
  });
  after(() => tmp.restore());

  test('SIGKILL during a test run: the jailed run dies with the engine, and the next search cleans up and works', { timeout: 180_000 }, async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const tag = sleepTag();
    t.after(() => killTagged(tag));
    const server = await startFakeOpenAI({ reply: () => fixWith(`require('child_process').execSync('sleep ${tag}');`, 'Fix, slowly.') });
    t.after(() => server.close());

    const config = { baseURL: server.url, options: { workspace: repo.dir, testCommand: RANGE_TESTS, samples: 1, rounds: 1, testTimeoutMs: 300_000 } };
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(config)], {
      env: { ...process.env, TMPDIR: tmp.dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const closed = new Promise<void>((done) => child.on('close', () => done()));
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    assert.ok(await startedWithin(tag, 120_000), `the candidate's test run started:\n${output}`);
    child.kill('SIGKILL');
    await closed;

    assert.ok(snapshotRefs(repo).length > 0, 'the killed search left its ref');
    assert.ok(worktreePaths(repo).length > 1, 'and its worktree');
    assert.ok(tmp.leftovers().length > 0, 'and its folder');
    if (!(await jailUnavailable())) {
      assert.ok(await goneWithin(tag), `the jailed test run outlived the engine: ${processesWith(tag).join(', ')}`);
    }
    killTagged(tag);

    const next = await searchWith(repo.dir, () => FIX_BLOCKS, { samples: 1 });
    assert.equal(next.result.status, 'solved');
    assert.ok(logsOf(next.events).some((l) => /^info: Removed [1-9]\d* worktree\(s\) and 1 ref\(s\) left by an interrupted search\.$/.test(l)), logsOf(next.events).join('\n'));
    assert.deepEqual(snapshotRefs(repo), []);
    assert.deepEqual(worktreePaths(repo), [repo.dir]);
    assert.deepEqual(tmp.leftovers(), []);
  });

  test('two searches at once on one repository both solve and leave it as it was', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    repo.write('notes.txt', 'uncommitted\n');
    const before = captureState(repo);
    const [a, b] = await Promise.all([
      searchWith(repo.dir, () => FIX_BLOCKS, { samples: 1 }),
      searchWith(repo.dir, () => FIX_DIFF, { samples: 1 }),
    ]);
    for (const r of [a, b]) {
      assert.equal(r.result.status, 'solved', JSON.stringify(r.result.nodes.map((n) => [n.status, n.reason])));
      assert.deepEqual([r.result.best?.tests?.passed, r.result.best?.tests?.failed], [3, 0]);
    }
    assert.notEqual(a.result.searchId, b.result.searchId);
    assert.equal(a.result.best?.diff, b.result.best?.diff, 'both found the same fix, each in its own worktrees');
    assert.deepEqual(captureState(repo), before);
    assert.deepEqual(snapshotRefs(repo), []);
    assert.deepEqual(tmp.leftovers(), []);
  });

  test('the user edits the fixed line during the search: apply refuses and the edit is kept', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const file = join(repo.dir, 'src/range.js');
    const edited = readFileSync(file, 'utf8').replace(RANGE_LOOP, '  for (let i = start; i < end; i += 1) {');
    const r = await searchWith(
      repo.dir,
      () => {
        // The request arrives after the snapshot: the user is typing while the model thinks.
        repo.write('src/range.js', edited);
        return FIX_BLOCKS;
      },
      { samples: 1, apply: true },
    );
    assert.equal(r.result.status, 'solved');
    assert.equal(r.result.applied, false);
    assert.match(r.result.applyError!, /Nothing was applied: src\/range\.js has edits that overlap the fix\. Your files are unchanged\./);
    assert.equal(readFileSync(file, 'utf8'), edited);
  });

  test('without merging, any edit to a fixed file refuses the apply, even one far from the fix', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const file = join(repo.dir, 'src/range.js');
    const edited = readFileSync(file, 'utf8') + '// a note the user added\n';
    const r = await searchWith(
      repo.dir,
      () => {
        repo.write('src/range.js', edited);
        return FIX_BLOCKS;
      },
      { samples: 1, apply: true, allowMerge: false },
    );
    assert.equal(r.result.applied, false);
    assert.match(r.result.applyError!, /src\/range\.js was edited since the search started/);
    assert.equal(readFileSync(file, 'utf8'), edited);
  });
});
