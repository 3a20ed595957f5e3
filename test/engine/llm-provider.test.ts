import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import OpenAI from 'openai';
import { createOpenAIProvider, MAX_ANSWER_CHARS, type ChatMessage, type OpenAIProviderOptions } from '../../src/engine/llm';
import type { Answer } from '../../src/engine/types';
import { fakePromptTokens, fakeTokens, startFakeOpenAI, type FakeOptions, type FakeServer } from '../support/fake-openai';

const messages: ChatMessage[] = [
  { role: 'system', content: 'You fix code.' },
  { role: 'user', content: 'Fix range() so both ends are included.' },
];
const ask = { messages, temperature: 0.8, maxTokens: 512 };

const servers: FakeServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(opts: FakeOptions): Promise<FakeServer> {
  const s = await startFakeOpenAI(opts);
  servers.push(s);
  return s;
}

function provider(server: FakeServer | string, extra: Partial<OpenAIProviderOptions> = {}) {
  const baseURL = typeof server === 'string' ? server : server.url;
  return createOpenAIProvider({ baseURL, apiKey: '', model: 'fake-model', maxRetries: 1, timeoutMs: 5_000, ...extra });
}

test('n honoured: one request returns n answers, each reported once', async () => {
  const server = await serve({ reply: () => ({ answers: ['a', 'b', 'c'] }) });
  const seen: Array<[string, number]> = [];
  const answers = await provider(server).complete({ ...ask, n: 3 }, (a, i) => seen.push([a.text, i]));
  assert.equal(server.requests.length, 1);
  assert.equal(server.requests[0]?.body.n, 3);
  assert.deepEqual(answers.map((a) => a.text), ['a', 'b', 'c']);
  assert.deepEqual(seen, [['a', 0], ['b', 1], ['c', 2]]);
  assert.ok(answers.every((a) => !a.error && a.finishReason === 'stop'));
});

test('a server that ignores n gets more requests, and later calls send n=1 requests', async () => {
  const server = await serve({ honourN: false, reply: (r) => `answer ${r.index}` });
  const p = provider(server);
  const first = await p.complete({ ...ask, n: 4 });
  assert.equal(first.length, 4);
  assert.equal(server.requests.length, 4, 'one n=4 request, then three more for the missing answers');
  assert.deepEqual(new Set(first.map((a) => a.text)), new Set(['answer 0', 'answer 1', 'answer 2', 'answer 3']));
  const second = await p.complete({ ...ask, n: 3 });
  assert.equal(second.length, 3);
  const later = server.requests.slice(4);
  assert.equal(later.length, 3);
  assert.ok(later.every((r) => r.body.n === undefined || r.body.n === 1), 'remembered that n is ignored');
});

test('streaming with n=2 accumulates each choice and reads usage', async () => {
  const long = 'x'.repeat(100) + ' end';
  const server = await serve({ reply: () => ({ answers: ['Plan: first\n' + long, 'Plan: second'] }) });
  const answers = await provider(server, { stream: true }).complete({ ...ask, n: 2 });
  const body = server.requests[0]?.body;
  assert.equal(body.stream, true);
  assert.deepEqual(body.stream_options, { include_usage: true });
  assert.deepEqual(answers.map((a) => a.text), ['Plan: first\n' + long, 'Plan: second']);
  const completion = fakeTokens('Plan: first\n' + long) + fakeTokens('Plan: second');
  assert.equal(answers[0]!.completionTokens + answers[1]!.completionTokens, completion);
  assert.ok(answers[0]!.completionTokens > answers[1]!.completionTokens, 'split in proportion to length');
});

test('streaming from a server that ignores n still yields n answers', async () => {
  const server = await serve({ honourN: false, reply: (r) => `streamed ${r.index}` });
  const answers = await provider(server, { stream: true }).complete({ ...ask, n: 2 });
  assert.deepEqual(answers.map((a) => a.text).sort(), ['streamed 0', 'streamed 1']);
  assert.equal(server.requests.length, 2);
});

test('429 with retry-after is retried and then succeeds', async () => {
  const server = await serve({
    reply: (r) => (r.index === 0 ? { status: 429, headers: { 'retry-after': '0' } } : 'fixed'),
  });
  const answers = await provider(server).complete({ ...ask, n: 1 });
  assert.equal(server.requests.length, 2);
  assert.equal(answers[0]?.text, 'fixed');
  assert.equal(answers[0]?.error, undefined);
});

test('429 asking for a very long wait fails the request instead of stalling', async () => {
  const server = await serve({ reply: () => ({ status: 429, headers: { 'retry-after': '3600' } }) });
  const answers = await provider(server, { maxRetries: 4 }).complete({ ...ask, n: 2 });
  assert.equal(server.requests.length, 1);
  assert.equal(answers.length, 2);
  assert.match(answers[0]?.error ?? '', /429.*wait 3600 s/s);
});

