import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPatch, DEFAULT_PROTECTED_GLOBS, parseAnswer, patchFromChanges, type BaseReader, type PatchOutcome, type PatchPolicy } from '../../src/engine/patch';
import type { Patch } from '../../src/engine/types';
import { memoryBase, type MemoryBaseOptions } from '../support/memoryBase';

const RANGE = [
  "'use strict';",
  '/** Returns the integers from start to end inclusive. */',
  'function range(start, end) {',
  '  const out = [];',
  '  for (let i = start; i < end; i++) out.push(i);',
  '  return out;',
  '}',
  '',
  'module.exports = { range };',
  '',
].join('\n');
const FIXED = RANGE.replace('i < end', 'i <= end');

const FILES = { 'src/range.js': RANGE, 'test/range.test.js': "require('node:test');\n", 'README.md': '# range\n' };
const POLICY: PatchPolicy = { protectedGlobs: DEFAULT_PROTECTED_GLOBS };

const fence = (lang: string, body: string) => '```' + lang + '\n' + body + '\n```\n';

async function build(answer: string, files: Record<string, string> = FILES, opts: MemoryBaseOptions = {}, policy = POLICY): Promise<PatchOutcome> {
  return buildPatch(parseAnswer(answer), memoryBase(files, opts), policy);
}

function ok(o: PatchOutcome): Patch & { fuzzy: boolean } {
  if (!o.ok) assert.fail(`expected a patch, got ${o.status}: ${o.reason}`);
  return { ...o.patch, fuzzy: o.fuzzy };
}

function notOk(o: PatchOutcome, status: 'rejected' | 'unparseable', reason: RegExp): void {
  if (o.ok) assert.fail(`expected ${status}, got a patch:\n${o.patch.diff}`);
  assert.equal(o.status, status, o.reason);
  assert.match(o.reason, reason);
}

function content(p: Patch, path: string): string | null | undefined {
  return p.changes.find((c) => c.path === path)?.content;
}

const RANGE_DIFF = [
  '--- a/src/range.js',
  '+++ b/src/range.js',
  '@@ -3,5 +3,5 @@',
  ' function range(start, end) {',
  '   const out = [];',
  '-  for (let i = start; i < end; i++) out.push(i);',
  '+  for (let i = start; i <= end; i++) out.push(i);',
  '   return out;',
  ' }',
].join('\n');

const SR = (path: string, search: string, replace: string) =>
  `${path}\n${fence('js', `<<<<<<< SEARCH\n${search}=======\n${replace}>>>>>>> REPLACE`)}`;

