import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listSnapshotFiles, releaseSnapshot, snapshotReader, takeSnapshot } from '../../src/engine/sandbox';
import { UserError } from '../../src/engine/types';
import { makeRepo } from '../support/repo';
import { captureState, snapshotRefs, testSearchId } from '../support/git-state';

test('snapshot holds modified, staged and untracked files but not ignored ones, and leaves the repo as it was', async (t) => {
  const repo = makeRepo({ '.gitignore': 'build/\n*.log\n', 'a.txt': 'a1\n', 'b.txt': 'b1\n', 'gone.txt': 'x\n' });
  t.after(() => repo.remove());
  repo.write('a.txt', 'a2 modified\n');
  repo.write('b.txt', 'b2 staged\n');
  repo.git('add', 'b.txt');
  repo.write('new.txt', 'untracked\n');
  repo.write('build/out.js', 'ignored\n');
  repo.write('debug.log', 'ignored\n');
  rmSync(join(repo.dir, 'gone.txt'));
  repo.write('c.txt', 'stash me\n');
  repo.git('stash', 'push', '-u', '-q', '--', 'c.txt');
  const before = captureState(repo);

  const snap = await takeSnapshot(repo.dir, { searchId: testSearchId('snap') });
  t.after(() => releaseSnapshot(snap));

  assert.equal(snap.temporaryRepo, false);
  assert.equal(snap.workspace, repo.dir);
  assert.equal(snap.repoRoot, repo.dir);
  assert.equal(snap.prefix, '');
  assert.deepEqual((await listSnapshotFiles(snap)).sort(), ['.gitignore', 'a.txt', 'b.txt', 'new.txt']);
  assert.equal(snap.files, 4);
  const reader = await snapshotReader(snap);
  assert.equal((await reader.read('a.txt'))?.content, 'a2 modified\n');
  assert.equal((await reader.read('b.txt'))?.content, 'b2 staged\n');
  assert.equal((await reader.read('new.txt'))?.content, 'untracked\n');
  assert.equal(await reader.read('gone.txt'), null);
  assert.equal(await reader.read('debug.log'), null);
  // The commit descends from HEAD and is held by the private ref only.
  assert.equal(repo.git('rev-parse', `${snap.commit}^`), repo.git('rev-parse', 'HEAD'));
  assert.deepEqual(snapshotRefs(repo), [snap.ref]);
  assert.deepEqual(captureState(repo), before);

  await releaseSnapshot(snap);
  assert.deepEqual(snapshotRefs(repo), []);
  assert.equal(existsSync(snap.searchDir), false);
  assert.deepEqual(captureState(repo), before);
});

test('a repository with no commits snapshots its files as a root commit', async (t) => {
  const repo = makeRepo({ 'src/x.js': 'x\n', 'README.md': 'hi\n' }, { commit: false });
  t.after(() => repo.remove());
  repo.git('add', 'README.md');
  const before = captureState(repo);
  const snap = await takeSnapshot(repo.dir, { searchId: testSearchId('empty') });
  t.after(() => releaseSnapshot(snap));
  assert.deepEqual((await listSnapshotFiles(snap)).sort(), ['README.md', 'src/x.js']);
  assert.equal(repo.git('rev-list', '--count', snap.commit), '1');
  assert.deepEqual(captureState(repo), before);
});

test('a plain folder gets a private repository outside it, removed on release', async (t) => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sws-plain-')));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'main.py'), 'print(1)\n');
  mkdirSync(join(dir, 'node_modules', 'dep'), { recursive: true });
  writeFileSync(join(dir, 'node_modules', 'dep', 'index.js'), 'dep\n');
  mkdirSync(join(dir, '__pycache__'));
  writeFileSync(join(dir, '__pycache__', 'main.pyc'), 'junk');

  const snap = await takeSnapshot(dir, { searchId: testSearchId('plain') });
  t.after(() => releaseSnapshot(snap));
  assert.equal(snap.temporaryRepo, true);
  assert.ok(!snap.gitDir.startsWith(dir), 'private git dir must live outside the workspace');
  assert.equal(existsSync(join(dir, '.git')), false);
  assert.deepEqual(await listSnapshotFiles(snap), ['main.py']);
  assert.equal((await (await snapshotReader(snap)).read('main.py'))?.content, 'print(1)\n');

  await releaseSnapshot(snap);
  assert.equal(existsSync(snap.gitDir), false);
  assert.equal(existsSync(join(dir, 'main.py')), true);
});

