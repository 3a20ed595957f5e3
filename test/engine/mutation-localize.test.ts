import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FileIndex } from '../../src/engine/llm/trace-paths';
import { framesOf, localize, refocus } from '../../src/engine/mutation/localize';
import { mutantsByLine } from '../../src/engine/mutation/operators';
import { DEFAULT_PROTECTED_GLOBS, isProtectedPath } from '../../src/engine/patch';
import { listSnapshotFiles, releaseSnapshot, snapshotReader, takeSnapshot } from '../../src/engine/sandbox';
import { runTests } from '../../src/engine/verify';
import { MutationSource } from '../../src/engine/sources/mutation';
import type { TestCaseResult, TestReport, Verdict } from '../../src/engine/types';
import { bug, plant } from '../support/mutation-fixtures';
import { makeRepo } from '../support/repo';

const LIB = [
  "'use strict';",
  "const { norm } = require('./util');",
  '',
  'function parse(s) {',
  '  const parts = s.split(",");',
  '  if (parts.length < 2) return null;',
  '  return { a: norm(parts[0]), b: norm(parts[1]) };',
  '}',
  '',
  'function total(xs) {',
  '  let t = 0;',
  '  for (const x of xs) t += x;',
  '  return t;',
  '}',
  '',
  'module.exports = { parse, total };',
  '',
].join('\n');

const UTIL = ["'use strict';", 'function norm(s) {', '  return s.trim().toLowerCase();', '}', 'module.exports = { norm };', ''].join('\n');

const TESTS = [
  "const test = require('node:test');",
  "const assert = require('node:assert');",
  "const { parse, total } = require('../src/lib.js');",
  '',
  "test('parses a pair', () => {",
  "  assert.deepStrictEqual(parse('A, b'), { a: 'a', b: 'b' });",
  '});',
  '',
  "test('rejects a single value', () => {",
  "  assert.strictEqual(parse('a'), null);",
  '});',
  '',
  "test('totals', () => {",
  '  assert.strictEqual(total([1, 2]), 3);',
  '});',
  '',
].join('\n');

const FILES: Record<string, string> = {
  'src/lib.js': LIB,
  'src/util.js': UTIL,
  'src/unrelated.js': 'function other(a, b) {\n  return a < b;\n}\n',
  'test/lib.test.js': TESTS,
};

function report(tests: TestCaseResult[]): TestReport {
  const failed = tests.filter((t) => t.status === 'failed').length;
  return {
    level: 'per-test',
    counts: { passed: tests.length - failed, failed, total: tests.length },
    tests,
    exitCode: failed > 0 ? 1 : 0,
    signal: null,
    timedOut: false,
    outputLimited: false,
    durationMs: 10,
    output: '',
    truncated: false,
  };
}

const ROOT = '/tmp/wt-1';
const input = (baseline: TestReport) => ({
  baseline,
  files: Object.keys(FILES),
  roots: [ROOT],
  read: async (p: string) => FILES[p] ?? null,
  isProtected: (p: string) => p.startsWith('test/'),
});

