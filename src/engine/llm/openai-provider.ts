import OpenAI from 'openai';
import PQueue from 'p-queue';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError, type Answer } from '../types';
import { classifyFailure, type ErrorContext } from './errors';
import { CallerAbort, sendOnce, type RawChoice, type RawReply } from './openai-request';
import { costUsd, priceFor, type Price } from './prices';
import type { CompletionRequest, ModelProvider } from './provider';
import { adaptToRejection, initialQuirks, type EndpointQuirks } from './quirks';
import { estimatePromptTokens, estimateTokens, splitInteger } from './tokens';

export interface OpenAIProviderOptions {
  baseURL: string;
  /** May be '' for local servers. */
  apiKey: string;
  model: string;
  /** Default 4: 429 (honouring retry-after / retry-after-ms), 5xx, connection errors, timeouts, cut streams. */
  maxRetries?: number;
  /** Per request, default 120 s; with streaming, the longest silence between chunks. */
  timeoutMs?: number;
  stream?: boolean;
  /** Requests in flight at once, default 4. */
  requestConcurrency?: number;
  /** Else priceFor(model, baseURL). */
  price?: Price;
  fetch?: typeof fetch;
}

/** Longest answer kept; beyond it the text is cut and the answer's finishReason is 'capped'. */
export const MAX_ANSWER_CHARS = 200_000;
/** A server asking for a longer pause than this fails the request instead of stalling the search. */
const MAX_RETRY_WAIT_MS = 60_000;
// The openai client insists on a key; local servers ignore it.
const PLACEHOLDER_KEY = 'sk-no-key';

