// Before any candidate: ask for reproduction tests, keep the ones that fail on the snapshot
// with an assertion, and say why each other one was discarded.
import { selectContextFiles } from '../llm';
import { estimatePromptTokens } from '../llm/tokens';
import type { BaseReader } from '../patch';
import type { CandidateSource } from '../sources/source';
import { reportPassed, type Answer } from '../types';
import { failureExcerpt } from '../verify';
import type { RunnerPlan } from '../verify/runners';
import { judgeBaseRun } from './classify';
import { planLayout, testFilesFor } from './layout';
import { normalizeTest, reproMessages, testFromAnswer } from './prompt';
import { runOnSnapshot, type ReproRunContext } from './run';
import { fileRunner, type FileRunner } from './runner';
import type { ReproRequestRecord, ReproTest } from './types';

export interface ReproPhaseInput {
  source: CandidateSource;
  count: number;
  task: string;
  testCommand: string;
  plan: RunnerPlan;
  files: string[];
  reader: BaseReader;
  temperature: number;
  maxTokens: number;
  /** Everything a run needs except the runner, which the phase picks. */
  run: Omit<ReproRunContext, 'runner'>;
  /** Would this much more stay within the dollar and token budgets? */
  affords(usd: number, tokens: number): boolean;
  onRequest(): void;
  onUsage(answer: Answer): void;
}

export interface ReproPhaseResult {
  tests: ReproTest[];
  /** Set when tests could be run at all. */
  runner: FileRunner | null;
  request?: ReproRequestRecord;
  /** Why no test was asked for, for the user. */
  skipped?: string;
}

const BASE_FAILURE_BYTES = 2_000;

export async function writeReproTests(input: ReproPhaseInput): Promise<ReproPhaseResult> {
  const runner = fileRunner(input.plan);
  if (!input.source.writeTests) return { tests: [], runner, skipped: `${input.source.label} cannot write tests` };
  if (!runner) {
    const kind = input.plan.runner ?? 'this';
    return { tests: [], runner, skipped: `the ${kind} test command cannot be given single test files to run, so reproduction tests are not written` };
  }
  const layout = planLayout(input.files, runner.kind, input.task);
  const messages = await promptFor(input, runner, layout);
  const promptTokens = estimatePromptTokens(messages);
  const completion = input.count * Math.ceil(input.maxTokens / 4);
  if (!input.affords(input.source.estimateTestsCostUsd?.(promptTokens, completion) ?? 0, promptTokens + completion)) {
    return { tests: [], runner, skipped: 'writing reproduction tests would exceed the budget' };
  }
  const answers = await input.source.writeTests(
    { messages, n: input.count, temperature: input.temperature, maxTokens: input.maxTokens, signal: input.run.signal },
    input.onRequest,
  );
  for (const a of answers) input.onUsage(a);
  const tests = collect(answers, layout.fileFor);
  const ctx: ReproRunContext = { ...input.run, runner };
  await Promise.all(tests.filter((t) => t.status === 'valid').map((t) => validate(ctx, t)));
  return { tests, runner, request: { messages, answers: answers.map((a) => a.text) } };
}

async function promptFor(input: ReproPhaseInput, runner: FileRunner, layout: ReturnType<typeof planLayout>) {
  const read = async (p: string) => (await input.reader.read(p).catch(() => null))?.content ?? null;
  const tests = new Set(testFilesFor(input.files, runner.kind));
  const example = layout.example ? await read(layout.example) : null;
  // The example is named as if a trace cited it, so the code it imports is shown.
  const context = await selectContextFiles({
    task: input.task,
    failureOutput: layout.example ?? '',
    roots: [],
    files: input.files,
    read,
    isProtected: (p) => tests.has(p),
    maxFiles: 6,
  });
  return reproMessages({
    task: input.task,
    runner: runner.kind,
    testCommand: input.testCommand,
    dir: layout.dir,
    sampleFile: layout.fileFor(1),
    example: layout.example && example !== null ? { path: layout.example, content: example } : null,
    files: context.filter((f) => !f.readOnly),
    otherFiles: input.files.filter((f) => !tests.has(f) && !context.some((c) => c.path === f)),
  });
}

/** One test per answer; answers without a test and repeats are discarded before anything runs. */
function collect(answers: Answer[], fileFor: (k: number) => string): ReproTest[] {
  const seen = new Map<string, string>();
  return answers.map((a, i) => {
    const id = `r${i + 1}`;
    const file = fileFor(i + 1);
    if (a.error) return { id, file, status: 'discarded', reason: `the request failed: ${a.error}`, content: '' };
    const content = testFromAnswer(a.text);
    if (content === null) return { id, file, status: 'discarded', reason: 'the answer holds no test file in a code block', content: '' };
    const key = normalizeTest(content);
    const first = seen.get(key);
    if (first) return { id, file, status: 'discarded', reason: `identical to ${first} (merged)`, duplicateOf: first, content };
    seen.set(key, id);
    return { id, file, status: 'valid', content };
  });
}

/** Runs the test alone on the snapshot; it stays valid only when it fails there with an assertion. */
async function validate(ctx: ReproRunContext, test: ReproTest): Promise<void> {
  let report;
  try {
    report = await runOnSnapshot(ctx, test);
  } catch (e) {
    if (ctx.signal.aborted) throw e;
    Object.assign(test, { status: 'discarded', reason: `could not be run: ${e instanceof Error ? e.message : String(e)}` });
    return;
  }
  const judged = judgeBaseRun(report, test.file, ctx.timeoutMs);
  const baseFailure = reportPassed(report) ? '' : failureExcerpt(report, BASE_FAILURE_BYTES);
  if (judged.valid) Object.assign(test, { baseFailure, testIds: report.tests.map((t) => t.id) });
  else Object.assign(test, { status: 'discarded', reason: judged.reason, ...(baseFailure ? { baseFailure } : {}) });
}
