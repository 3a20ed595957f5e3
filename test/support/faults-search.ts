// Runs the real engine against the scripted model with every knob a fault test needs:
// provider timeouts and streaming, an API key, a trace, and all events kept.
import { createOpenAIProvider, type OpenAIProviderOptions } from '../../src/engine/llm';
import { resolveOptions, type SearchOptions } from '../../src/engine/options';
import { probeJail } from '../../src/engine/sandbox';
import { runSearch } from '../../src/engine/search';
import { ModelSource } from '../../src/engine/sources/model';
import type { TraceRecord } from '../../src/engine/trace';
import type { SearchEvent, SearchResult } from '../../src/engine/types';
import { startFakeOpenAI, type FakeOptions, type FakeServer } from './fake-openai';

/** The range library's suite run directly: one node process per run instead of `node --test`'s two. */
export const RANGE_TESTS = 'node test/range.test.js';

export interface FaultRun {
  result: SearchResult;
  events: SearchEvent[];
  trace: TraceRecord[];
  server: FakeServer;
}

export interface FaultRunOptions {
  /** Provider settings; the base URL defaults to the fake server's. */
  provider?: Partial<OpenAIProviderOptions>;
  server?: Omit<FakeOptions, 'reply'>;
  signal?: AbortSignal;
}

export async function searchWith(
  workspace: string,
  reply: FakeOptions['reply'],
  options: Partial<SearchOptions> = {},
  extra: FaultRunOptions = {},
): Promise<FaultRun> {
  const server = await startFakeOpenAI({ ...extra.server, reply });
  const events: SearchEvent[] = [];
  const trace: TraceRecord[] = [];
  try {
    const provider = createOpenAIProvider({ baseURL: server.url, apiKey: '', model: 'scripted', maxRetries: 0, ...extra.provider });
    const opts = resolveOptions({ workspace, testCommand: RANGE_TESTS, samples: 4, rounds: 1, concurrency: 2, ...options });
    const result = await runSearch(opts, {
      source: new ModelSource(provider),
      onEvent: (e) => events.push(e),
      trace: (r) => trace.push(r),
      ...(extra.signal ? { signal: extra.signal } : {}),
    });
    return { result, events, trace, server };
  } finally {
    await server.close();
  }
}

export function logsOf(events: SearchEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'log' ? [`${e.level}: ${e.message}`] : []));
}

/** Why the jail cannot run here, or null when it can; tests that need it skip with this reason. */
export async function jailUnavailable(): Promise<string | null> {
  const support = await probeJail();
  return support.ok ? null : `bubblewrap cannot sandbox test runs on this machine: ${support.reason}`;
}
