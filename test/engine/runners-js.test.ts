// node:test, mocha and tape on real fixture repositories.
import { describe, test } from 'node:test';
import { checkRunner } from '../support/runners-check';

const viaScript = (body: string) => new RegExp(`package\\.json script "test" runs \`${body.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\`.*runs directly`);

describe('test runners: node:test, mocha, tape', () => {
  test('node:test', (t) =>
    checkRunner(t, 'node-test', {
      runner: 'node-test',
      command: 'npm run test',
      reason: viaScript('node --test'),
      total: 5,
      failingId: 'calc > multiplies (a*b)',
      flakyId: 'flaky > settles on a retry',
    }));

  test('mocha', (t) =>
    checkRunner(t, 'mocha', {
      runner: 'mocha',
      command: 'npm run test',
      reason: viaScript('mocha'),
      total: 5,
      failingId: 'test/mul.test.js > Mocha Tests > calc > multiplies (a*b)',
      flakyId: 'test/flaky.test.js > Mocha Tests > flaky > settles on a retry',
    }));

  test('tape', (t) =>
    checkRunner(t, 'tape', {
      runner: 'tape',
      command: 'npm run test',
      reason: viaScript("tape 'test/*.test.js'"),
      total: 5,
      failingId: 'calc multiplies > two times four (a*b)',
      flakyId: 'flaky > settles on a retry',
    }));
});
