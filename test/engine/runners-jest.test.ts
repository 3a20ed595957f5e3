// jest, vitest and AVA on real fixture repositories.
import { describe, test } from 'node:test';
import { checkRunner } from '../support/runners-check';

const viaScript = (body: string) => new RegExp(`package\\.json script "test" runs \`${body.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\`.*runs directly`);

describe('test runners: jest, vitest, AVA', () => {
  test('jest', (t) =>
    checkRunner(t, 'jest', {
      runner: 'jest',
      command: 'npm run test',
      reason: viaScript('jest'),
      total: 5,
      failingId: 'test/mul.test.js > calc > multiplies (a*b)',
      flakyId: 'test/flaky.test.js > flaky > settles on a retry',
    }));

  test('vitest', (t) =>
    checkRunner(t, 'vitest', {
      runner: 'vitest',
      command: 'npm run test',
      reason: viaScript('vitest run'),
      total: 5,
      failingId: 'test/mul.test.js > calc > multiplies (a*b)',
      flakyId: 'test/flaky.test.js > flaky > settles on a retry',
    }));

  test('AVA', (t) =>
    checkRunner(t, 'ava', {
      runner: 'ava',
      command: 'npm run test',
      reason: viaScript('ava'),
      total: 5,
      failingId: 'mul › calc multiplies (a*b)',
      flakyId: 'flaky › flaky settles on a retry',
    }));
});
