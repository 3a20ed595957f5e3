// Samples from a one-answer-per-request chat API: n samples are n requests, queued (few at a
// time) and retried with exponential back-off while the model reports a rate limit. Knows
// nothing of VS Code, so it is tested with a fake model.
import PQueue from 'p-queue';
import { setTimeout as sleep } from 'node:timers/promises';
import { costUsd, MAX_ANSWER_CHARS, type ChatMessage, type CompletionRequest, type ModelProvider, type Price } from '../../engine/llm';
import type { Answer } from '../../engine/types';

/** One chat model behind the sampler; `M` is the API's message type. */
export interface ChatBackend<M> {
  readonly name: string;
  readonly model: string;
  toMessages(messages: ChatMessage[]): M[];
  countTokens(input: M | string): Promise<number>;
  /** Streams one answer; must stop when `signal` aborts. */
  send(messages: M[], signal: AbortSignal | undefined): AsyncIterable<string>;
  isRateLimited(error: unknown): boolean;
  describe(error: unknown): string;
}

export interface SamplerOptions {
  /** Requests in flight at once; default 2. */
  concurrency?: number;
  /** Retries of a rate-limited request; default 3. */
  maxRetries?: number;
  /** First back-off pause; doubles per retry, with ±25 % jitter. Default 2 s. */
  backoffMs?: number;
  /** Dollars per million tokens; default free. */
  price?: Price;
}

const FREE: Price = { inputPerMTok: 0, outputPerMTok: 0 };
const MAX_BACKOFF_MS = 60_000;

export class SamplingProvider<M> implements ModelProvider {
  readonly name: string;
  readonly model: string;
  private readonly queue: PQueue;
  private readonly maxRetries: number;
  private readonly backoffMs: number;
  private readonly price: Price;

  constructor(
    private readonly backend: ChatBackend<M>,
    opts: SamplerOptions = {},
  ) {
    this.name = backend.name;
    this.model = backend.model;
    this.queue = new PQueue({ concurrency: opts.concurrency ?? 2 });
    this.maxRetries = opts.maxRetries ?? 3;
    this.backoffMs = opts.backoffMs ?? 2_000;
    this.price = opts.price ?? FREE;
  }

  async complete(req: CompletionRequest, onAnswer?: (a: Answer, index: number) => void): Promise<Answer[]> {
    const signal = req.signal;
    signal?.throwIfAborted();
    const messages = this.backend.toMessages(req.messages);
    let promptTokens = 0;
    for (const m of messages) promptTokens += await this.backend.countTokens(m).catch(() => 0);
    const answers: Answer[] = [];
    const n = Math.max(0, Math.floor(req.n));
    await Promise.all(
      Array.from({ length: n }, (_, index) =>
        this.queue.add(() => this.sample(messages, promptTokens, signal), signal ? { signal } : {}).then((a) => {
          if (!a || signal?.aborted) return;
          answers[index] = a;
          onAnswer?.(a, index);
        }),
      ),
    );
    signal?.throwIfAborted();
    return answers;
  }

  estimateCostUsd(promptTokens: number, completionTokens: number): number {
    return costUsd(this.price, promptTokens, completionTokens);
  }

  private async sample(messages: M[], promptTokens: number, signal: AbortSignal | undefined): Promise<Answer> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      try {
        const text = await this.read(messages, signal);
        const completionTokens = await this.backend.countTokens(text).catch(() => Math.ceil(text.length / 4));
        return {
          text,
          promptTokens,
          completionTokens,
          costUsd: costUsd(this.price, promptTokens, completionTokens),
          latencyMs: Date.now() - started,
          finishReason: text.length >= MAX_ANSWER_CHARS ? 'capped' : 'stop',
        };
      } catch (e) {
        if (signal?.aborted) throw signal.reason;
        if (this.backend.isRateLimited(e) && attempt < this.maxRetries) {
          const wait = Math.min(MAX_BACKOFF_MS, this.backoffMs * 2 ** attempt) * (0.75 + Math.random() * 0.5);
          await sleep(wait, undefined, signal ? { signal } : {});
          continue;
        }
        return { text: '', promptTokens: 0, completionTokens: 0, costUsd: 0, latencyMs: Date.now() - started, error: this.backend.describe(e) };
      }
    }
  }

  private async read(messages: M[], signal: AbortSignal | undefined): Promise<string> {
    // A private controller also stops the stream when the answer reaches its cap.
    const stop = new AbortController();
    const onAbort = () => stop.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      let text = '';
      for await (const piece of this.backend.send(messages, stop.signal)) {
        text += piece;
        if (text.length >= MAX_ANSWER_CHARS) {
          text = text.slice(0, MAX_ANSWER_CHARS);
          stop.abort();
          break;
        }
      }
      return text;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