describe('fault localization', () => {
  test('stack frames become workspace paths and lines; runtime and dependency frames are skipped', () => {
    const index = new FileIndex(Object.keys(FILES));
    const stack = [
      `TypeError: Cannot read properties of undefined (reading 'trim')`,
      `    at norm (${ROOT}/src/util.js:3:12)`,
      `    at Object.<anonymous> (${ROOT}/node_modules/dep/index.js:1:1)`,
      `    at parse (file://${ROOT}/src/lib.js:7:25)`,
      '    at Test.run (node:internal/test_runner/test:796:25)',
      `    at TestContext.<anonymous> (test/lib.test.js:6:3)`,
      '  File "/srv/app/src/lib.js", line 4, in parse',
    ].join('\n');
    assert.deepEqual(framesOf(stack, [ROOT], index), [
      { path: 'src/util.js', line: 3 },
      { path: 'src/lib.js', line: 7 },
      { path: 'test/lib.test.js', line: 6 },
      { path: 'src/lib.js', line: 4 },
    ]);
  });

  test('the failing stack line ranks first, then its function, then what only failing tests reach; test files are never candidates', async () => {
    const loc = await localize(
      input(
        report([
          {
            id: 'parses a pair',
            name: 'parses a pair',
            file: 'test/lib.test.js',
            status: 'failed',
            message: "Cannot read properties of undefined (reading 'trim')",
            stack: `norm (src/util.js:3:12)\nparse (src/lib.js:7:25)\nTestContext.<anonymous> (test/lib.test.js:6:3)`,
          },
          { id: 'rejects a single value', name: 'rejects a single value', file: 'test/lib.test.js', status: 'passed' },
          { id: 'totals', name: 'totals', file: 'test/lib.test.js', status: 'passed' },
        ]),
      ),
    );
    const score = (p: string, l: number) => loc.lines.get(p)?.get(l) ?? 0;
    assert.deepEqual([...loc.lines.keys()].sort(), ['src/lib.js', 'src/util.js'], 'imported and named sources only');
    assert.ok(score('src/util.js', 3) > score('src/lib.js', 7), 'the top frame outranks the caller');
    assert.ok(score('src/lib.js', 7) > score('src/lib.js', 6), 'a frame line outranks the rest of its function');
    assert.ok(score('src/lib.js', 6) > score('src/lib.js', 12), 'parse (reached by the failing test) outranks total (reached only by a passing one)');
    assert.ok(score('src/lib.js', 12) > 0, 'every line of an imported file keeps a little weight');
    assert.deepEqual([...loc.nullDeref], ['src/util.js:3']);
    assert.equal(loc.failing, 1);
  });

  test('with the failure in the test file only, the static spectrum points at what the failing test calls', async () => {
    const loc = await localize(
      input(
        report([
          { id: 'parses a pair', name: 'parses a pair', file: 'test/lib.test.js', status: 'passed' },
          { id: 'rejects a single value', name: 'rejects a single value', file: 'test/lib.test.js', status: 'failed', message: 'Expected null', stack: 'TestContext.<anonymous> (test/lib.test.js:10:10)' },
          { id: 'totals', name: 'totals', file: 'test/lib.test.js', status: 'passed' },
        ]),
      ),
    );
    const score = (p: string, l: number) => loc.lines.get(p)?.get(l) ?? 0;
    assert.ok(score('src/lib.js', 6) > score('src/lib.js', 12), 'parse is reached by the failing test, total only by a passing one');
    assert.ok(score('src/util.js', 3) > score('src/lib.js', 12), 'norm is reached through parse');
    assert.ok(score('src/lib.js', 6) > score('src/util.js', 3), 'as reachable, the file the test imports outweighs the one imported through it');
    assert.deepEqual(loc.nullDeref, new Set());
  });

  test('without per-test results, the whole output is the failure', async () => {
    const base = report([]);
    const loc = await localize(input({ ...base, level: 'exit-code', exitCode: 1, output: `Error: boom\n    at total (${ROOT}/src/lib.js:12:5)\n` }));
    assert.equal(loc.failing, 1);
    assert.ok((loc.lines.get('src/lib.js')?.get(12) ?? 0) > (loc.lines.get('src/lib.js')?.get(5) ?? 0));
  });

  test('refocus: what a candidate still fails becomes the failure to localize', () => {
    const baseline = report([
      { id: 'a', name: 'a', status: 'failed', message: 'old' },
      { id: 'b', name: 'b', status: 'failed', message: 'old' },
      { id: 'c', name: 'c', status: 'passed' },
    ]);
    const verdict = {
      level: 'per-test',
      fixed: ['a'],
      stillFailing: ['b'],
      regressed: ['c'],
      failures: [
        { id: 'b', name: 'b', message: 'still', stack: 'f (src/lib.js:7:1)' },
        { id: 'c', name: 'c', message: 'broken' },
      ],
      outputExcerpt: 'excerpt',
    } as unknown as Verdict;
    const r = refocus(baseline, verdict)!;
    assert.deepEqual(r.tests.map((t) => [t.id, t.status, t.message]), [['a', 'passed', undefined], ['b', 'failed', 'still'], ['c', 'failed', 'broken']]);
    assert.deepEqual(r.counts, { passed: 1, failed: 2, total: 3, skipped: 0 });
    assert.equal(refocus({ ...baseline, level: 'summary' }, verdict), null);
  });
});

describe('ranking on a realistic file', () => {
  test('the faulty line is among the first proposals of a file with hundreds of mutants', async (t) => {
    const b = bug('median-parity');
    const files = plant(b);
    const all = [...mutantsByLine(b.file, files[b.file]!)!.values()].flat();
    assert.ok(all.length > 150, `${all.length} mutants in ${b.file}`);
    const faulty = files[b.file]!.split('\n').findIndex((l) => l.includes(b.buggy)) + 1;
    const repo = makeRepo(files);
    t.after(() => repo.remove());
    // The engine's own snapshot and reader, and one real run of the suite as the baseline.
    const snap = await takeSnapshot(repo.dir, { searchId: 'rank-test' });
    t.after(() => releaseSnapshot(snap));
    const baseline = await runTests({ cwd: repo.dir, command: 'node test/array.test.js', env: { PATH: process.env.PATH }, timeoutMs: 60_000, maxOutputBytes: 1 << 20 });
    assert.equal(baseline.counts.failed, 1);
    const source = new MutationSource();
    await source.prepare({
      task: '',
      baseline,
      baselineFailure: '',
      files: await listSnapshotFiles(snap),
      reader: await snapshotReader(snap),
      roots: [repo.dir],
      isProtected: (p) => isProtectedPath(p, DEFAULT_PROTECTED_GLOBS),
      temperature: 0,
      maxTokens: 0,
    });
    const proposed: string[] = [];
    await source.propose({ round: 1, parent: null, count: 8, signal: new AbortController().signal }, (p) => proposed.push(p.plan!), () => assert.fail('no model request'));
    assert.equal(proposed.length, 8);
    const first = proposed.findIndex((p) => p.startsWith(`${b.file}:${faulty} `));
    assert.ok(first >= 0 && first < 3, `line ${faulty} is not among the first three: ${proposed.join(' | ')}`);
    assert.ok(new Set(proposed.map((p) => p.split(' ')[0])).size > 1, 'other suspicious lines are proposed too');
    const again: string[] = [];
    const fresh = new MutationSource();
    await fresh.prepare({ task: '', baseline, baselineFailure: '', files: await listSnapshotFiles(snap), reader: await snapshotReader(snap), roots: [repo.dir], isProtected: (p) => isProtectedPath(p, DEFAULT_PROTECTED_GLOBS), temperature: 0, maxTokens: 0 });
    await fresh.propose({ round: 1, parent: null, count: 8, signal: new AbortController().signal }, (p) => again.push(p.plan!), () => undefined);
    assert.deepEqual(again, proposed, 'the same workspace and baseline give the same order');
  });
});