export function createOpenAIProvider(opts: OpenAIProviderOptions): ModelProvider {
  const url = checkOptions(opts);
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const onOpenAI = url.hostname.toLowerCase() === 'api.openai.com';
  const client = new OpenAI({
    baseURL: opts.baseURL,
    apiKey: opts.apiKey || PLACEHOLDER_KEY,
    // Retries are ours: the client's back-off sleep ignores the abort signal and obeys any retry-after, however long.
    maxRetries: 0,
    // Our own deadline fires first; this only backs it up.
    timeout: timeoutMs + 5_000,
    // The client's debug log prints request details; nothing of it is needed, so nothing can leak.
    logLevel: 'off',
    // OPENAI_ORG_ID / OPENAI_PROJECT_ID belong to OpenAI; never send them to another host.
    ...(onOpenAI ? {} : { organization: null, project: null }),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  return new OpenAICompatibleProvider(client, opts, timeoutMs);
}

function checkOptions(opts: OpenAIProviderOptions): URL {
  let url: URL;
  try {
    url = new URL(opts.baseURL);
  } catch {
    throw new UserError(`The model base URL is not a valid URL. Set it to the server's API root, e.g. http://127.0.0.1:11434/v1.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError(`The model base URL must start with http:// or https:// (got ${url.protocol}).`);
  }
  if (!opts.model.trim()) throw new UserError('No model name is set. Set the model to one your endpoint serves.');
  if (opts.timeoutMs !== undefined && !(opts.timeoutMs > 0)) throw new UserError('The request timeout must be a positive number of milliseconds.');
  if (opts.requestConcurrency !== undefined && !(opts.requestConcurrency >= 1)) {
    throw new UserError('The number of parallel model requests must be at least 1.');
  }
  if (opts.maxRetries !== undefined && !(opts.maxRetries >= 0)) throw new UserError('The number of retries cannot be negative.');
  return url;
}

class OpenAICompatibleProvider implements ModelProvider {
  readonly name = 'openai-compatible';
  readonly model: string;
  private readonly queue: PQueue;
  private readonly quirks: EndpointQuirks;
  private readonly price: Price;
  private readonly errorContext: ErrorContext;
  private readonly maxRetries: number;
  private readonly stream: boolean;

  constructor(
    private readonly client: OpenAI,
    opts: OpenAIProviderOptions,
    private readonly timeoutMs: number,
  ) {
    this.model = opts.model;
    this.queue = new PQueue({ concurrency: Math.floor(opts.requestConcurrency ?? 4) });
    this.quirks = initialQuirks(opts.baseURL, opts.model);
    this.price = opts.price ?? priceFor(opts.model, opts.baseURL);
    this.maxRetries = Math.floor(opts.maxRetries ?? 4);
    this.stream = opts.stream ?? false;
    this.errorContext = { baseURL: opts.baseURL, model: opts.model, timeoutMs, secrets: secretsOf(opts) };
  }

  async complete(req: CompletionRequest, onAnswer?: (a: Answer, index: number) => void): Promise<Answer[]> {
    const signal = req.signal;
    if (signal?.aborted) throw abortReason(signal);
    const answers: Answer[] = [];
    const deliver = (a: Answer) => {
      if (signal?.aborted) return;
      const index = answers.length;
      answers.push(a);
      onAnswer?.(a, index);
    };
    await untilAborted(this.fill(req, Math.max(0, Math.floor(req.n)), deliver), signal);
    return answers;
  }

  estimateCostUsd(promptTokens: number, completionTokens: number): number {
    return costUsd(this.price, promptTokens, completionTokens);
  }

  /** Asks for `count` answers in requests the server can serve, and again for any it left out. */
  private async fill(req: CompletionRequest, count: number, deliver: (a: Answer) => void): Promise<void> {
    const sizes: number[] = [];
    for (let left = count; left > 0; left -= Math.min(left, this.quirks.maxN)) sizes.push(Math.min(left, this.quirks.maxN));
    await Promise.all(
      sizes.map(async (size) => {
        const got = await this.queue.add(() => this.request(req, size), { signal: req.signal, throwOnTimeout: true });
        got.forEach(deliver);
        if (got.length < size) await this.fill(req, size - got.length, deliver);
      }),
    );
  }

  /**
   * One request for up to `size` answers, with retries. Returns at least one answer: the choices
   * the server sent, or `size` answers carrying the error.
   */
  private async request(req: CompletionRequest, size: number): Promise<Answer[]> {
    const started = Date.now();
    for (let retries = 0; ; ) {
      const n = Math.min(size, this.quirks.maxN);
      let reply: RawReply;
      try {
        reply = await sendOnce(this.client, {
          model: this.model,
          messages: req.messages,
          n,
          temperature: req.temperature,
          maxTokens: req.maxTokens,
          stream: this.stream,
          quirks: this.quirks,
          timeoutMs: this.timeoutMs,
          maxChars: MAX_ANSWER_CHARS,
          ...(req.signal ? { signal: req.signal } : {}),
        });
      } catch (err) {
        if (err instanceof CallerAbort && req.signal) throw abortReason(req.signal);
        const failure = classifyFailure(err, this.errorContext);
        if (adaptToRejection(failure, this.quirks, n)) continue;
        const wait = failure.retryAfterMs ?? backoffMs(retries);
        if (!failure.retryable || retries >= this.maxRetries) return failed(size, failure.message, started);
        if (wait > MAX_RETRY_WAIT_MS) {
          return failed(size, `${failure.message} The server asked to wait ${Math.ceil(wait / 1000)} s; try again later.`, started);
        }
        retries++;
        await pause(wait, req.signal);
        continue;
      }
      if (reply.choices.length === 0) return failed(size, 'The model server returned no answers (an empty choices list).', started);
      // A server that sends fewer choices than asked ignores or caps `n`; later requests ask for no more than it gives.
      if (reply.choices.length < n) this.quirks.maxN = Math.min(this.quirks.maxN, reply.choices.length);
      return this.toAnswers(reply.choices.slice(0, size), reply.usage, req, started);
    }
  }

  /** Prompt tokens are shared evenly between the choices of one request; completion tokens by length. */
  private toAnswers(choices: RawChoice[], usage: RawReply['usage'], req: CompletionRequest, started: number): Answer[] {
    const latencyMs = Date.now() - started;
    const prompt = splitInteger(usage?.prompt ?? estimatePromptTokens(req.messages), choices.map(() => 1));
    const completion = usage
      ? splitInteger(usage.completion, choices.map((c) => c.text.length))
      : choices.map((c) => estimateTokens(c.text));
    return choices.map((c, i) => {
      const promptTokens = prompt[i] ?? 0;
      const completionTokens = completion[i] ?? 0;
      const finishReason = c.capped ? 'capped' : c.finishReason;
      return {
        text: c.text,
        promptTokens,
        completionTokens,
        costUsd: costUsd(this.price, promptTokens, completionTokens),
        latencyMs,
        ...(finishReason ? { finishReason } : {}),
        ...(!c.text && c.refusal ? { error: `The model declined to answer: ${c.refusal.slice(0, 300)}` } : {}),
      };
    });
  }
}

function failed(size: number, error: string, started: number): Answer[] {
  const latencyMs = Date.now() - started;
  return Array.from({ length: size }, () => ({ text: '', promptTokens: 0, completionTokens: 0, costUsd: 0, error, latencyMs }));
}

function secretsOf(opts: OpenAIProviderOptions): string[] {
  const secrets = [opts.apiKey];
  try {
    const u = new URL(opts.baseURL);
    if (u.password) secrets.push(decodeURIComponent(u.password));
    for (const value of u.searchParams.values()) secrets.push(value);
  } catch {
    // Validated earlier.
  }
  return secrets.filter((s) => s.length >= 4);
}

/** Exponential back-off with jitter: about 0.5 s, 1 s, 2 s ... up to 8 s. */
function backoffMs(retries: number): number {
  return Math.min(500 * 2 ** retries, 8_000) * (1 - Math.random() * 0.25);
}

async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, signal ? { signal } : {});
  } catch (err) {
    if (signal?.aborted) throw abortReason(signal);
    throw err;
  }
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new DOMException(typeof reason === 'string' ? reason : 'The operation was aborted.', 'AbortError');
}

/** Settles with `work`, or rejects as soon as `signal` fires (requests in flight see the same signal and stop). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
