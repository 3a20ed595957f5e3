import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { releaseSnapshot, takeSnapshot, UnsafePathError, WorktreePool, type Snapshot } from '../../src/engine/sandbox';
import { makeRepo, type TempRepo } from '../support/repo';
import { captureState, snapshotRefs, testSearchId, worktreePaths } from '../support/git-state';

async function setup(t: { after(fn: () => unknown): void }, files: Record<string, string>, _label: string) {
  const repo = makeRepo(files);
  t.after(() => repo.remove());
  return repo;
}

async function snapshotOf(t: { after(fn: () => unknown): void }, dir: string, label: string): Promise<Snapshot> {
  const snap = await takeSnapshot(dir, { searchId: testSearchId(label) });
  t.after(() => releaseSnapshot(snap));
  return snap;
}

function withDependencies(repo: TempRepo): void {
  repo.write('node_modules/dep/index.js', 'module.exports = 1;\n');
  repo.write('packages/a/node_modules/inner/index.js', 'inner\n');
}

test('worktrees share node_modules as a link; reset restores the snapshot and keeps the link', async (t) => {
  const repo = await setup(t, { '.gitignore': 'node_modules/\n*.log\ncoverage/\n', 'src/a.js': 'a\n', 'src/b.js': 'b\n', 'packages/a/x.js': 'x\n' }, 'share');
  withDependencies(repo);
  repo.write('src/a.js', 'a edited\n'); // in the snapshot as edited
  const before = captureState(repo);
  const snap = await snapshotOf(t, repo.dir, 'share');
  const pool = await WorktreePool.create(snap, { size: 1, shareDirs: ['node_modules'] });
  t.after(() => pool.dispose());
  assert.deepEqual(pool.sharedDirs, ['node_modules', 'packages/a/node_modules']);

  const wt = await pool.acquire();
  const link = join(wt.root, 'node_modules');
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.equal(readlinkSync(link), join(repo.dir, 'node_modules'));
  assert.ok(lstatSync(join(wt.root, 'packages/a/node_modules')).isSymbolicLink());
  assert.equal(readFileSync(join(wt.cwd, 'node_modules/dep/index.js'), 'utf8'), 'module.exports = 1;\n');
  assert.equal(readFileSync(join(wt.cwd, 'src/a.js'), 'utf8'), 'a edited\n');

  // What a test run leaves behind: artifacts (untracked and ignored), an edited and a deleted tracked file.
  writeFileSync(join(wt.cwd, 'src/a.js'), 'broken by a candidate\n');
  rmSync(join(wt.cwd, 'src/b.js'));
  writeFileSync(join(wt.cwd, 'run.log'), 'ignored artifact\n');
  writeFileSync(join(wt.cwd, 'stray.tmp'), 'untracked artifact\n');
  mkdirSync(join(wt.cwd, 'coverage/deep'), { recursive: true });
  writeFileSync(join(wt.cwd, 'coverage/deep/x.json'), '{}');
  await wt.reset();

  assert.equal(readFileSync(join(wt.cwd, 'src/a.js'), 'utf8'), 'a edited\n');
  assert.equal(readFileSync(join(wt.cwd, 'src/b.js'), 'utf8'), 'b\n');
  for (const gone of ['run.log', 'stray.tmp', 'coverage']) assert.equal(existsSync(join(wt.cwd, gone)), false, gone);
  assert.ok(lstatSync(link).isSymbolicLink(), 'link kept');
  assert.ok(lstatSync(join(wt.root, 'packages/a/node_modules')).isSymbolicLink());

  // A run that removes the link or clobbers .git is repaired too.
  rmSync(link);
  writeFileSync(join(wt.root, '.git'), `gitdir: ${join(repo.dir, '.git')}\n`);
  await wt.reset();
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.match(readFileSync(join(wt.root, '.git'), 'utf8'), /worktrees/);

  pool.release(wt);
  await pool.dispose();
  await releaseSnapshot(snap);
  assert.equal(readFileSync(join(repo.dir, 'node_modules/dep/index.js'), 'utf8'), 'module.exports = 1;\n', 'shared folder survives dispose');
  assert.deepEqual(worktreePaths(repo), [repo.dir]);
  assert.equal(existsSync(snap.searchDir), false);
  assert.deepEqual(snapshotRefs(repo), []);
  assert.deepEqual(captureState(repo), before);
});

