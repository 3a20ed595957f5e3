import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { applyToWorkspace, mergeText, releaseSnapshot, takeSnapshot, type Snapshot } from '../../src/engine/sandbox';
import type { FileChange, Patch } from '../../src/engine/types';
import { makeRepo, type TempRepo } from '../support/repo';
import { testSearchId } from '../support/git-state';

function patchOf(changes: FileChange[]): Patch {
  return { changes, diff: '', key: 'k', files: changes.map((c) => c.path), linesAdded: 0, linesRemoved: 0 };
}

const read = (repo: TempRepo, path: string) => readFileSync(join(repo.dir, path), 'utf8');

const LINES = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const text = (lines: string[], eol = '\n') => lines.join(eol) + eol;

async function fixture(t: { after(fn: () => unknown): void }, label: string) {
  const repo = makeRepo({
    'src/lib.js': text(LINES),
    'src/crlf ü.txt': text(LINES, '\r\n'),
    'bin/run.sh': '#!/bin/sh\necho old\n',
    'doomed.txt': 'bye\n',
    'moved.txt': text(LINES),
  });
  t.after(() => repo.remove());
  chmodSync(join(repo.dir, 'bin/run.sh'), 0o755);
  repo.commitAll('exec');
  repo.write('notes.txt', 'my untracked notes\r\n');
  repo.write('src/other.js', 'uncommitted work\n');
  const snap: Snapshot = await takeSnapshot(repo.dir, { searchId: testSearchId(label) });
  t.after(() => releaseSnapshot(snap));
  return { repo, snap };
}

test('a clean apply writes exactly the patch\'s files, keeping modes and bytes, and nothing else', async (t) => {
  const { repo, snap } = await fixture(t, 'clean');
  const crlfFixed = text(LINES.map((l) => (l === 'five' ? 'FIVE' : l)), '\r\n');
  const result = await applyToWorkspace(
    snap,
    patchOf([
      { path: 'src/crlf ü.txt', kind: 'modify', content: crlfFixed },
      { path: 'bin/run.sh', kind: 'modify', content: '#!/bin/sh\necho new\n' },
      { path: 'src/nëw/file.js', kind: 'add', content: 'added\n' },
      { path: 'doomed.txt', kind: 'delete', content: null },
      { path: 'renamed.txt', oldPath: 'moved.txt', kind: 'rename', content: text(LINES) },
    ]),
  );
  assert.deepEqual(result, {
    applied: true,
    written: ['src/crlf ü.txt', 'bin/run.sh', 'src/nëw/file.js', 'doomed.txt', 'moved.txt', 'renamed.txt'],
    merged: [],
    conflicts: [],
  });
  assert.deepEqual(readFileSync(join(repo.dir, 'src/crlf ü.txt')), Buffer.from(crlfFixed));
  assert.equal(read(repo, 'bin/run.sh'), '#!/bin/sh\necho new\n');
  assert.equal(statSync(join(repo.dir, 'bin/run.sh')).mode & 0o777, 0o755);
  assert.equal(read(repo, 'src/nëw/file.js'), 'added\n');
  assert.equal(existsSync(join(repo.dir, 'doomed.txt')), false);
  assert.equal(existsSync(join(repo.dir, 'moved.txt')), false);
  assert.equal(read(repo, 'renamed.txt'), text(LINES));
  assert.equal(read(repo, 'notes.txt'), 'my untracked notes\r\n');
  assert.equal(read(repo, 'src/other.js'), 'uncommitted work\n');
  assert.equal(read(repo, 'src/lib.js'), text(LINES));
});

test('a file the user edited since the snapshot is merged when the edits do not overlap', async (t) => {
  const { repo, snap } = await fixture(t, 'merge');
  repo.write('src/lib.js', text(['ONE by user', ...LINES.slice(1)]));
  const fix = text([...LINES.slice(0, 8), 'NINE by fix', 'ten']);
  const result = await applyToWorkspace(snap, patchOf([{ path: 'src/lib.js', kind: 'modify', content: fix }]));
  assert.equal(result.applied, true, result.error);
  assert.deepEqual(result.merged, ['src/lib.js']);
  assert.deepEqual(result.written, ['src/lib.js']);
  assert.equal(read(repo, 'src/lib.js'), text(['ONE by user', ...LINES.slice(1, 8), 'NINE by fix', 'ten']));
});

