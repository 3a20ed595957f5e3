// Runs the real engine against a scripted local model for tests.
import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpenAIProvider, type Price } from '../../src/engine/llm';
import type { TraceSink } from '../../src/engine/trace';
import { resolveOptions, type SearchOptions } from '../../src/engine/options';
import { runSearch } from '../../src/engine/search';
import { ModelSource } from '../../src/engine/sources/model';
import type { SearchEvent, SearchResult } from '../../src/engine/types';
import { startFakeOpenAI, type FakeReply, type FakeRequest, type FakeServer } from './fake-openai';

export interface RunResult {
  result: SearchResult;
  events: SearchEvent[];
  server: FakeServer;
}

/** A private TMPDIR so that a test can prove the engine left no folder behind. */
export function privateTmp(): { dir: string; restore(): void; leftovers(): string[] } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sws-tmp-')));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return {
    dir,
    restore() {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      rmSync(dir, { recursive: true, force: true });
    },
    leftovers() {
      // The engine keeps its worktrees under TMPDIR/solve-with-search; anything left there is a leak.
      const root = join(dir, 'solve-with-search');
      const found: string[] = [];
      const walk = (d: string) => {
        for (const e of readdirSync(d, { withFileTypes: true })) {
          const p = join(d, e.name);
          if (e.isDirectory()) walk(p);
          else found.push(p);
        }
      };
      if (existsSync(root)) walk(root);
      return found;
    },
  };
}

export async function solveWith(
  workspace: string,
  reply: (req: FakeRequest) => FakeReply | Promise<FakeReply>,
  options: Partial<SearchOptions> = {},
  extra: { signal?: AbortSignal; honourN?: boolean; maxRetries?: number; price?: Price; trace?: TraceSink } = {},
): Promise<RunResult> {
  const server = await startFakeOpenAI({ reply, ...(extra.honourN !== undefined ? { honourN: extra.honourN } : {}) });
  const events: SearchEvent[] = [];
  try {
    const provider = createOpenAIProvider({
      baseURL: server.url,
      apiKey: '',
      model: 'scripted',
      maxRetries: extra.maxRetries ?? 2,
      ...(extra.price ? { price: extra.price } : {}),
    });
    const opts = resolveOptions({ workspace, testCommand: 'node --test', samples: 4, rounds: 1, concurrency: 2, ...options });
    const result = await runSearch(opts, {
      source: new ModelSource(provider),
      onEvent: (e) => events.push(e),
      ...(extra.signal ? { signal: extra.signal } : {}),
      ...(extra.trace ? { trace: extra.trace } : {}),
    });
    return { result, events, server };
  } finally {
    await server.close();
  }
}