test('500 then success is retried', async () => {
  const server = await serve({ reply: (r) => (r.index === 0 ? { status: 500 } : { answers: ['ok'] }) });
  const answers = await provider(server).complete({ ...ask, n: 1 });
  assert.equal(server.requests.length, 2);
  assert.equal(answers[0]?.text, 'ok');
});

test('400 is not retried and every asked answer carries the error', async () => {
  const server = await serve({ reply: () => ({ status: 400, body: { error: { message: 'context length exceeded' } } }) });
  const answers = await provider(server, { maxRetries: 3 }).complete({ ...ask, n: 3 });
  assert.equal(server.requests.length, 1);
  assert.equal(answers.length, 3);
  assert.ok(answers.every((a) => /400.*context length exceeded/.test(a.error ?? '')));
});

test('a server refusing max_tokens and temperature is asked again without them', async () => {
  const server = await serve({
    reply: (r) => {
      if ('max_tokens' in r.body) return { status: 400, body: { error: { message: "Unsupported parameter: 'max_tokens'. Use 'max_completion_tokens' instead." } } };
      if ('temperature' in r.body) return { status: 400, body: { error: { message: "Unsupported value: 'temperature' does not support 0.8." } } };
      return 'done';
    },
  });
  const answers = await provider(server, { maxRetries: 0 }).complete({ ...ask, n: 1 });
  assert.equal(answers[0]?.text, 'done');
  assert.equal(server.requests.length, 3);
  assert.equal(server.requests[2]?.body.max_completion_tokens, 512);
});

test('connection refused gives answers with errors, no throw', async () => {
  const port = await freePort();
  const answers = await provider(`http://127.0.0.1:${port}/v1`, { maxRetries: 1 }).complete({ ...ask, n: 2 });
  assert.equal(answers.length, 2);
  for (const a of answers) {
    assert.match(a.error ?? '', /Could not reach the model server at http:\/\/127\.0\.0\.1:\d+\/v1.*ECONNREFUSED/);
    assert.equal(a.costUsd, 0);
  }
});

test('a stream cut mid-way is retried as a whole request', async () => {
  const server = await serve({
    reply: (r) => (r.index === 0 ? { answers: ['Plan: partial answer that never ends'], cutAfterChunks: 2 } : { answers: ['Plan: whole'] }),
  });
  const answers = await provider(server, { stream: true }).complete({ ...ask, n: 1 });
  assert.equal(server.requests.length, 2);
  assert.equal(answers[0]?.text, 'Plan: whole');
  assert.equal(answers[0]?.error, undefined);
});

test('a stream cut every time ends as error answers', async () => {
  const server = await serve({ reply: () => ({ answers: ['Plan: never whole'], cutAfterChunks: 2 }) });
  const answers = await provider(server, { stream: true, maxRetries: 1 }).complete({ ...ask, n: 2 });
  assert.equal(server.requests.length, 2);
  assert.equal(answers.length, 2);
  assert.ok(answers.every((a) => /cut off/.test(a.error ?? '')));
});

test('a garbage body becomes an error answer, streaming or not', async () => {
  const server = await serve({ reply: () => ({ raw: '<html>this is not json' }) });
  const answers = await provider(server).complete({ ...ask, n: 1 });
  assert.match(answers[0]?.error ?? '', /not valid JSON/);
  assert.equal(server.requests.length, 1, 'a malformed reply is not retried');

  const sse = await serve({ reply: () => ({ raw: 'data: {not json}\n\n' }) });
  const streamed = await provider(sse, { stream: true }).complete({ ...ask, n: 1 });
  assert.match(streamed[0]?.error ?? '', /not valid JSON/);
  assert.equal(sse.requests.length, 1);
});

test('JSON that is not a chat completion becomes an error answer', async () => {
  const server = await serve({ reply: () => ({ raw: '{"hello":"world"}' }) });
  const answers = await provider(server).complete({ ...ask, n: 1 });
  assert.match(answers[0]?.error ?? '', /without chat completion choices/);
});

test('a reply slower than timeoutMs becomes an error answer', async () => {
  const server = await serve({ reply: () => ({ hang: true }) });
  const answers = await provider(server, { timeoutMs: 300, maxRetries: 0 }).complete({ ...ask, n: 1 });
  assert.match(answers[0]?.error ?? '', /No reply from the model server .* within/);
});

test('a stream that falls silent beyond timeoutMs is retried, then fails', async () => {
  const server = await serve({ reply: () => ({ answers: ['never'], delayMs: 60_000 }) });
  const answers = await provider(server, { stream: true, timeoutMs: 200, maxRetries: 1 }).complete({ ...ask, n: 1 });
  assert.equal(server.requests.length, 2);
  assert.match(answers[0]?.error ?? '', /No reply/);
});

