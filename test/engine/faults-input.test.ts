// Workspaces that are not the tidy repository a search expects, and patches that do more than edit.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { UserError } from '../../src/engine/types';
import { FIX_BLOCKS } from '../support/answers';
import { logsOf, searchWith } from '../support/faults-search';
import { BUGGY_RANGE_REPO, makeRepo, RANGE_FIX_DIFF } from '../support/repo';
import { privateTmp } from '../support/search';

const fence = (diff: string) => `Plan: Change the files.\n\n\`\`\`diff\n${diff}\`\`\`\n`;

describe('unusual workspaces and patches', () => {
  let tmp: ReturnType<typeof privateTmp>;
  before(() => {
    tmp = privateTmp();
  });
  after(() => tmp.restore());

  test('a folder that is not a git repository is solved and fixed, and gets no .git', async (t) => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sws-plain-')));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    for (const [path, content] of Object.entries(BUGGY_RANGE_REPO)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const r = await searchWith(dir, () => FIX_BLOCKS, { samples: 1, apply: true });
    assert.equal(r.result.status, 'solved');
    assert.equal(r.result.applied, true);
    assert.match(readFileSync(join(dir, 'src/range.js'), 'utf8'), /i <= end/);
    assert.ok(!existsSync(join(dir, '.git')));
  });

  test('a bare repository is refused with a UserError saying what to open instead', async (t) => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    t.after(() => repo.remove());
    const bare = `${repo.dir}-bare.git`;
    t.after(() => rmSync(bare, { recursive: true, force: true }));
    repo.git('clone', '-q', '--bare', repo.dir, bare);
    await assert.rejects(
      searchWith(bare, () => FIX_BLOCKS, { samples: 1 }),
      (e: unknown) => e instanceof UserError && /is a bare repository; open a folder with a working tree/.test(e.message),
    );
  });

  test('a repository with no commits is searched and fixed', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO, { commit: false });
    t.after(() => repo.remove());
    const r = await searchWith(repo.dir, () => FIX_BLOCKS, { samples: 1, apply: true });
    assert.equal(r.result.status, 'solved');
    assert.match(readFileSync(join(repo.dir, 'src/range.js'), 'utf8'), /i <= end/);
    assert.throws(() => repo.git('rev-parse', '-q', '--verify', 'HEAD'), 'still no commit');
  });

  test('a submodule is named in a warning, since worktrees do not check it out', async (t) => {
    const lib = makeRepo({ 'index.js': 'module.exports = 1;\n' });
    const app = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => {
      lib.remove();
      app.remove();
    });
    app.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', lib.dir, 'vendor lib');
    app.commitAll('add submodule');
    const r = await searchWith(app.dir, () => FIX_BLOCKS, { samples: 1 });
    assert.equal(r.result.status, 'solved');
    const warning = logsOf(r.events).find((l) => /Submodules/.test(l));
    assert.match(warning ?? '', /^warn: Submodules are not checked out in the test worktrees, so their folders are empty there: vendor lib\. Tests that need their files will fail/);
  });

  test('names with spaces and unicode, and CRLF line endings, survive the round trip', async (t) => {
    const name = 'src/rängé file.js';
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    const repo = makeRepo({
      'package.json': BUGGY_RANGE_REPO['package.json']!,
      [name]: crlf(BUGGY_RANGE_REPO['src/range.js']!),
      'test/range.test.js': BUGGY_RANGE_REPO['test/range.test.js']!.replace("'../src/range.js'", `'../${name}'`),
    });
    t.after(() => repo.remove());
    const diff = RANGE_FIX_DIFF.replace('--- a/src/range.js', `--- a/${name}`).replace('+++ b/src/range.js', `+++ b/${name}`);
    const r = await searchWith(repo.dir, () => fence(diff), { samples: 1, apply: true });
    assert.equal(r.result.status, 'solved', JSON.stringify(r.result.nodes.map((n) => [n.status, n.reason])));
    assert.deepEqual(r.result.best?.files, [name]);
    const after = readFileSync(join(repo.dir, name), 'utf8');
    assert.match(after, /i <= end/);
    assert.equal(after.split('\n').length - 1, after.split('\r\n').length - 1, 'every line still ends in CRLF');
  });

  test('a candidate touching a binary file is rejected with the reason, before any test run', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    writeFileSync(join(repo.dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02, 0x0a]));
    repo.commitAll('logo');
    t.after(() => repo.remove());
    const answer = fence('--- a/logo.png\n+++ b/logo.png\n@@ -1 +1 @@\n-PNG\n+GIF\n');
    const r = await searchWith(repo.dir, () => answer, { samples: 1 });
    assert.equal(r.result.nodes[0]!.status, 'rejected');
    assert.match(r.result.nodes[0]!.reason!, /logo\.png is a binary file; patches may only change text files/);
    assert.equal(r.result.stats.testRuns, 0);
  });

  test('a patch that deletes and renames files is tested as such, and applied as such', async (t) => {
    const repo = makeRepo({ 'src/old.js': 'old\n', 'src/junk.js': 'junk\n', 'src/keep.js': 'keep\n' });
    t.after(() => repo.remove());
    const patch = [
      'diff --git a/src/junk.js b/src/junk.js',
      'deleted file mode 100644',
      '--- a/src/junk.js',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-junk',
      'diff --git a/src/old.js b/src/new.js',
      'similarity index 50%',
      'rename from src/old.js',
      'rename to src/new.js',
      '--- a/src/old.js',
      '+++ b/src/new.js',
      '@@ -1 +1 @@',
      '-old',
      '+renamed',
      '',
    ].join('\n');
    const editOnly = fence('--- a/src/old.js\n+++ b/src/old.js\n@@ -1 +1 @@\n-old\n+renamed\n');
    const r = await searchWith(repo.dir, () => ({ answers: [editOnly, fence(patch)] }), {
      samples: 2,
      apply: true,
      stopPolicy: 'best-of-budget',
      testCommand: 'test ! -e src/junk.js && test ! -e src/old.js && grep -q renamed src/new.js && test -e src/keep.js',
    });
    assert.equal(r.result.status, 'solved');
    assert.deepEqual(r.result.nodes.map((n) => n.status).sort(), ['failed', 'passed'], 'the tests saw the edit alone was not enough');
    assert.deepEqual(r.result.best?.files?.sort(), ['src/junk.js', 'src/new.js', 'src/old.js']);
    assert.ok(!existsSync(join(repo.dir, 'src/junk.js')));
    assert.ok(!existsSync(join(repo.dir, 'src/old.js')));
    assert.equal(readFileSync(join(repo.dir, 'src/new.js'), 'utf8'), 'renamed\n');
    assert.equal(readFileSync(join(repo.dir, 'src/keep.js'), 'utf8'), 'keep\n');
  });
});
