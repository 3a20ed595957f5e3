// pytest, unittest and go test on real fixture repositories (skipped, with the reason, when
// the tool is not installed; CI installs them).
import { describe, test } from 'node:test';
import { checkRunner } from '../support/runners-check';

describe('test runners: pytest, unittest, go test', () => {
  test('pytest', (t) =>
    checkRunner(t, 'pytest', {
      runner: 'pytest',
      command: 'python3 -m pytest -q',
      reason: /conftest\.py found/,
      total: 5,
      failingId: 'tests/test_mul.py > pytest > tests.test_mul > test_multiplies',
      flakyId: 'tests/test_flaky.py > pytest > tests.test_flaky > test_settles_on_retry',
    }));

  test('unittest', (t) =>
    checkRunner(t, 'unittest', {
      runner: 'unittest',
      command: 'python3 -m unittest',
      reason: /import only unittest/,
      total: 5,
      failingId: 'test_mul.TestMul.test_multiplies',
      flakyId: 'test_flaky.TestFlaky.test_settles_on_retry',
    }));

  test('go test', (t) =>
    checkRunner(t, 'go', {
      runner: 'go',
      command: 'go test ./...',
      reason: /go\.mod found/,
      total: 5,
      failingId: 'example.com/calc/calc > TestMul',
      flakyId: 'example.com/calc/calc > TestFlaky',
    }));
});