describe('buildPatch: unified diffs', () => {
  it('applies a correct diff strictly', async () => {
    const p = ok(await build(fence('diff', RANGE_DIFF)));
    assert.equal(p.fuzzy, false);
    assert.deepEqual(p.changes, [{ path: 'src/range.js', kind: 'modify', content: FIXED, mode: '100644' }]);
    assert.deepEqual(p.files, ['src/range.js']);
    assert.equal(p.linesAdded, 1);
    assert.equal(p.linesRemoved, 1);
    assert.ok(p.diff.startsWith('diff --git a/src/range.js b/src/range.js\n--- a/src/range.js\n+++ b/src/range.js\n@@ -2,7 +2,7 @@\n'), p.diff);
    assert.match(p.key, /^[0-9a-f]{16}$/);
  });

  it('tolerates wrong hunk line counts and wrong line numbers', async () => {
    const wrong = RANGE_DIFF.replace('@@ -3,5 +3,5 @@', '@@ -40,9 +41,2 @@');
    const p = ok(await build(fence('diff', wrong)));
    assert.equal(content(p, 'src/range.js'), FIXED);
  });

  it('tolerates a hunk header without numbers, and a missing @@ line', async () => {
    for (const body of [RANGE_DIFF.replace('@@ -3,5 +3,5 @@', '@@ ... @@'), RANGE_DIFF.replace('@@ -3,5 +3,5 @@\n', '')]) {
      assert.equal(content(ok(await build(fence('diff', body))), 'src/range.js'), FIXED);
    }
  });

  it('applies a diff with indentation drift in its context lines, and says it was fuzzy', async () => {
    const drifted = RANGE_DIFF.replace('   const out = [];', '     const out = [];').replace(' function range(start, end) {', ' function range(start,  end) {   ');
    const p = ok(await build(fence('diff', drifted)));
    assert.equal(p.fuzzy, true);
    assert.equal(content(p, 'src/range.js'), FIXED);
  });

  it('applies a diff whose context has a line the file does not have (small fuzz)', async () => {
    const extra = RANGE_DIFF.replace(' function range(start, end) {', ' function range(start, end) {\n   // collect');
    const p = ok(await build(fence('diff', extra)));
    assert.equal(p.fuzzy, true);
    assert.equal(content(p, 'src/range.js'), FIXED);
  });

  it('rejects a hunk that does not apply, naming the file, the hunk and the missing line', async () => {
    const two = `${RANGE_DIFF}\n@@ -9,1 +9,1 @@\n-module.exports = { rangeX };\n+module.exports = { range, other };`;
    notOk(await build(fence('diff', two)), 'rejected', /^Hunk 2 of src\/range\.js \(@@ -9,1 \+9,1 @@\) does not apply: the line "module\.exports = \{ rangeX \};" is not in the file\.$/);
  });

  it('applies several files in one diff and sorts them', async () => {
    const readme = '--- a/README.md\n+++ b/README.md\n@@ -1 +1,2 @@\n # range\n+Inclusive ranges.';
    const p = ok(await build(fence('diff', `${readme}\n${RANGE_DIFF}`)));
    assert.deepEqual(p.files, ['README.md', 'src/range.js']);
    assert.equal(content(p, 'README.md'), '# range\nInclusive ranges.\n');
    assert.ok(p.diff.indexOf('a/README.md') < p.diff.indexOf('a/src/range.js'));
  });

  it('accepts paths without a/ b/ prefixes', async () => {
    const plain = RANGE_DIFF.replace('--- a/src', '--- src').replace('+++ b/src', '+++ src');
    assert.equal(content(ok(await build(fence('diff', plain))), 'src/range.js'), FIXED);
  });

  it('creates a new file from /dev/null with mode 100644', async () => {
    const add = 'diff --git a/src/sum.js b/src/sum.js\nnew file mode 100644\n--- /dev/null\n+++ b/src/sum.js\n@@ -0,0 +1,2 @@\n+const sum = (a, b) => a + b;\n+module.exports = { sum };';
    const p = ok(await build(fence('diff', add)));
    assert.deepEqual(p.changes, [{ path: 'src/sum.js', kind: 'add', content: 'const sum = (a, b) => a + b;\nmodule.exports = { sum };\n', mode: '100644' }]);
    assert.match(p.diff, /^diff --git a\/src\/sum\.js b\/src\/sum\.js\nnew file mode 100644\n--- \/dev\/null\n\+\+\+ b\/src\/sum\.js\n@@ -0,0 \+1,2 @@\n/);
  });

  it('creates a new file whatever its hunk header says, and from --- a/x headers with only added lines', async () => {
    for (const head of ['--- /dev/null\n+++ b/src/sum.js\n@@ -1,0 +1,3 @@', '--- a/src/sum.js\n+++ b/src/sum.js\n@@ -0,0 +1 @@']) {
      const p = ok(await build(fence('diff', `${head}\n+a\n+b`)));
      assert.deepEqual(p.changes, [{ path: 'src/sum.js', kind: 'add', content: 'a\nb\n', mode: '100644' }], head);
    }
  });

  it('deletes a file', async () => {
    const del = 'diff --git a/README.md b/README.md\ndeleted file mode 100644\n--- a/README.md\n+++ /dev/null\n@@ -1 +0,0 @@\n-# range';
    const p = ok(await build(fence('diff', del)));
    assert.deepEqual(p.changes, [{ path: 'README.md', kind: 'delete', content: null }]);
    assert.equal(p.linesRemoved, 1);
  });

  it('renames a file with git rename headers, with and without content changes', async () => {
    const pure = 'diff --git a/README.md b/docs/README.md\nsimilarity index 100%\nrename from README.md\nrename to docs/README.md';
    const p = ok(await build(fence('diff', pure)));
    assert.deepEqual(p.changes, [{ path: 'docs/README.md', oldPath: 'README.md', kind: 'rename', content: '# range\n', mode: '100644' }]);
    assert.deepEqual(p.files, ['README.md', 'docs/README.md']);

    const edited = 'diff --git a/src/range.js b/src/ranges.js\nrename from src/range.js\nrename to src/ranges.js\n' + RANGE_DIFF.replace('b/src/range.js', 'b/src/ranges.js');
    const q = ok(await build(fence('diff', edited)));
    assert.deepEqual(q.changes, [{ path: 'src/ranges.js', oldPath: 'src/range.js', kind: 'rename', content: FIXED, mode: '100644' }]);
  });

  it('keeps CRLF line endings of the base file', async () => {
    const crlf = RANGE.replace(/\n/g, '\r\n');
    const p = ok(await build(fence('diff', RANGE_DIFF), { 'src/range.js': crlf }));
    assert.equal(content(p, 'src/range.js'), FIXED.replace(/\n/g, '\r\n'));
  });

  it('keeps a missing final newline', async () => {
    const base = RANGE.slice(0, -1);
    const p = ok(await build(fence('diff', RANGE_DIFF), { 'src/range.js': base }));
    assert.equal(content(p, 'src/range.js'), FIXED.slice(0, -1));
  });

  it('keeps the file mode on modify', async () => {
    const p = ok(await build(fence('diff', RANGE_DIFF), FILES, { modes: { 'src/range.js': '100755' } }));
    assert.equal(p.changes[0]!.mode, '100755');
  });

  it('rejects a modify of a file that does not exist', async () => {
    notOk(await build(fence('diff', RANGE_DIFF.replace(/range\.js/g, 'ranges.js'))), 'rejected', /src\/ranges\.js, which does not exist/);
  });

  it('rejects creating a file that exists with different content', async () => {
    const add = '--- /dev/null\n+++ b/README.md\n@@ -0,0 +1 @@\n+# other';
    notOk(await build(fence('diff', add)), 'rejected', /creates README\.md, which already exists/);
  });

  it('rejects binary patches', async () => {
    const bin = 'diff --git a/logo.png b/logo.png\nnew file mode 100644\nGIT binary patch\nliteral 5\nMcmZ?wbhEHb\n\nliteral 0\nHcmV?d00001';
    notOk(await build(fence('diff', bin)), 'rejected', /logo\.png is a binary patch/);
  });

  it('rejects new symlinks and submodules', async () => {
    const link = 'diff --git a/l b/l\nnew file mode 120000\n--- /dev/null\n+++ b/l\n@@ -0,0 +1 @@\n+/etc/passwd\n\\ No newline at end of file';
    notOk(await build(fence('diff', link)), 'rejected', /make l a symbolic link/);
    notOk(await build(fence('diff', link.replace('120000', '160000'))), 'rejected', /make l a submodule/);
  });

  it('says a diff without file headers is unparseable', async () => {
    notOk(await build(fence('diff', '@@ -1 +1 @@\n-a\n+b')), 'unparseable', /before any file header/);
    notOk(await build(fence('diff', '-a\n+b')), 'unparseable', /names no file/);
  });

  it('says a hunk line outside any hunk is unparseable', async () => {
    const broken = RANGE_DIFF.replace('   return out;', 'return out;\n-  x\n+  y');
    notOk(await build(fence('diff', broken)), 'unparseable', /src\/range\.js has a line outside any hunk/);
  });
});

