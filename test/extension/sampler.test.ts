import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChatMessage } from '../../src/engine/llm';
import { SamplingProvider, type ChatBackend } from '../../src/extension/models/sampler';

class RateLimit extends Error {}

interface Script {
  /** Per request in arrival order: an answer text, or an error to throw. */
  replies: Array<string | Error>;
  /** Chunks per answer (streamed). */
  chunk?: number;
  /** Never finishes until aborted. */
  hang?: boolean;
}

function fakeBackend(script: Script) {
  const state = { inFlight: 0, maxInFlight: 0, requests: 0, prompts: [] as string[][] };
  const backend: ChatBackend<string> = {
    name: 'fake-lm',
    model: 'vendor/family',
    toMessages: (ms: ChatMessage[]) => ms.map((m) => `${m.role}:${m.content}`),
    countTokens: async (input) => Math.ceil(input.length / 4),
    async *send(messages, signal) {
      state.requests++;
      state.prompts.push(messages);
      state.inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      try {
        const reply = script.replies.shift() ?? 'default answer';
        await new Promise((r) => setImmediate(r));
        if (script.hang) {
          await new Promise((_, reject) => {
            if (signal?.aborted) reject(signal.reason);
            signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
          });
        }
        if (reply instanceof Error) throw reply;
        const size = script.chunk ?? reply.length;
        for (let i = 0; i < reply.length; i += size) yield reply.slice(i, i + size);
      } finally {
        state.inFlight--;
      }
    },
    isRateLimited: (e) => e instanceof RateLimit,
    describe: (e) => `described: ${(e as Error).message}`,
  };
  return { backend, state };
}

const request = (n: number, signal?: AbortSignal) => ({
  messages: [
    { role: 'system' as const, content: 'be brief' },
    { role: 'user' as const, content: 'fix the bug' },
  ],
  n,
  temperature: 0.8,
  maxTokens: 100,
  ...(signal ? { signal } : {}),
});

describe('language-model sampler', () => {
  test('n samples are n requests, never more than `concurrency` at once; each answer is reported once', async () => {
    const { backend, state } = fakeBackend({ replies: ['a1', 'a2', 'a3', 'a4', 'a5'], chunk: 1 });
    const provider = new SamplingProvider(backend, { concurrency: 2 });
    const seen: number[] = [];
    const answers = await provider.complete(request(5), (_, i) => seen.push(i));
    assert.equal(state.requests, 5);
    assert.equal(state.maxInFlight, 2);
    assert.deepEqual(seen.sort(), [0, 1, 2, 3, 4]);
    assert.deepEqual(answers.map((a) => a.text).sort(), ['a1', 'a2', 'a3', 'a4', 'a5']);
    assert.ok(answers.every((a) => a.promptTokens > 0 && a.completionTokens === 1 && a.costUsd === 0 && !a.error));
    assert.equal(provider.name, 'fake-lm');
    assert.equal(provider.model, 'vendor/family');
  });

  test('a rate-limited request is retried with back-off and then succeeds', async () => {
    const { backend, state } = fakeBackend({ replies: [new RateLimit('429'), new RateLimit('429'), 'finally'] });
    const provider = new SamplingProvider(backend, { backoffMs: 1, maxRetries: 3 });
    const [answer] = await provider.complete(request(1));
    assert.equal(state.requests, 3);
    assert.equal(answer?.text, 'finally');
    assert.equal(answer?.error, undefined);
  });

  test('retries stop at maxRetries; other errors are not retried; failures are answers with an error', async () => {
    const limited = fakeBackend({ replies: [new RateLimit('a'), new RateLimit('b'), new RateLimit('c')] });
    const [a] = await new SamplingProvider(limited.backend, { backoffMs: 1, maxRetries: 2 }).complete(request(1));
    assert.equal(limited.state.requests, 3);
    assert.equal(a?.error, 'described: c');
    const refused = fakeBackend({ replies: [new Error('no consent'), 'ok'] });
    const answers = await new SamplingProvider(refused.backend, { concurrency: 1 }).complete(request(2));
    assert.equal(refused.state.requests, 2);
    assert.equal(answers[0]?.error, 'described: no consent');
    assert.equal(answers[1]?.text, 'ok');
  });

  test('prices turn tokens into dollars', async () => {
    const { backend } = fakeBackend({ replies: ['x'.repeat(400)] });
    const provider = new SamplingProvider(backend, { price: { inputPerMTok: 1_000_000, outputPerMTok: 2_000_000 } });
    const [a] = await provider.complete(request(1));
    assert.equal(a?.completionTokens, 100);
    assert.equal(a?.costUsd, a!.promptTokens * 1 + 100 * 2);
    assert.equal(provider.estimateCostUsd(10, 5), 10 + 10);
  });

  test('abort rejects the call and stops requests in flight and queued', async () => {
    const { backend, state } = fakeBackend({ replies: ['a', 'b', 'c', 'd'], hang: true });
    const provider = new SamplingProvider(backend, { concurrency: 2 });
    const stop = new AbortController();
    const pending = provider.complete(request(4, stop.signal));
    while (state.inFlight < 2) await new Promise((r) => setImmediate(r));
    stop.abort(new Error('cancelled by the user'));
    await assert.rejects(pending, /cancelled by the user/);
    // The call rejects at once; the requests in flight unwind as their signal reaches them.
    for (let i = 0; i < 100 && state.inFlight > 0; i++) await new Promise((r) => setImmediate(r));
    assert.equal(state.inFlight, 0, 'requests in flight were stopped');
    assert.equal(state.requests, 2, 'queued samples never started');
  });
});