test('write() adds, modifies, deletes and renames, and refuses paths through links, out of the tree or into .git', async (t) => {
  const repo = await setup(t, { '.gitignore': 'node_modules/\n', 'src/a.js': 'a\n', 'old.txt': 'old\n', 'del.txt': 'd\n' }, 'write');
  repo.write('node_modules/dep/index.js', 'dep\n');
  const snap = await snapshotOf(t, repo.dir, 'write');
  const pool = await WorktreePool.create(snap, { size: 1, shareDirs: ['node_modules'] });
  t.after(() => pool.dispose());
  const wt = await pool.acquire();

  await wt.write([
    { path: 'src/a.js', kind: 'modify', content: 'a2\r\n' },
    { path: 'new dir/ünï code.js', kind: 'add', content: 'n\n', mode: '100755' },
    { path: 'del.txt', kind: 'delete', content: null },
    { path: 'new.txt', oldPath: 'old.txt', kind: 'rename', content: 'old\n' },
  ]);
  assert.equal(readFileSync(join(wt.cwd, 'src/a.js'), 'utf8'), 'a2\r\n');
  assert.equal(lstatSync(join(wt.cwd, 'new dir/ünï code.js')).mode & 0o777, 0o755);
  assert.equal(existsSync(join(wt.cwd, 'del.txt')), false);
  assert.equal(existsSync(join(wt.cwd, 'old.txt')), false);
  assert.equal(readFileSync(join(wt.cwd, 'new.txt'), 'utf8'), 'old\n');

  for (const path of ['node_modules/dep/index.js', 'node_modules/evil.js', '../escape.js', '/etc/passwd', '.git/hooks/pre-commit', 'src/.GIT/config']) {
    await assert.rejects(wt.write([{ path, kind: 'add', content: 'x' }]), UnsafePathError, path);
  }
  assert.equal(readFileSync(join(repo.dir, 'node_modules/dep/index.js'), 'utf8'), 'dep\n');
  assert.equal(existsSync(join(repo.dir, 'node_modules/evil.js')), false);

  await wt.reset();
  assert.equal(readFileSync(join(wt.cwd, 'src/a.js'), 'utf8'), 'a\n');
  assert.equal(existsSync(join(wt.cwd, 'new dir')), false);
  assert.equal(readFileSync(join(wt.cwd, 'old.txt'), 'utf8'), 'old\n');
  pool.release(wt);
});

test('a pool of 2 makes the third acquirer wait for a release, and abort stops a wait', async (t) => {
  const repo = await setup(t, { 'a.txt': 'a\n' }, 'wait');
  const snap = await snapshotOf(t, repo.dir, 'wait');
  const pool = await WorktreePool.create(snap, { size: 2, shareDirs: [] });
  t.after(() => pool.dispose());

  const [w1, w2] = await Promise.all([pool.acquire(), pool.acquire()]);
  assert.notEqual(w1.root, w2.root);
  let third: unknown = 'waiting';
  const p3 = pool.acquire().then((w) => (third = w));
  const controller = new AbortController();
  const p4 = pool.acquire(controller.signal);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(third, 'waiting');
  controller.abort();
  await assert.rejects(p4, (err: Error) => err.name === 'AbortError');

  pool.release(w1);
  await p3;
  assert.equal(third, w1, 'the released worktree goes to the waiter');
  assert.equal(worktreePaths(repo).length, 3, 'never more than size worktrees');
  await assert.rejects(pool.acquire(AbortSignal.abort()), (err: Error) => err.name === 'AbortError');
  pool.release(w2);
  pool.release(w1);

  await pool.dispose();
  await pool.dispose();
  assert.deepEqual(worktreePaths(repo), [repo.dir]);
  await assert.rejects(pool.acquire(), /disposed/);
});

