import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pruneLeftovers, releaseSnapshot, takeSnapshot, WorktreePool } from '../../src/engine/sandbox';
import { makeRepo } from '../support/repo';
import { snapshotRefs, testSearchId, worktreePaths } from '../support/git-state';

const CHILD = join(import.meta.dirname, '..', 'support', 'sandbox-child.ts');

/** Runs a search in another process and SIGKILLs it once it holds a worktree. */
async function killedSearch(workspace: string): Promise<{ searchDir: string; ref: string; root: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, workspace, testSearchId('dead')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout });
  const first = await Promise.race([once(lines, 'line'), exited.then(() => [null])]);
  child.kill('SIGKILL');
  await exited;
  if (typeof first[0] !== 'string') throw new Error('the search process exited before it held a worktree');
  return JSON.parse(first[0]) as { searchDir: string; ref: string; root: string };
}

test('pruneLeftovers removes what a killed search left and spares a live one', async (t) => {
  const repo = makeRepo({ 'a.txt': 'a\n' });
  t.after(() => repo.remove());
  const dead = await killedSearch(repo.dir);
  assert.ok(existsSync(dead.root));
  assert.ok(worktreePaths(repo).includes(dead.root));

  const live = await takeSnapshot(repo.dir, { searchId: testSearchId('live') });
  const pool = await WorktreePool.create(live, { size: 1, shareDirs: [] });
  t.after(async () => {
    await pool.dispose();
    await releaseSnapshot(live);
  });
  const wt = await pool.acquire();

  assert.deepEqual(await pruneLeftovers(repo.dir), { worktrees: 1, refs: 1 });
  assert.equal(existsSync(dead.searchDir), false);
  assert.deepEqual(worktreePaths(repo), [repo.dir, wt.root]);
  assert.deepEqual(snapshotRefs(repo), [live.ref]);
  assert.ok(existsSync(join(wt.cwd, 'a.txt')));
  assert.deepEqual(await pruneLeftovers(repo.dir), { worktrees: 0, refs: 0 }, 'nothing left to prune');
});

test('an owner whose pid now belongs to another process counts as dead', async (t) => {
  const repo = makeRepo({ 'a.txt': 'a\n' });
  t.after(() => repo.remove());
  const snap = await takeSnapshot(repo.dir, { searchId: testSearchId('reused') });
  t.after(() => releaseSnapshot(snap));
  const pool = await WorktreePool.create(snap, { size: 1, shareDirs: [] });
  await pool.acquire();
  const ownerFile = join(snap.searchDir, 'owner.json');
  const owner = JSON.parse(readFileSync(ownerFile, 'utf8'));
  assert.equal(owner.pid, process.pid);
  assert.deepEqual(await pruneLeftovers(repo.dir), { worktrees: 0, refs: 0 }, 'a live owner is spared');

  writeFileSync(ownerFile, JSON.stringify({ ...owner, startTime: 'some other process' }));
  assert.deepEqual(await pruneLeftovers(repo.dir), { worktrees: 1, refs: 1 });
  assert.deepEqual(worktreePaths(repo), [repo.dir]);
  assert.deepEqual(snapshotRefs(repo), []);
  await pool.dispose(); // its worktree is already gone: dispose must still succeed
});

test('records and refs whose folders the OS deleted are removed; the user\'s own missing worktrees are not', async (t) => {
  const repo = makeRepo({ 'a.txt': 'a\n' });
  t.after(() => repo.remove());
  // The user's worktree on a drive that is not mounted right now: `git worktree prune` would drop it.
  const userWorktree = `${repo.dir}-unmounted`;
  repo.git('worktree', 'add', '-q', '--detach', userWorktree);
  rmSync(userWorktree, { recursive: true, force: true });
  const snap = await takeSnapshot(repo.dir, { searchId: testSearchId('wiped') });
  const pool = await WorktreePool.create(snap, { size: 1, shareDirs: [] });
  t.after(async () => {
    await pool.dispose();
    await releaseSnapshot(snap);
  });
  await pool.acquire();
  rmSync(snap.searchDir, { recursive: true, force: true });
  assert.equal(worktreePaths(repo).length, 3);
  assert.deepEqual(await pruneLeftovers(repo.dir), { worktrees: 1, refs: 1 });
  assert.deepEqual(worktreePaths(repo), [repo.dir, userWorktree]);
  assert.deepEqual(snapshotRefs(repo), []);
});

test('a plain folder\'s dead search loses its private repository and worktrees', async (t) => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sws-plainprune-')));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'a.txt'), 'a\n');
  const snap = await takeSnapshot(dir, { searchId: testSearchId('plaindead') });
  const pool = await WorktreePool.create(snap, { size: 1, shareDirs: [] });
  t.after(async () => {
    await pool.dispose();
    await releaseSnapshot(snap);
  });
  const wt = await pool.acquire();
  const ownerFile = join(snap.searchDir, 'owner.json');
  writeFileSync(ownerFile, JSON.stringify({ ...JSON.parse(readFileSync(ownerFile, 'utf8')), startTime: 'another process' }));
  assert.deepEqual(await pruneLeftovers(dir), { worktrees: 1, refs: 0 });
  assert.equal(existsSync(snap.searchDir), false);
  assert.equal(existsSync(wt.root), false);
  assert.deepEqual(readdirSync(dir), ['a.txt']);
});