describe('buildPatch: SEARCH/REPLACE blocks', () => {
  it('replaces an exact match', async () => {
    const p = ok(await build(SR('src/range.js', '  for (let i = start; i < end; i++) out.push(i);\n', '  for (let i = start; i <= end; i++) out.push(i);\n')));
    assert.equal(p.fuzzy, false);
    assert.equal(content(p, 'src/range.js'), FIXED);
  });

  it('matches despite indentation drift, re-indents the replacement, and says it was fuzzy', async () => {
    const p = ok(await build(SR('src/range.js', 'const out = [];\nfor (let i = start; i < end; i++) out.push(i);  \n', 'const out = [];\nfor (let i = start; i <= end; i++) out.push(i);\n')));
    assert.equal(p.fuzzy, true);
    assert.equal(content(p, 'src/range.js'), FIXED);
  });

  it('rejects an ambiguous SEARCH part', async () => {
    notOk(await build(SR('src/dup.js', 'x();\n', 'y();\n'), { 'src/dup.js': 'x();\nz();\nx();\n' }), 'rejected', /block 1 matches 2 places in src\/dup\.js/);
  });

  it('rejects a SEARCH part that is not in the file, naming the line', async () => {
    notOk(await build(SR('src/range.js', '  return outs;\n', '  return out;\n')), 'rejected', /block 1 does not match src\/range\.js: the line "return outs;" is not in the file/);
  });

  it('creates a file from an empty SEARCH part, and appends with a second block', async () => {
    const text = SR('src/sum.js', '', 'const sum = (a, b) => a + b;\n') + SR('src/sum.js', '', 'module.exports = { sum };\n');
    const p = ok(await build(text));
    assert.deepEqual(p.changes, [{ path: 'src/sum.js', kind: 'add', content: 'const sum = (a, b) => a + b;\nmodule.exports = { sum };\n', mode: '100644' }]);
  });

  it('rejects an empty SEARCH part on an existing file', async () => {
    notOk(await build(SR('README.md', '', 'x\n')), 'rejected', /empty but README\.md already exists/);
  });

  it('keeps CRLF line endings', async () => {
    const p = ok(await build(SR('src/range.js', '  for (let i = start; i < end; i++) out.push(i);\n', '  for (let i = start; i <= end; i++) out.push(i);\n'), { 'src/range.js': RANGE.replace(/\n/g, '\r\n') }));
    assert.equal(content(p, 'src/range.js'), FIXED.replace(/\n/g, '\r\n'));
  });

  it('applies several blocks to one file in order', async () => {
    const text = SR('src/range.js', '  const out = [];\n', '  const out = [start];\n') + SR('src/range.js', '  return out;\n', '  return out.slice(1);\n');
    const c = content(ok(await build(text)), 'src/range.js')!;
    assert.match(c, /const out = \[start\];[\s\S]*return out\.slice\(1\);/);
  });

  it('rejects a cut-off block as unparseable', async () => {
    notOk(await build('src/range.js\n```js\n<<<<<<< SEARCH\n  return out;\n'), 'unparseable', /no ======= line/);
  });
});