test('two searches on one repository at once keep to their own worktrees and refs', async (t) => {
  const repo = await setup(t, { 'a.txt': 'a\n' }, 'two');
  const [s1, s2] = [await snapshotOf(t, repo.dir, 'one'), await snapshotOf(t, repo.dir, 'two')];
  const [p1, p2] = await Promise.all([WorktreePool.create(s1, { size: 2, shareDirs: [] }), WorktreePool.create(s2, { size: 2, shareDirs: [] })]);
  t.after(() => Promise.all([p1.dispose(), p2.dispose()]));
  const all = await Promise.all([p1.acquire(), p1.acquire(), p2.acquire(), p2.acquire()]);
  assert.equal(new Set(all.map((w) => w.root)).size, 4);
  await all[0]!.write([{ path: 'a.txt', kind: 'modify', content: 'one\n' }]);
  await all[2]!.write([{ path: 'a.txt', kind: 'modify', content: 'two\n' }]);
  assert.equal(readFileSync(join(all[0]!.cwd, 'a.txt'), 'utf8'), 'one\n');
  assert.equal(readFileSync(join(all[2]!.cwd, 'a.txt'), 'utf8'), 'two\n');

  await p1.dispose();
  await releaseSnapshot(s1);
  const left = worktreePaths(repo);
  assert.equal(left.length, 3);
  assert.ok(left.slice(1).every((p) => p.startsWith(s2.searchDir)));
  assert.deepEqual(snapshotRefs(repo), [s2.ref]);
  await all[2]!.reset();
  assert.equal(readFileSync(join(all[2]!.cwd, 'a.txt'), 'utf8'), 'a\n');
});

test('a subfolder workspace runs in the matching subfolder of the worktree and sees hoisted dependencies', async (t) => {
  const repo = await setup(t, { '.gitignore': 'node_modules/\n', 'packages/a/index.js': 'a\n', 'root.txt': 'r\n' }, 'subpool');
  repo.write('node_modules/dep/index.js', 'dep\n');
  const snap = await snapshotOf(t, join(repo.dir, 'packages/a'), 'subpool');
  const pool = await WorktreePool.create(snap, { size: 1, shareDirs: ['node_modules'] });
  t.after(() => pool.dispose());
  assert.deepEqual(pool.sharedDirs, ['../../node_modules']);
  const wt = await pool.acquire();
  assert.equal(wt.cwd, join(wt.root, 'packages/a'));
  await wt.write([{ path: 'index.js', kind: 'modify', content: 'a2\n' }]);
  assert.equal(readFileSync(join(wt.root, 'packages/a/index.js'), 'utf8'), 'a2\n');
  assert.equal(readFileSync(join(wt.cwd, '../../node_modules/dep/index.js'), 'utf8'), 'dep\n');
  await assert.rejects(wt.write([{ path: '../../root.txt', kind: 'modify', content: 'x' }]), UnsafePathError);
});

test('reset recovers from what a killed test run can leave: a stale index.lock and read-only folders', async (t) => {
  const repo = await setup(t, { 'a.txt': 'a\n' }, 'stale');
  const snap = await snapshotOf(t, repo.dir, 'stale');
  const pool = await WorktreePool.create(snap, { size: 1, shareDirs: [] });
  t.after(() => pool.dispose());
  const wt = await pool.acquire();
  const adminDir = readFileSync(join(wt.root, '.git'), 'utf8').replace('gitdir:', '').trim();
  writeFileSync(join(adminDir, 'index.lock'), '');
  writeFileSync(join(wt.cwd, 'a.txt'), 'broken\n');
  mkdirSync(join(wt.cwd, 'locked/inner'), { recursive: true });
  writeFileSync(join(wt.cwd, 'locked/inner/f'), 'x');
  chmodSync(join(wt.cwd, 'locked/inner'), 0o555);
  chmodSync(join(wt.cwd, 'locked'), 0o555);
  await wt.reset();
  assert.equal(readFileSync(join(wt.cwd, 'a.txt'), 'utf8'), 'a\n');
  assert.equal(existsSync(join(wt.cwd, 'locked')), false);
  pool.release(wt);
  await pool.dispose();
  assert.deepEqual(worktreePaths(repo), [repo.dir]);
});

