import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ESCAPE, FIX_BLOCKS, FIX_DIFF, HANG, NOT_APPLYING, PROSE, TEST_EDIT, WRONG_FIX } from '../support/answers';
import { BUGGY_RANGE_REPO, makeRepo, type TempRepo } from '../support/repo';
import { privateTmp, solveWith } from '../support/search';

const statusOf = (r: Awaited<ReturnType<typeof solveWith>>, status: string) => r.result.nodes.filter((n) => n.status === status);

function gitState(repo: TempRepo) {
  return {
    branches: repo.git('branch', '-a'),
    stash: repo.git('stash', 'list'),
    worktrees: repo.git('worktree', 'list', '--porcelain'),
    refs: repo.git('for-each-ref'),
    head: repo.git('rev-parse', 'HEAD'),
    index: readFileSync(join(repo.dir, '.git', 'index')).toString('base64'),
  };
}

describe('search engine end to end', () => {
  let tmp: ReturnType<typeof privateTmp>;
  before(() => {
    tmp = privateTmp();
  });
  after(() => tmp.restore());

  test('finds, verifies and applies the fix; the user\'s uncommitted and untracked work survives', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    // Uncommitted work in a file the fix does not touch, a staged change and an untracked file.
    repo.write('src/notes.md', 'draft\r\nwith CRLF\r\n');
    repo.git('add', 'src/notes.md');
    repo.write('README.md', 'untracked readme\n');
    repo.write('src/range.js', readFileSync(join(repo.dir, 'src/range.js'), 'utf8') + '// user comment\n');
    const before = gitState(repo);

    const r = await solveWith(repo.dir, () => ({ answers: [PROSE, WRONG_FIX, FIX_BLOCKS, TEST_EDIT] }), { apply: true });

    assert.equal(r.result.status, 'solved');
    assert.equal(r.result.applied, true);
    assert.equal(r.result.best?.status, 'passed');
    assert.match(r.result.best!.diff!, /\+ {2}for \(let i = start; i <= end; i\+\+\) \{/);
    const range = readFileSync(join(repo.dir, 'src/range.js'), 'utf8');
    assert.match(range, /i <= end/);
    assert.match(range, /\/\/ user comment\n$/, 'the user\'s edit to the same file is kept');
    assert.equal(readFileSync(join(repo.dir, 'src/notes.md'), 'utf8'), 'draft\r\nwith CRLF\r\n');
    assert.equal(readFileSync(join(repo.dir, 'README.md'), 'utf8'), 'untracked readme\n');
    execFileSync('node', ['--test'], { cwd: repo.dir, stdio: 'pipe' });

    const after = gitState(repo);
    assert.deepEqual(after, before, 'index, HEAD, branches, stash, refs and worktrees are as before');
    assert.deepEqual(tmp.leftovers(), [], 'no temporary folder is left behind');

    assert.equal(statusOf(r, 'unparseable').length, 1);
    const rejected = statusOf(r, 'rejected');
    assert.equal(rejected.length, 1);
    assert.match(rejected[0]!.reason!, /test\/range\.test\.js/);
    assert.ok(r.result.why.some((w) => /passes 3\/3 tests/.test(w)), r.result.why.join('; '));
    assert.ok(r.result.why.some((w) => /fixes 2 target tests/.test(w)), r.result.why.join('; '));
  });

  test('identical candidates are tested once and count as votes; every answer is a node', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const r = await solveWith(repo.dir, () => ({ answers: [FIX_BLOCKS, FIX_DIFF, FIX_BLOCKS, PROSE] }), { stopPolicy: 'best-of-budget' });
    assert.equal(r.result.status, 'solved');
    assert.equal(r.result.nodes.length, 4);
    assert.equal(r.result.stats.uniqueCandidates, 1);
    assert.equal(r.result.stats.testRuns, 1, 'one test run for three identical patches');
    assert.equal(statusOf(r, 'duplicate').length, 2);
    assert.equal(r.result.best!.votes, 3);
    assert.ok(r.result.why.includes('3 samples propose this code'));
    assert.equal(r.result.applied, false, 'nothing is applied without --apply');
    assert.match(readFileSync(join(repo.dir, 'src/range.js'), 'utf8'), /i < end/);
  });

  test('a fix that differs only in comments and spacing joins the first one as a vote, with no run of its own', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const commented = FIX_BLOCKS.replace('  for (let i = start; i <= end; i++) {\n>>>', '  // the end is part of the range\n  for (let i = start;  i <= end;  i++) {\n>>>');
    assert.notEqual(commented, FIX_BLOCKS);
    const r = await solveWith(repo.dir, () => ({ answers: [FIX_BLOCKS, commented, WRONG_FIX] }), { stopPolicy: 'best-of-budget', samples: 3 });
    assert.equal(r.result.status, 'solved');
    assert.equal(r.result.stats.uniqueCandidates, 2);
    assert.equal(r.result.stats.testRuns, 2, 'the commented copy is not tested again');
    const dup = statusOf(r, 'duplicate');
    assert.equal(dup.length, 1);
    assert.match(dup[0]!.reason!, /^same code as n\d+; differs only in comments or formatting$/);
    assert.equal(r.result.best!.votes, 2);
    assert.equal(dup[0]!.duplicateOf, r.result.best!.id, 'the copy that was tested is the one chosen');
    assert.ok(r.result.best!.timings.testMs !== undefined);
  });

  test('many candidates queued for one worktree raise no listener-leak warning', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    t.after(() => process.off('warning', onWarning));
    // Sixteen different wrong answers: each waits on the search's signal for the one worktree.
    const answers = Array.from({ length: 16 }, (_, k) => WRONG_FIX.replace('start + 1', `start + ${k + 1}`));
    const r = await solveWith(repo.dir, () => ({ answers }), { samples: 16, concurrency: 1, stopPolicy: 'best-of-budget' });
    assert.equal(r.result.stats.uniqueCandidates, 16);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(warnings.filter((w) => /MaxListeners/.test(w)), []);
  });

  test('a path escape is rejected and writes nothing outside; a patch that does not apply is rejected', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const outside = join(dirname(repo.dir), 'escaped.txt');
    const r = await solveWith(repo.dir, () => ({ answers: [ESCAPE, NOT_APPLYING] }), { samples: 2, apply: true });
    assert.equal(r.result.status, 'unsolved');
    assert.equal(r.result.stats.testRuns, 0, 'nothing unsafe reaches a test run');
    const [escape, notApplying] = r.result.nodes;
    assert.equal(escape!.status, 'rejected');
    assert.match(escape!.reason!, /\.\./);
    assert.equal(notApplying!.status, 'rejected');
    assert.match(notApplying!.reason!, /src\/range\.js/);
    assert.equal(existsSync(outside), false);
    assert.equal(repo.git('status', '--porcelain'), '', 'the workspace is untouched when nothing passes');
  });

  test('the workspace is untouched when nothing passes, even with --apply', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const before = readFileSync(join(repo.dir, 'src/range.js'));
    const r = await solveWith(repo.dir, () => WRONG_FIX, { samples: 2, apply: true });
    assert.equal(r.result.status, 'unsolved');
    assert.equal(r.result.applied, false);
    assert.equal(r.result.nodes.filter((n) => n.status === 'failed').length, 1);
    assert.deepEqual(readFileSync(join(repo.dir, 'src/range.js')), before);
    assert.equal(repo.git('status', '--porcelain'), '');
    assert.equal(repo.git('worktree', 'list').split('\n').length, 1);
  });

  test('a candidate whose tests hang is killed at the timeout and the search goes on', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    // The adaptive limit never drops below 10 s; the user's limit caps it lower here.
    const r = await solveWith(repo.dir, () => ({ answers: [HANG, FIX_BLOCKS] }), {
      samples: 2,
      concurrency: 2,
      testTimeoutMs: 3000,
      stopPolicy: 'best-of-budget',
    });
    const hang = r.result.nodes[0]!;
    assert.equal(hang.status, 'failed');
    assert.equal(hang.verdict?.timedOut, true);
    assert.match(hang.reason ?? '', /timed out/);
    assert.equal(r.result.status, 'solved');
  });

  test('a 429 from the model is retried', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    let calls = 0;
    const r = await solveWith(
      repo.dir,
      () => (++calls === 1 ? { status: 429, headers: { 'retry-after': '0' }, body: { error: { message: 'slow down' } } } : FIX_BLOCKS),
      { samples: 1 },
    );
    assert.equal(r.result.status, 'solved');
    assert.equal(r.server.requests.length, 2);
  });

  test('a non-git folder is searched through a private repository and left as it was', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    execFileSync('rm', ['-rf', join(repo.dir, '.git')]);
    const r = await solveWith(repo.dir, () => FIX_BLOCKS, { samples: 1, apply: true });
    assert.equal(r.result.status, 'solved');
    assert.equal(r.result.applied, true);
    assert.equal(existsSync(join(repo.dir, '.git')), false);
    assert.match(readFileSync(join(repo.dir, 'src/range.js'), 'utf8'), /i <= end/);
  });

  test('a file the user edits during the search is merged, never overwritten', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    let edited = false;
    const r = await solveWith(
      repo.dir,
      () => {
        if (!edited) {
          edited = true;
          const p = join(repo.dir, 'src/range.js');
          writeFileSync(p, readFileSync(p, 'utf8').replace("'use strict';", "'use strict'; // edited meanwhile"));
        }
        return FIX_BLOCKS;
      },
      { samples: 1, apply: true },
    );
    assert.equal(r.result.status, 'solved');
    const text = readFileSync(join(repo.dir, 'src/range.js'), 'utf8');
    assert.match(text, /edited meanwhile/);
    assert.match(text, /i <= end/);
  });
});
