// A scripted OpenAI-compatible server on 127.0.0.1 for tests, the demo and benchmarks.
// The real `openai` client talks to it unchanged: JSON chat completions, SSE streaming,
// error statuses with headers, garbage bodies, cut streams and replies that never come.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FakeReply =
  /** One answer text, repeated for each of the n choices. */
  | string
  /** Choices in order (cycled when fewer than n). `usage: null` leaves usage out of the reply. */
  | { answers: string[]; delayMs?: number; usage?: { prompt_tokens: number; completion_tokens: number } | null }
  /** An error status, e.g. 429 with retry-after, or 500. */
  | { status: number; body?: unknown; headers?: Record<string, string> }
  /** A body that is not what the client expects, served as application/json. */
  | { raw: string; status?: number }
  /** Sends this many chunks (SSE events, or pieces of the JSON body) and then destroys the socket. */
  | { answers: string[]; cutAfterChunks: number }
  /** Never answers (for timeouts and cancellation). */
  | { hang: true };

export interface FakeRequest {
  body: any;
  authorized: boolean;
  index: number;
}

export interface FakeServer {
  /** Base URL ending in /v1. */
  url: string;
  requests: FakeRequest[];
  close(): Promise<void>;
}

export interface FakeOptions {
  reply: (req: FakeRequest) => FakeReply | Promise<FakeReply>;
  /** Default true; false returns a single choice whatever n is (as many local servers do). */
  honourN?: boolean;
  /** When set, requests without `Authorization: Bearer <apiKey>` get 401. */
  apiKey?: string;
}

/** Usage as this server reports it: a quarter token per character, so tests can predict it. */
export function fakeTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function fakePromptTokens(messages: Array<{ content?: unknown }>): number {
  return fakeTokens(messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join(''));
}

export async function startFakeOpenAI(opts: FakeOptions): Promise<FakeServer> {
  const requests: FakeRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJSON(res, 500, { error: { message: `fake server failed: ${String(err)}`, type: 'server_error' } });
      else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/v1/models') {
      sendJSON(res, 200, { object: 'list', data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'fake' }] });
      return;
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      sendJSON(res, 404, { error: { message: `No route ${req.method} ${path}`, type: 'invalid_request_error' } });
      return;
    }
    const text = await readBody(req);
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      sendJSON(res, 400, { error: { message: 'Request body is not JSON.', type: 'invalid_request_error' } });
      return;
    }
    const given = /^Bearer (.*)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const authorized = opts.apiKey === undefined || given === opts.apiKey;
    const record: FakeRequest = { body, authorized, index: requests.length };
    requests.push(record);
    if (!authorized) {
      // Echoes the key it got, as real servers do: clients must redact it.
      sendJSON(res, 401, { error: { message: `Incorrect API key provided: ${given}.`, type: 'invalid_request_error', code: 'invalid_api_key' } });
      return;
    }
    const reply = await opts.reply(record);
    const n = opts.honourN === false ? 1 : Math.max(1, Number(body.n ?? 1));
    await serve(reply, body, n, res);
  }

  async function serve(reply: FakeReply, body: any, n: number, res: ServerResponse): Promise<void> {
    if (typeof reply === 'string') return serve({ answers: [reply] }, body, n, res);
    if ('hang' in reply) return; // the socket stays open until the client gives up or close() runs
    if ('raw' in reply) {
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
      res.end(reply.raw);
      return;
    }
    if ('status' in reply) {
      const payload = reply.body ?? { error: { message: `Fake error ${reply.status}`, type: 'server_error', code: null } };
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify(payload));
      return;
    }
    const answers = Array.from({ length: n }, (_, i) => reply.answers[i % reply.answers.length] ?? '');
    if ('cutAfterChunks' in reply) return cut(answers, body, reply.cutAfterChunks, res);
    if (reply.delayMs) await wait(reply.delayMs);
    if (res.destroyed) return;
    const usage = reply.usage === null ? undefined : (reply.usage ?? usageFor(body, answers));
    if (body.stream) await writeAll(res, sseEvents(answers, body, usage));
    else sendJSON(res, 200, completion(answers, body, usage));
  }

  async function cut(answers: string[], body: any, chunks: number, res: ServerResponse): Promise<void> {
    if (body.stream) {
      await writeAll(res, sseEvents(answers, body, usageFor(body, answers)).slice(0, chunks), false);
    } else {
      const json = JSON.stringify(completion(answers, body, usageFor(body, answers)));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(json)) });
      const piece = Math.max(1, Math.floor(json.length / (chunks + 1)));
      for (let i = 0; i < chunks; i++) await write(res, json.slice(i * piece, (i + 1) * piece));
    }
    res.socket?.destroy();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

function usageFor(body: any, answers: string[]) {
  const prompt = fakePromptTokens(Array.isArray(body.messages) ? body.messages : []);
  const completionTokens = answers.reduce((sum, a) => sum + fakeTokens(a), 0);
  return { prompt_tokens: prompt, completion_tokens: completionTokens, total_tokens: prompt + completionTokens };
}

function completion(answers: string[], body: any, usage: object | undefined) {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: String(body.model ?? 'fake-model'),
    choices: answers.map((content, index) => ({
      index,
      message: { role: 'assistant', content },
      finish_reason: 'stop',
      logprobs: null,
    })),
    ...(usage ? { usage } : {}),
  };
}

/** SSE events: a role chunk per choice, content pieces interleaved across choices, finish chunks, usage, [DONE]. */
function sseEvents(answers: string[], body: any, usage: object | undefined): string[] {
  const base = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: String(body.model ?? 'fake-model') };
  const event = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;
  const chunk = (index: number, delta: object, finish: string | null) =>
    event({ ...base, choices: [{ index, delta, finish_reason: finish, logprobs: null }] });
  const out: string[] = answers.map((_, i) => chunk(i, { role: 'assistant', content: '' }, null));
  const pieces = answers.map(splitPieces);
  const rounds = Math.max(0, ...pieces.map((p) => p.length));
  for (let r = 0; r < rounds; r++) {
    pieces.forEach((p, i) => {
      if (p[r] !== undefined) out.push(chunk(i, { content: p[r] }, null));
    });
  }
  answers.forEach((_, i) => out.push(chunk(i, {}, 'stop')));
  if (usage && body.stream_options?.include_usage) out.push(event({ ...base, choices: [], usage }));
  out.push('data: [DONE]\n\n');
  return out;
}

/** About 32 characters a piece, at most 200 pieces an answer. */
function splitPieces(text: string): string[] {
  const size = Math.max(32, Math.ceil(text.length / 200));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

async function writeAll(res: ServerResponse, events: string[], end = true): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  for (const e of events) {
    if (res.destroyed) return;
    await write(res, e);
  }
  if (end) res.end();
}

function write(res: ServerResponse, data: string): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    res.write(data, () => resolve());
  });
}

function sendJSON(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(payload));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