test('a failed worktree creation rejects its acquirer, the next one retries, and folders it did not create are kept', async (t) => {
  const repo = await setup(t, { 'a.txt': 'a\n' }, 'fail');
  const snap = await snapshotOf(t, repo.dir, 'fail');
  const baseDir = join(snap.searchDir, 'custom');
  for (const taken of ['wt-0', 'wt-1']) {
    mkdirSync(join(baseDir, taken), { recursive: true });
    writeFileSync(join(baseDir, taken, 'keep.txt'), 'not the pool\'s\n');
  }
  const pool = await WorktreePool.create(snap, { size: 1, shareDirs: [], baseDir });
  t.after(() => pool.dispose());
  const results = await Promise.allSettled([pool.acquire(), pool.acquire(), pool.acquire()]);
  assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected', 'fulfilled']);
  assert.equal((results[2] as PromiseFulfilledResult<{ root: string }>).value.root, join(baseDir, 'wt-2'));
  for (const taken of ['wt-0', 'wt-1']) assert.equal(readFileSync(join(baseDir, taken, 'keep.txt'), 'utf8'), 'not the pool\'s\n');
  await pool.dispose();
  assert.deepEqual(worktreePaths(repo), [repo.dir]);
  assert.equal(existsSync(join(baseDir, 'wt-0', 'keep.txt')), true, 'a custom folder that is not empty stays');
});

test('a plain folder gets worktrees from its private repository, with dependencies linked', async (t) => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sws-plainpool-')));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'app.js'), 'app\r\n');
  mkdirSync(join(dir, 'node_modules', 'dep'), { recursive: true });
  writeFileSync(join(dir, 'node_modules', 'dep', 'index.js'), 'dep\n');
  const snap = await snapshotOf(t, dir, 'plainpool');
  const pool = await WorktreePool.create(snap, { size: 1, shareDirs: ['node_modules'] });
  t.after(() => pool.dispose());
  const wt = await pool.acquire();
  assert.ok(lstatSync(join(wt.cwd, 'node_modules')).isSymbolicLink());
  assert.deepEqual(readFileSync(join(wt.cwd, 'app.js')), Buffer.from('app\r\n'));
  await wt.write([{ path: 'app.js', kind: 'modify', content: 'changed\n' }]);
  writeFileSync(join(wt.cwd, 'out.log'), 'artifact');
  await wt.reset();
  assert.deepEqual(readFileSync(join(wt.cwd, 'app.js')), Buffer.from('app\r\n'));
  assert.equal(existsSync(join(wt.cwd, 'out.log')), false);
  pool.release(wt);
  await pool.dispose();
  await releaseSnapshot(snap);
  assert.equal(existsSync(snap.searchDir), false);
  assert.deepEqual(readdirSync(dir).sort(), ['app.js', 'node_modules']);
  assert.equal(readFileSync(join(dir, 'node_modules', 'dep', 'index.js'), 'utf8'), 'dep\n');
});

test('prewarm builds the missing worktrees before anyone asks, never more than the pool holds', async (t) => {
  const repo = await setup(t, { 'src/a.js': 'a\n' }, 'prewarm');
  const snap = await snapshotOf(t, repo.dir, 'prewarm');
  const pool = await WorktreePool.create(snap, { size: 2, shareDirs: [] });
  t.after(() => pool.dispose());
  pool.prewarm(5);
  const deadline = Date.now() + 30_000;
  while (readdirSync(pool.root).filter((n) => n.startsWith('wt-')).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(readdirSync(pool.root).filter((n) => n.startsWith('wt-')).length, 2, 'both checkouts started with no acquire');
  const a = await pool.acquire();
  const b = await pool.acquire();
  assert.notEqual(a.root, b.root);
  assert.deepEqual(readdirSync(pool.root).filter((n) => n.startsWith('wt-')).sort(), ['wt-0', 'wt-1'], 'two built, no third');
  assert.equal(readFileSync(join(b.cwd, 'src/a.js'), 'utf8'), 'a\n');
  pool.release(a);
  pool.release(b);
});
