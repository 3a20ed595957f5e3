// Real temporary git repositories for tests: real files, real commits, removed afterwards.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempRepo {
  dir: string;
  git(...args: string[]): string;
  write(path: string, content: string): void;
  commitAll(message?: string): string;
  remove(): void;
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

/** Creates a repository with `files` committed (unless `commit` is false). */
export function makeRepo(files: Record<string, string>, opts: { commit?: boolean; prefix?: string } = {}): TempRepo {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), opts.prefix ?? 'sws-test-')));
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' }).trim();
  const write = (path: string, content: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  };
  git('init', '-q', '-b', 'main');
  git('config', 'commit.gpgsign', 'false');
  for (const [p, c] of Object.entries(files)) write(p, c);
  const commitAll = (message = 'commit') => {
    git('add', '-A');
    git('commit', '-q', '--allow-empty', '-m', message);
    return git('rev-parse', 'HEAD');
  };
  if (opts.commit !== false) commitAll('initial');
  return { dir, git, write, commitAll, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A tiny library with an off-by-one bug and a node:test suite: one failing test, two passing. */
export const BUGGY_RANGE_REPO: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'range-lib', version: '1.0.0', scripts: { test: 'node --test' } }, null, 2) + '\n',
  'src/range.js': [
    "'use strict';",
    '/** Returns the integers from start to end inclusive. */',
    'function range(start, end) {',
    '  const out = [];',
    '  for (let i = start; i < end; i++) {',
    '    out.push(i);',
    '  }',
    '  return out;',
    '}',
    '',
    'function sum(xs) {',
    '  return xs.reduce((a, b) => a + b, 0);',
    '}',
    '',
    'module.exports = { range, sum };',
    '',
  ].join('\n'),
  'test/range.test.js': [
    "'use strict';",
    "const test = require('node:test');",
    "const assert = require('node:assert');",
    "const { range, sum } = require('../src/range.js');",
    '',
    "test('range includes both ends', () => {",
    '  assert.deepStrictEqual(range(1, 3), [1, 2, 3]);',
    '});',
    '',
    "test('range of one', () => {",
    '  assert.deepStrictEqual(range(2, 2), [2]);',
    '});',
    '',
    "test('sum adds', () => {",
    '  assert.strictEqual(sum([1, 2, 3]), 6);',
    '});',
    '',
  ].join('\n'),
};

/** The fix for BUGGY_RANGE_REPO as a unified diff (what a good model answers). */
export const RANGE_FIX_DIFF = [
  '--- a/src/range.js',
  '+++ b/src/range.js',
  '@@ -2,7 +2,7 @@',
  " /** Returns the integers from start to end inclusive. */",
  ' function range(start, end) {',
  '   const out = [];',
  '-  for (let i = start; i < end; i++) {',
  '+  for (let i = start; i <= end; i++) {',
  '     out.push(i);',
  '   }',
  '   return out;',
  '',
].join('\n');
