import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compareToBaseline, failureExcerpt } from '../../src/engine/verify';
import type { TestCaseResult, TestReport } from '../../src/engine/types';

type Status = TestCaseResult['status'];

function perTest(results: Record<string, Status>, extra: Partial<TestReport> = {}): TestReport {
  const tests: TestCaseResult[] = Object.entries(results).map(([id, status]) => ({
    id,
    name: id.split(' > ').pop()!,
    status,
    ...(status === 'failed' ? { message: `${id} broke`, stack: `at t (test/${id}.js:1:1)` } : {}),
  }));
  const failed = tests.filter((t) => t.status === 'failed').length;
  const passed = tests.filter((t) => t.status === 'passed').length;
  return {
    level: 'per-test',
    counts: { passed, failed, skipped: tests.length - passed - failed, total: tests.length },
    tests,
    exitCode: failed > 0 ? 1 : 0,
    signal: null,
    timedOut: false,
    outputLimited: false,
    durationMs: 100,
    output: 'runner output\n',
    truncated: false,
    ...extra,
  };
}

const BASELINE = perTest({ 'a > target': 'failed', 'a > guard': 'passed', other: 'passed', 'still broken': 'failed' });

describe('compareToBaseline', () => {
  test('fixed, regressed and still failing', () => {
    const run = perTest({ 'a > target': 'passed', 'a > guard': 'failed', other: 'passed', 'still broken': 'failed' });
    const v = compareToBaseline(BASELINE, run);
    assert.deepEqual(v.fixed, ['a > target']);
    assert.deepEqual(v.regressed, ['a > guard']);
    assert.deepEqual(v.stillFailing, ['still broken']);
    assert.equal(v.passedAll, false);
    assert.deepEqual(
      v.failures.map((f) => [f.id, f.message]),
      [
        ['a > guard', 'a > guard broke'],
        ['still broken', 'still broken broke'],
      ],
    );
    assert.equal(v.level, 'per-test');
    assert.deepEqual(v.tests, run.counts);
  });

  test('a run that fixes everything and breaks nothing passes', () => {
    const run = perTest({ 'a > target': 'passed', 'a > guard': 'passed', other: 'passed', 'still broken': 'passed', 'new test': 'passed' });
    const v = compareToBaseline(BASELINE, run);
    assert.deepEqual(v.fixed, ['a > target', 'still broken']);
    assert.deepEqual([v.regressed, v.stillFailing, v.failures], [[], [], []]);
    assert.equal(v.passedAll, true);
  });

  test('flaky ids are ignored both ways, and failing only on them still passes', () => {
    const flaky = new Set(['a > guard', 'still broken']);
    const run = perTest({ 'a > target': 'passed', 'a > guard': 'failed', other: 'passed', 'still broken': 'passed' });
    const v = compareToBaseline(BASELINE, run, { flaky });
    assert.deepEqual(v.fixed, ['a > target'], 'a flaky baseline failure that passes is not a fix');
    assert.deepEqual(v.regressed, [], 'a flaky baseline pass that fails is not a regression');
    assert.deepEqual(v.failures, []);
    assert.equal(run.exitCode, 1);
    assert.equal(v.passedAll, true);
  });

  test('deleting or skipping a test never counts as fixing it; a vanished guard is a regression', () => {
    const run = perTest({ 'a > target': 'skipped', other: 'passed' });
    const v = compareToBaseline(BASELINE, run);
    assert.deepEqual(v.fixed, []);
    assert.deepEqual(v.stillFailing, ['a > target', 'still broken']);
    assert.deepEqual(v.regressed, ['a > guard']);
    assert.equal(v.passedAll, false);
    assert.deepEqual(
      v.failures.map((f) => [f.id, f.message]),
      [
        ['a > target', 'No result: the test did not run.'],
        ['still broken', 'No result: the test did not run.'],
        ['a > guard', 'No result: the test did not run.'],
      ],
    );
  });

  test('a run that timed out counts as all-failing, even what it printed as passing', () => {
    const run = perTest({ 'a > target': 'passed', 'a > guard': 'passed' }, { timedOut: true, exitCode: null, signal: 'SIGTERM' });
    const v = compareToBaseline(BASELINE, run);
    assert.deepEqual(v.fixed, []);
    assert.deepEqual(v.regressed, ['a > guard', 'other']);
    assert.deepEqual(v.stillFailing, ['a > target', 'still broken']);
    assert.equal(v.passedAll, false);
    assert.equal(v.timedOut, true);
    assert.ok(v.failures.every((f) => f.message === 'No result: the run was cut short.'));
    assert.match(v.outputExcerpt, /timed out/);
  });

  test('without per-test results on both sides it falls back to counts and the exit code', () => {
    const summary = (failed: number, exitCode: number): TestReport => ({
      ...perTest({}),
      level: 'summary',
      counts: { passed: 3, failed, total: 3 + failed },
      exitCode,
    });
    const passing = compareToBaseline(summary(1, 1), summary(0, 0));
    assert.deepEqual([passing.fixed, passing.regressed, passing.stillFailing, passing.passedAll], [[], [], [], true]);
    assert.equal(compareToBaseline(summary(1, 1), summary(1, 0)).passedAll, false, 'counts beat exit code 0');
    assert.equal(compareToBaseline(BASELINE, summary(0, 2)).passedAll, false);
    assert.deepEqual(compareToBaseline(BASELINE, summary(0, 2)).regressed, []);
  });
});

describe('failureExcerpt', () => {
  test('names the failing tests with their messages and stacks', () => {
    const excerpt = failureExcerpt(perTest({ ok: 'passed', 'math > mul': 'failed' }));
    assert.match(excerpt, /1 of 2 tests failed; the test command exited with code 1\./);
    assert.match(excerpt, /FAIL math > mul\n {2}math > mul broke\n {2}at t \(test\/math > mul\.js:1:1\)/);
    assert.doesNotMatch(excerpt, /FAIL ok/);
  });

  test('stays within its byte budget and says how many failures it left out', () => {
    const many = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`suite > test number ${i} ✖`, 'failed' as Status]));
    const report = perTest(many, { output: 'x'.repeat(50_000) });
    for (const max of [300, 1000, 4096]) {
      const excerpt = failureExcerpt(report, max);
      assert.ok(Buffer.byteLength(excerpt) <= max, `${Buffer.byteLength(excerpt)} > ${max}`);
      assert.match(excerpt, /FAIL suite > test number 0 ✖/);
      assert.match(excerpt, /… and \d+ more failing tests$/);
    }
  });

  test('without per-test results it shows the head and tail of the output', () => {
    const output = `START\n${'noise line\n'.repeat(5000)}Error: the real cause\n`;
    const report: TestReport = { ...perTest({}), level: 'exit-code', counts: { passed: 0, failed: 1, total: 1 }, exitCode: 2, output, truncated: false };
    const excerpt = failureExcerpt(report, 2000);
    assert.ok(Buffer.byteLength(excerpt) <= 2000);
    assert.match(excerpt, /^The test command exited with code 2\.\nSTART\n/);
    assert.match(excerpt, /of output omitted/);
    assert.match(excerpt, /Error: the real cause$/);
  });
});