test('a bare repository is refused with a UserError', async (t) => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sws-bare-')));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync('git', ['init', '-q', '--bare', dir]);
  await assert.rejects(takeSnapshot(dir, { searchId: testSearchId('bare') }), (err: unknown) => {
    assert.ok(err instanceof UserError);
    assert.match(err.message, /bare repository; open a folder with a working tree/);
    return true;
  });
});

test('a missing git binary is a UserError that says to install git', async () => {
  await assert.rejects(
    takeSnapshot(tmpdir(), { searchId: testSearchId('nogit'), gitBinary: 'git-that-does-not-exist' }),
    (err: unknown) => err instanceof UserError && /Install git/.test(err.message),
  );
});

test('a workspace in a subfolder snapshots the whole repository and reads workspace-relative paths', async (t) => {
  const repo = makeRepo({ 'packages/a/index.js': 'a\n', 'packages/b/index.js': 'b\n', 'root.txt': 'r\n' });
  t.after(() => repo.remove());
  repo.write('packages/a/new.js', 'new\n');
  const snap = await takeSnapshot(join(repo.dir, 'packages', 'a'), { searchId: testSearchId('sub') });
  t.after(() => releaseSnapshot(snap));
  assert.equal(snap.repoRoot, repo.dir);
  assert.equal(snap.prefix, 'packages/a/');
  assert.equal(snap.workspace, join(repo.dir, 'packages', 'a'));
  assert.deepEqual((await listSnapshotFiles(snap)).sort(), ['index.js', 'new.js']);
  assert.equal(snap.files, 2);
  const reader = await snapshotReader(snap);
  assert.equal((await reader.read('new.js'))?.content, 'new\n');
  assert.equal(await reader.read('root.txt'), null);
  assert.equal(repo.git('show', `${snap.commit}:root.txt`), 'r');
});

test('names with spaces and unicode, CRLF bytes, modes, binaries and symlinks read back exactly', async (t) => {
  const crlf = 'line one\r\nline two\r\n';
  const repo = makeRepo({ 'dir with space/fïlé ü.txt': crlf, 'run.sh': '#!/bin/sh\n' });
  t.after(() => repo.remove());
  chmodSync(join(repo.dir, 'run.sh'), 0o755);
  writeFileSync(join(repo.dir, 'blob.bin'), Buffer.from([1, 0, 2, 3]));
  execFileSync('ln', ['-s', 'run.sh', join(repo.dir, 'link')]);
  const snap = await takeSnapshot(repo.dir, { searchId: testSearchId('names') });
  t.after(() => releaseSnapshot(snap));
  const reader = await snapshotReader(snap);
  assert.ok((await listSnapshotFiles(snap)).includes('dir with space/fïlé ü.txt'));
  const file = await reader.read('dir with space/fïlé ü.txt');
  assert.equal(file?.content, crlf);
  assert.equal(file?.mode, '100644');
  assert.equal((await reader.read('run.sh'))?.mode, '100755');
  assert.deepEqual(await reader.read('blob.bin'), { content: '', mode: '100644', binary: true });
  assert.deepEqual([...reader.symlinks], ['link']);
  assert.equal((await reader.read('link'))?.content, 'run.sh');
  assert.equal(readFileSync(join(repo.dir, 'dir with space', 'fïlé ü.txt'), 'utf8'), crlf);
});

test('GIT_DIR and GIT_INDEX_FILE inherited from a parent process do not redirect the snapshot', async (t) => {
  const repo = makeRepo({ 'mine.txt': 'mine\n' });
  const other = makeRepo({ 'other.txt': 'other\n' });
  t.after(() => {
    repo.remove();
    other.remove();
  });
  const before = captureState(other);
  const saved = { dir: process.env.GIT_DIR, index: process.env.GIT_INDEX_FILE };
  process.env.GIT_DIR = join(other.dir, '.git');
  process.env.GIT_INDEX_FILE = join(other.dir, '.git', 'index');
  let snap;
  try {
    snap = await takeSnapshot(repo.dir, { searchId: testSearchId('env') });
  } finally {
    for (const [k, v] of [['GIT_DIR', saved.dir], ['GIT_INDEX_FILE', saved.index]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  t.after(() => releaseSnapshot(snap));
  assert.deepEqual(await listSnapshotFiles(snap), ['mine.txt']);
  assert.deepEqual(snapshotRefs(other), []);
  assert.deepEqual(captureState(other), before);
});
