// One real search against a generated workspace, its candidates served by the scripted
// OpenAI-compatible server at a chosen latency.
import { createOpenAIProvider } from '../../src/engine/llm';
import { resolveOptions } from '../../src/engine/options';
import { runSearch } from '../../src/engine/search';
import { ModelSource } from '../../src/engine/sources/model';
import type { SearchResult } from '../../src/engine/types';
import { startFakeOpenAI, type FakeReply, type FakeRequest } from '../../test/support/fake-openai';

/** Hands out the answers in order across requests: a search larger than one request's `n` still sees each answer once. */
export function scriptedReplies(answers: readonly string[], delayMs: number): (req: FakeRequest) => FakeReply {
  let next = 0;
  return (req) => {
    const n = Math.max(1, Number(req.body?.n ?? 1));
    const slice = answers.slice(next, next + n);
    next += n;
    return { answers: slice.length > 0 ? slice : ['(no more answers)'], delayMs };
  };
}

export interface EngineRun {
  wallMs: number;
  /** Time the model took to answer (the one request, or the longest of several). */
  modelMs: number;
  result: SearchResult;
  /** Test runs of candidates plus the baseline run. */
  testRuns: number;
  /** stats.stage1Runs when the engine reports staged verification. */
  stage1Runs: number | null;
  /** How test runs were isolated ('jail' or 'none'), from the engine's notice. */
  isolation: string;
}

export interface EngineRunOptions {
  workspace: string;
  testCommand: string;
  answers: string[];
  concurrency: number;
  latencyMs: number;
  /** Staged verification; the engine's default when absent. */
  staged?: boolean;
  /** A candidate entered verification. */
  onTesting?: () => void;
  /** A candidate got its verdict from a test run. */
  onVerdict?: () => void;
}

export async function runEngine(o: EngineRunOptions): Promise<EngineRun> {
  const server = await startFakeOpenAI({ reply: scriptedReplies(o.answers, o.latencyMs) });
  const logs: string[] = [];
  try {
    const provider = createOpenAIProvider({ baseURL: server.url, apiKey: '', model: 'bench', maxRetries: 0 });
    const opts = resolveOptions({
      workspace: o.workspace,
      testCommand: o.testCommand,
      samples: o.answers.length,
      rounds: 1,
      concurrency: o.concurrency,
      stopPolicy: 'best-of-budget',
      ...(o.staged !== undefined ? { staged: o.staged } : {}),
    });
    const t0 = performance.now();
    const result = await runSearch(opts, {
      source: new ModelSource(provider),
      onEvent: (e) => {
        if (e.type === 'log') logs.push(e.message);
        if (e.type !== 'node' || e.node.id === 'root') return;
        if (e.node.status === 'testing') o.onTesting?.();
        else if ((e.node.status === 'passed' || e.node.status === 'failed') && e.node.timings.testMs !== undefined) o.onVerdict?.();
      },
    });
    const wallMs = performance.now() - t0;
    if (result.status === 'error') throw new Error(`The search failed: ${result.error ?? 'no reason given'}`);
    const stats = result.stats as unknown as Record<string, unknown>;
    return {
      wallMs,
      modelMs: Math.max(0, ...result.nodes.map((n) => n.timings.generateMs ?? 0)),
      result,
      testRuns: result.stats.testRuns + 1,
      stage1Runs: typeof stats.stage1Runs === 'number' ? stats.stage1Runs : null,
      isolation: logs.some((m) => /sandboxed with bubblewrap/.test(m)) ? 'bubblewrap' : logs.some((m) => /not sandboxed|Sandbox off/.test(m)) ? 'none' : 'unknown',
    };
  } finally {
    await server.close();
  }
}
