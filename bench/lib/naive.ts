// The naive way to verify candidates, for comparison: for each answer, in turn, a fresh
// `git worktree add`, a fresh `npm ci`, `git apply`, the test command, and removal. No
// sharing, no deduplication, no parallelism, no checks before running.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { reportPassed } from '../../src/engine/types';
import { runTests } from '../../src/engine/verify';
import { startFakeOpenAI } from '../../test/support/fake-openai';
import { npmArgs, npmEnv } from '../fixtures/workspace';
import { scriptedReplies } from './engine';
import { git, run } from './proc';

export interface NaiveRun {
  wallMs: number;
  modelMs: number;
  testRuns: number;
  passed: number;
  /** Answers whose diff did not apply (no test run). */
  notApplied: number;
  /** Summed milliseconds per phase. */
  phases: { worktreeAdd: number; install: number; apply: number; test: number; remove: number };
}

export interface NaiveOptions {
  workspace: string;
  scratch: string;
  testCommand: string;
  answers: string[];
  latencyMs: number;
  testTimeoutMs: number;
}

const DIFF_FENCE = /```diff\n([\s\S]*?)```/;

export async function runNaive(o: NaiveOptions): Promise<NaiveRun> {
  const server = await startFakeOpenAI({ reply: scriptedReplies(o.answers, o.latencyMs) });
  const phases = { worktreeAdd: 0, install: 0, apply: 0, test: 0, remove: 0 };
  let testRuns = 0;
  let passed = 0;
  let notApplied = 0;
  try {
    const t0 = performance.now();
    const client = new OpenAI({ baseURL: server.url, apiKey: 'bench', maxRetries: 0 });
    const reply = await client.chat.completions.create({ model: 'bench', n: o.answers.length, messages: [{ role: 'user', content: 'Fix the failing test.' }] });
    const modelMs = performance.now() - t0;
    for (const [i, choice] of reply.choices.entries()) {
      const dir = join(o.scratch, `naive-wt-${i}`);
      phases.worktreeAdd += (await git(o.workspace, 'worktree', 'add', '-q', '--detach', dir, 'HEAD')).ms;
      phases.install += (await run('npm', npmArgs(o.scratch, 'ci'), { cwd: dir, env: npmEnv() })).ms;
      const diff = DIFF_FENCE.exec(choice.message.content ?? '')?.[1];
      const patchFile = join(o.scratch, `naive-${i}.diff`);
      writeFileSync(patchFile, diff ?? '');
      const applied = diff ? await git(dir, 'apply', patchFile).then((r) => r.ms, () => null) : null;
      if (applied === null) {
        notApplied++;
      } else {
        phases.apply += applied;
        const t = performance.now();
        const report = await runTests({ cwd: dir, command: o.testCommand, env: { ...process.env }, timeoutMs: o.testTimeoutMs, maxOutputBytes: 256 * 1024 });
        phases.test += performance.now() - t;
        testRuns++;
        if (reportPassed(report)) passed++;
      }
      phases.remove += (await git(o.workspace, 'worktree', 'remove', '--force', dir)).ms;
    }
    return { wallMs: performance.now() - t0, modelMs, testRuns, passed, notApplied, phases };
  } finally {
    await server.close();
  }
}