test('abort mid-request rejects promptly and drops queued requests', { timeout: 5_000 }, async () => {
  let arrived!: () => void;
  const hanging = new Promise<void>((resolve) => (arrived = resolve));
  const server = await serve({
    honourN: false,
    reply: (r) => {
      if (r.index < 2) return 'warm-up';
      arrived();
      return { hang: true };
    },
  });
  const p = provider(server, { requestConcurrency: 1, timeoutMs: 60_000 });
  await p.complete({ ...ask, n: 2 }); // learns that the server ignores n: later calls send single requests
  assert.equal(server.requests.length, 2);
  const controller = new AbortController();
  const seen: Answer[] = [];
  const pending = p.complete({ ...ask, n: 3, signal: controller.signal }, (a) => seen.push(a));
  await hanging;
  controller.abort();
  await assert.rejects(pending, { name: 'AbortError' });
  assert.equal(seen.length, 0);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(server.requests.length, 3, 'the two queued requests were never sent');
  await assert.rejects(p.complete({ ...ask, n: 1, signal: controller.signal }), { name: 'AbortError' });
  assert.equal(server.requests.length, 3);
});

test('the API key never appears in errors, even when the server echoes it', async () => {
  const key = 'sk-test-DISTINCTIVE-0123456789abcdef';
  const server = await serve({ apiKey: 'sk-the-right-one', reply: () => 'never reached' });
  const answers = await provider(server, { apiKey: key }).complete({ ...ask, n: 2 });
  assert.equal(server.requests[0]?.authorized, false);
  for (const a of answers) {
    assert.match(a.error ?? '', /refused the API key \(401\)/);
    assert.ok(!a.error?.includes(key), a.error);
    assert.ok(!a.error?.includes('DISTINCTIVE'), a.error);
  }
});

test('the right key is sent, and an empty key sends a placeholder', async () => {
  const server = await serve({ apiKey: 'sk-no-key', reply: () => 'hello' });
  const answers = await provider(server, { apiKey: '' }).complete({ ...ask, n: 1 });
  assert.equal(answers[0]?.text, 'hello');
  assert.equal(server.requests[0]?.authorized, true);
});

test('usage is split between choices and priced; local endpoints cost nothing', async () => {
  const server = await serve({ reply: () => ({ answers: ['short', 'a much longer answer text'] }) });
  const price = { inputPerMTok: 2, outputPerMTok: 8 };
  const answers = await provider(server, { price }).complete({ ...ask, n: 2 });
  const prompt = fakePromptTokens(messages);
  const completion = fakeTokens('short') + fakeTokens('a much longer answer text');
  assert.equal(answers[0]!.promptTokens + answers[1]!.promptTokens, prompt);
  assert.ok(Math.abs(answers[0]!.promptTokens - answers[1]!.promptTokens) <= 1, 'prompt split evenly');
  assert.equal(answers[0]!.completionTokens + answers[1]!.completionTokens, completion);
  const total = answers[0]!.costUsd + answers[1]!.costUsd;
  assert.ok(Math.abs(total - (prompt * 2 + completion * 8) / 1e6) < 1e-12);

  const local = await provider(server, { model: 'gpt-4o' }).complete({ ...ask, n: 1 });
  assert.ok(local[0]!.completionTokens > 0);
  assert.equal(local[0]!.costUsd, 0, 'gpt-4o on 127.0.0.1 is free');
  assert.equal(provider(server, { model: 'gpt-4o' }).estimateCostUsd(1e6, 1e6), 0);
  assert.equal(provider(server, { price }).estimateCostUsd(1e6, 1e6), 10);
});

test('without usage in the reply, tokens are estimated', async () => {
  const server = await serve({ reply: () => ({ answers: ['x'.repeat(400)], usage: null }) });
  const answers = await provider(server, { price: { inputPerMTok: 1, outputPerMTok: 1 } }).complete({ ...ask, n: 1 });
  assert.equal(answers[0]?.completionTokens, 100);
  assert.ok(answers[0]!.promptTokens > 0);
  assert.ok(answers[0]!.costUsd > 0);
});

test('an enormous answer is capped and marked', async () => {
  const huge = 'y'.repeat(MAX_ANSWER_CHARS + 5_000);
  for (const stream of [false, true]) {
    const server = await serve({ reply: () => huge });
    const answers = await provider(server, { stream }).complete({ ...ask, n: 1 });
    assert.equal(answers[0]?.text.length, MAX_ANSWER_CHARS, `stream=${stream}`);
    assert.equal(answers[0]?.finishReason, 'capped');
  }
});

test('the fake server lists models to the real client and 404s unknown routes', async () => {
  const server = await serve({ reply: () => 'unused' });
  const client = new OpenAI({ baseURL: server.url, apiKey: 'sk-x', maxRetries: 0 });
  const models = await client.models.list();
  assert.deepEqual(models.data.map((m) => m.id), ['fake-model']);
  await assert.rejects(client.embeddings.create({ model: 'e', input: 'x' }), { status: 404 });
  assert.equal(server.requests.length, 0, 'only chat completions are recorded');
});

test('bad options are refused with what to set', () => {
  assert.throws(() => createOpenAIProvider({ baseURL: 'localhost:8080', apiKey: '', model: 'm' }), { name: 'UserError' });
  assert.throws(() => createOpenAIProvider({ baseURL: 'http://127.0.0.1:1/v1', apiKey: '', model: ' ' }), /model/);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}
