import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { selectContextFiles } from '../../src/engine/llm';
import { BUGGY_RANGE_REPO, makeRepo, type TempRepo } from '../support/repo';

const repos: TempRepo[] = [];
after(() => repos.forEach((r) => r.remove()));

const isTest = (p: string) => /(^|\/)(test|tests|__tests__)\//.test(p) || /\.(test|spec)\.[jt]sx?$/.test(p) || /(^|\/)test_[^/]*\.py$/.test(p);

function repoWith(files: Record<string, string>): { repo: TempRepo; files: string[]; read: (p: string) => Promise<string | null> } {
  const repo = makeRepo(files);
  repos.push(repo);
  const list = repo.git('ls-files').split('\n').filter(Boolean);
  return { repo, files: list, read: (p) => readFile(join(repo.dir, p), 'utf8').catch(() => null) };
}

test('finds the source file a failing test imports when the stack names only the test', async () => {
  const { repo, files, read } = repoWith({
    ...BUGGY_RANGE_REPO,
    'src/format.js': "'use strict';\nmodule.exports = { pad: (s) => ' ' + s };\n",
    'src/index.js': "module.exports = { ...require('./range.js'), ...require('./format.js') };\n",
    'test/format.test.js': "const test = require('node:test');\nconst { pad } = require('../src/format.js');\ntest('pad', () => {});\n",
    'README.md': '# range-lib\n',
  });
  // Real output of the real test runner: the assertion is in the test file, the bug is in src/range.js.
  // NODE_TEST_CONTEXT would make the child think it runs inside this test runner.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const run = spawnSync(process.execPath, ['--test', 'test/range.test.js'], { cwd: repo.dir, encoding: 'utf8', env });
  const output = run.stdout + run.stderr;
  assert.match(output, /range\.test\.js:7:10/);
  assert.doesNotMatch(output, /src\/range\.js/, 'the stack does not name the source file');

  const picked = await selectContextFiles({ task: '', failureOutput: output, roots: [repo.dir], files, read, isProtected: isTest });
  assert.deepEqual(
    picked.map((f) => [f.path, f.readOnly]),
    [
      ['src/range.js', false],
      ['test/range.test.js', true],
    ],
  );
  assert.equal(picked[0]?.content, BUGGY_RANGE_REPO['src/range.js']);
});

test('source files in stack traces come first; worktree roots are stripped; packages are ignored', async () => {
  const { files, read } = repoWith({
    'lib/parse.ts': "export function parse(s: string) { return s.split(','); }\n",
    'lib/util.ts': 'export const id = <T>(x: T) => x;\n',
    'lib/parse.test.ts': "import { parse } from './parse.js';\nimport { id } from './util';\n",
    'node_modules/chai/index.js': 'module.exports = {};\n',
  });
  const worktree = '/var/tmp/sws-worktrees/wt-3';
  const output = [
    'FAIL lib/parse.test.ts',
    '  AssertionError: expected [ "a" ] to deeply equal [ "a", "" ]',
    `    at parse (file://${worktree}/lib/parse.ts:1:45)`,
    `    at Context.<anonymous> (${worktree}/lib/parse.test.ts:4:5)`,
    `    at Object.<anonymous> (${worktree}/node_modules/chai/index.js:1:1)`,
  ].join('\n');
  const picked = await selectContextFiles({ task: '', failureOutput: output, roots: [worktree, '/home/me/proj'], files, read, isProtected: isTest });
  assert.deepEqual(
    picked.map((f) => f.path),
    ['lib/parse.ts', 'lib/util.ts', 'lib/parse.test.ts'],
    'stack source, then the test import resolved from ./util to util.ts, then the test',
  );
});

test('Python traces, relative and package imports, and files named in the task', async () => {
  const { repo, files, read } = repoWith({
    'pkg/__init__.py': '',
    'pkg/money.py': 'def add(a, b):\n    return a + b\n',
    'pkg/fmt.py': 'def show(x):\n    return str(x)\n',
    'pkg/unused.py': 'X = 1\n',
    'tests/test_money.py': 'from pkg.money import add\nfrom pkg import fmt\n\ndef test_add():\n    assert add(0.1, 0.2) == 0.3\n',
    'docs/notes.md': 'notes\n',
  });
  const output = [
    'tests/test_money.py F',
    'Traceback (most recent call last):',
    `  File "${repo.dir}/tests/test_money.py", line 5, in test_add`,
    '    assert add(0.1, 0.2) == 0.3',
    'FAILED tests/test_money.py::test_add - assert 0.30000000000000004 == 0.3',
  ].join('\n');
  const picked = await selectContextFiles({
    task: 'Money addition is wrong; see docs/notes.md',
    failureOutput: output,
    roots: [repo.dir],
    files,
    read,
    isProtected: isTest,
  });
  const paths = picked.map((f) => f.path);
  assert.deepEqual(paths, ['docs/notes.md', 'pkg/money.py', 'pkg/fmt.py', 'tests/test_money.py'], 'empty __init__.py left out');
  assert.ok(!paths.includes('pkg/unused.py'));
  assert.equal(picked.find((f) => f.path === 'tests/test_money.py')?.readOnly, true);
});

test('limits: maxFiles, maxBytes with a big file cut around the cited line, binary files skipped', async () => {
  const big = Array.from({ length: 3000 }, (_, i) => (i === 2400 ? 'export const broken = 1 / 0; // THE BUG' : `export const v${i} = ${i};`)).join('\n');
  const { repo, files, read } = repoWith({
    'src/big.ts': big,
    'src/a.ts': 'export const a = 1;\n',
    'src/b.ts': 'export const b = 2;\n',
    'src/logo.png': 'PNG\u0000\u0001binary',
  });
  const output = `Error: boom\n    at ${repo.dir}/src/big.ts:2401:30\n    at ${repo.dir}/src/logo.png:1:1\n    at ${repo.dir}/src/a.ts:1:1\n    at ${repo.dir}/src/b.ts:1:1`;
  const picked = await selectContextFiles({ task: '', failureOutput: output, roots: [repo.dir], files, read, isProtected: isTest, maxBytes: 8_000 });
  assert.deepEqual(picked.map((f) => f.path), ['src/big.ts', 'src/a.ts', 'src/b.ts']);
  const cut = picked[0]!.content;
  assert.ok(Buffer.byteLength(cut) <= 8_000, `cut to the budget, got ${Buffer.byteLength(cut)}`);
  assert.match(cut, /THE BUG/);
  assert.match(cut, /\[\.\.\. lines \d+-\d+ omitted \.\.\.\]/);

  const two = await selectContextFiles({ task: '', failureOutput: output, roots: [repo.dir], files, read, isProtected: isTest, maxFiles: 2 });
  assert.deepEqual(two.map((f) => f.path), ['src/big.ts', 'src/a.ts']);
});