describe('buildPatch: outcomes', () => {
  it('says prose is unparseable', async () => {
    notOk(await build('The bug is in range.js: use <= instead of <.'), 'unparseable', /no diff and no SEARCH\/REPLACE block/);
  });

  it('rejects a change that changes nothing', async () => {
    notOk(await build(SR('README.md', '# range\n', '# range\n')), 'rejected', /changes nothing/);
  });

  it('gives a diff answer and a SEARCH/REPLACE answer with the same effect the same diff and key', async () => {
    const a = ok(await build(`Plan: fix.\n${fence('diff', RANGE_DIFF)}`));
    const b = ok(await build(SR('src/range.js', '  for (let i = start; i < end; i++) out.push(i);\n', '  for (let i = start; i <= end; i++) out.push(i);\n')));
    const c = ok(await build(fence('diff', RANGE_DIFF.replace('@@ -3,5 +3,5 @@', '@@ -1,2 +1,2 @@'))));
    assert.equal(a.diff, b.diff);
    assert.equal(a.key, b.key);
    assert.equal(a.key, c.key);
    const other = ok(await build(SR('src/range.js', '  return out;\n', '  return out.reverse();\n')));
    assert.notEqual(other.key, a.key);
  });

  it('rejects edits of protected test files, naming the glob', async () => {
    notOk(await build(SR('test/range.test.js', "require('node:test');\n", '\n')), 'rejected', /test\/range\.test\.js, which is protected \(matches \*\*\/test\/\*\*\)/);
  });

  it('rejects edits of policy-protected paths', async () => {
    const policy = { protectedGlobs: [], protectedPaths: ['README.md'] };
    notOk(await build(SR('README.md', '# range\n', '# r\n'), FILES, {}, policy), 'rejected', /README\.md, a protected file/);
  });

  const unsafe: Array<[string, RegExp]> = [
    ['../x.js', /leaves the workspace/],
    ['src/../../x.js', /leaves the workspace/],
    ['/etc/passwd', /is absolute/],
    ['.git/hooks/pre-commit', /inside \.git/],
    ['lib/evil.js', /passes through the symbolic link lib/],
  ];
  for (const [path, reason] of unsafe) {
    it(`rejects writing ${path}, as a diff and as a block`, async () => {
      const base = memoryBase(FILES, { symlinks: ['lib'] });
      const diff = `--- /dev/null\n+++ ${path}\n@@ -0,0 +1 @@\n+x`;
      notOk(await buildPatch(parseAnswer(fence('diff', diff)), base, POLICY), 'rejected', reason);
      notOk(await buildPatch(parseAnswer(SR(path, '', 'x\n')), base, POLICY), 'rejected', reason);
    });
  }

  it('rejects edits of a symlink itself and of binary files', async () => {
    notOk(await build(SR('link.js', 'a\n', 'b\n'), { 'link.js': 'a\n' }, { symlinks: ['link.js'] }), 'rejected', /link\.js" is a symbolic link/);
    notOk(await build(SR('img.bin', 'a\n', 'b\n'), { 'img.bin': 'a\n' }, { binary: ['img.bin'] }), 'rejected', /img\.bin is a binary file/);
  });

  it('enforces the file and byte limits', async () => {
    const text = SR('a.js', '', 'a\n') + SR('b.js', '', 'b\n');
    notOk(await build(text, FILES, {}, { ...POLICY, maxFiles: 1 }), 'rejected', /changes 2 files, more than the limit of 1/);
    notOk(await build(text, FILES, {}, { ...POLICY, maxBytes: 3 }), 'rejected', /writes 4 bytes/);
  });

  it('applies a mixed answer: a diff and a block', async () => {
    const text = fence('diff', RANGE_DIFF) + SR('README.md', '# range\n', '# range (inclusive)\n');
    const p = ok(await build(text));
    assert.deepEqual(p.files, ['README.md', 'src/range.js']);
  });
});

describe('patchFromChanges', () => {
  const base: BaseReader = memoryBase(FILES);

  it('normalizes ready-made changes like an answer with the same effect', async () => {
    const fromChanges = ok(await patchFromChanges([{ path: 'src/range.js', kind: 'modify', content: FIXED }], base, POLICY));
    const fromAnswer = ok(await build(fence('diff', RANGE_DIFF)));
    assert.equal(fromChanges.key, fromAnswer.key);
  });

  it('checks ready-made changes like answers', async () => {
    notOk(await patchFromChanges([{ path: 'test/range.test.js', kind: 'modify', content: '' }], base, POLICY), 'rejected', /protected/);
    notOk(await patchFromChanges([{ path: '../x', kind: 'add', content: '' }], base, POLICY), 'rejected', /leaves the workspace/);
    notOk(await patchFromChanges([{ path: 'src/range.js', kind: 'modify', content: RANGE }], base, POLICY), 'rejected', /changes nothing/);
  });
});
