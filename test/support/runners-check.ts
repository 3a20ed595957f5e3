// The same checks for every runner, on its real fixture: detection, the baseline with per-test
// results, the flaky test found by the targeted re-run, and a stage-1 run that reports
// exactly the target test.
import assert from 'node:assert/strict';
import { runBaseline } from '../../src/engine/baseline';
import { detectRunner } from '../../src/engine/detect';
import { releaseSnapshot, takeSnapshot, WorktreePool } from '../../src/engine/sandbox';
import { scrubEnv } from '../../src/engine/verify';
import { TestRunner, type RunnerKind } from '../../src/engine/verify/runners';
import { testSearchId } from './git-state';
import { makeRunnerRepo, missingTool, type FixtureKind } from './runners-fixtures';

export interface RunnerExpectation {
  runner: RunnerKind;
  command: string;
  reason: RegExp;
  /** Tests of the full run, the flaky one included. */
  total: number;
  failingId: string;
  flakyId: string;
}

interface TestContext {
  after(fn: () => unknown): void;
  skip(message?: string): void;
}

const LIMITS = { timeoutMs: 120_000, maxOutputBytes: 1024 * 1024 };

export async function checkRunner(t: TestContext, kind: FixtureKind, want: RunnerExpectation): Promise<void> {
  const missing = missingTool(kind);
  if (missing) return t.skip(missing);
  const repo = makeRunnerRepo(kind, { flaky: true });
  t.after(() => repo.remove());

  const plan = detectRunner(repo.dir);
  assert.ok(plan, 'a test command is detected');
  assert.equal(plan.command, want.command);
  assert.equal(plan.runner, want.runner);
  assert.match(plan.reason, want.reason);

  const snap = await takeSnapshot(repo.dir, { searchId: testSearchId(kind) });
  t.after(() => releaseSnapshot(snap));
  const pool = await WorktreePool.create(snap, { size: 1, shareDirs: ['node_modules'] });
  t.after(() => pool.dispose());
  const env = scrubEnv(process.env);
  const signal = new AbortController().signal;

  const baseline = await runBaseline(pool, new TestRunner(plan), env, LIMITS, signal);
  const { report } = baseline;
  const output = `\n--- output ---\n${report.output.slice(-3000)}`;
  assert.equal(report.level, 'per-test', `per-test results${output}`);
  assert.equal(baseline.runner.extended, true, 'the report flags worked, no fallback to the plain command');
  assert.deepEqual(
    { passed: report.counts.passed, failed: report.counts.failed, total: report.counts.total },
    { passed: want.total - 2, failed: 2, total: want.total },
    `counts of ${report.tests.map((t) => `${t.id}=${t.status}`).join(', ')}${output}`,
  );
  assert.deepEqual([...baseline.flaky], [want.flakyId], 'the flaky test passed on the re-run');
  assert.deepEqual([...baseline.failing], [want.failingId], 'the flaky test is no target');
  assert.deepEqual(baseline.summary.flaky, [want.flakyId]);
  assert.ok(baseline.notes.some((n) => n.message.includes('treated as flaky')), 'the flaky test is reported');
  assert.ok(baseline.stage1, `stage 1 is planned: ${baseline.notes.map((n) => n.message).join(' ')}`);
  assert.deepEqual(baseline.stage1.tests.map((t) => t.id), [want.failingId]);

  // The stage-1 run's own report lists the target and nothing else that ran.
  const wt = await pool.acquire(signal);
  try {
    await wt.reset();
    const first = await baseline.runner.run({ cwd: wt.cwd, env, signal, ...LIMITS, only: baseline.stage1.tests });
    const ran = first.tests.filter((t) => t.status !== 'skipped');
    assert.deepEqual(
      ran.map((t) => `${t.id}=${t.status}`),
      [`${want.failingId}=failed`],
      `stage 1 ran only the target (command: ${baseline.runner.commandFor(baseline.stage1.tests)})\n${first.output.slice(-2000)}`,
    );
    assert.ok(ran[0]!.message, 'the failure keeps its message');
  } finally {
    pool.release(wt);
  }
}