test('a conflicting edit writes nothing at all and says what to do', async (t) => {
  const { repo, snap } = await fixture(t, 'conflict');
  const userVersion = text([...LINES.slice(0, 4), 'five by user', ...LINES.slice(5)]);
  repo.write('src/lib.js', userVersion);
  const result = await applyToWorkspace(
    snap,
    patchOf([
      { path: 'bin/run.sh', kind: 'modify', content: 'changed\n' },
      { path: 'src/lib.js', kind: 'modify', content: text([...LINES.slice(0, 4), 'five by fix', ...LINES.slice(5)]) },
      { path: 'added.txt', kind: 'add', content: 'new\n' },
    ]),
  );
  assert.equal(result.applied, false);
  assert.deepEqual(result.conflicts, ['src/lib.js']);
  assert.deepEqual(result.written, []);
  assert.match(result.error ?? '', /Nothing was applied: src\/lib\.js has edits that overlap the fix.*apply it by hand/);
  assert.equal(read(repo, 'src/lib.js'), userVersion);
  assert.equal(read(repo, 'bin/run.sh'), '#!/bin/sh\necho old\n');
  assert.equal(existsSync(join(repo.dir, 'added.txt')), false);
});

test('without merging, deleting an edited file or adding over an existing one conflicts', async (t) => {
  const { repo, snap } = await fixture(t, 'strict');
  repo.write('src/lib.js', text(['ONE by user', ...LINES.slice(1)]));
  repo.write('doomed.txt', 'edited before deletion\n');
  repo.write('fresh.txt', 'the user made this\n');
  const fix = text([...LINES.slice(0, 8), 'NINE by fix', 'ten']);
  const result = await applyToWorkspace(
    snap,
    patchOf([
      { path: 'src/lib.js', kind: 'modify', content: fix },
      { path: 'doomed.txt', kind: 'delete', content: null },
      { path: 'fresh.txt', kind: 'add', content: 'the fix made this\n' },
      { path: 'notes.txt', kind: 'add', content: 'my untracked notes\r\n' },
    ]),
    { allowMerge: false },
  );
  assert.equal(result.applied, false);
  assert.deepEqual(result.conflicts, ['src/lib.js', 'doomed.txt', 'fresh.txt']);
  assert.equal(read(repo, 'doomed.txt'), 'edited before deletion\n');
  assert.equal(read(repo, 'fresh.txt'), 'the user made this\n');
});

test('a path through a symlink in the workspace is refused and nothing is written', async (t) => {
  const { repo, snap } = await fixture(t, 'link');
  const outside = `${repo.dir}-outside`;
  mkdirSync(outside);
  t.after(() => rmSync(outside, { recursive: true, force: true }));
  symlinkSync(outside, join(repo.dir, 'linked'));
  const result = await applyToWorkspace(
    snap,
    patchOf([
      { path: 'bin/run.sh', kind: 'modify', content: 'changed\n' },
      { path: 'linked/evil.js', kind: 'add', content: 'x\n' },
    ]),
  );
  assert.equal(result.applied, false);
  assert.match(result.error ?? '', /linked is a symbolic link/);
  assert.equal(existsSync(join(outside, 'evil.js')), false);
  assert.equal(read(repo, 'bin/run.sh'), '#!/bin/sh\necho old\n');
});

test('mergeText merges clean edits and marks conflicts', async () => {
  const base = text(LINES);
  const clean = await mergeText(base, text(['1', ...LINES.slice(1)]), text([...LINES.slice(0, 9), '10']));
  assert.deepEqual(clean, { clean: true, text: text(['1', ...LINES.slice(1, 9), '10']) });
  const conflict = await mergeText(base, text(['mine', ...LINES.slice(1)]), text(['theirs', ...LINES.slice(1)]));
  assert.equal(conflict.clean, false);
  assert.match(conflict.text, /<<<<<<< your version\nmine\n=======\ntheirs\n>>>>>>> fix\n/);
});
