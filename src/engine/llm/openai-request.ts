import OpenAI from 'openai';
import { z } from 'zod';
import { BadReplyError, ReplyTimeoutError, StreamCutError } from './errors';
import type { ChatMessage } from './provider';
import type { EndpointQuirks } from './quirks';

export interface RawChoice {
  text: string;
  finishReason?: string;
  /** The text was longer than the cap and was cut. */
  capped: boolean;
  refusal?: string;
}

export interface RawReply {
  choices: RawChoice[];
  /** As reported by the server, for the whole request. */
  usage?: { prompt: number; completion: number };
}

export interface SendOptions {
  model: string;
  messages: ChatMessage[];
  n: number;
  temperature: number;
  maxTokens: number;
  stream: boolean;
  quirks: EndpointQuirks;
  /** Whole reply without streaming; silence between chunks with streaming. */
  timeoutMs: number;
  maxChars: number;
  signal?: AbortSignal;
}

/** Thrown when the caller's signal fired; the provider turns it into the caller's abort reason. */
export class CallerAbort extends Error {
  override name = 'AbortError';
}

/** One HTTP attempt, no retries. Throws on any failure; the caller classifies it. */
export async function sendOnce(client: OpenAI, o: SendOptions): Promise<RawReply> {
  const deadline = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => deadline.abort(), o.timeoutMs);
  };
  const signal = o.signal ? AbortSignal.any([o.signal, deadline.signal]) : deadline.signal;
  arm();
  try {
    const reply = o.stream ? await streamed(client, o, signal, arm) : await whole(client, o, signal);
    checkAborts(o.signal, deadline.signal);
    return reply;
  } catch (err) {
    checkAborts(o.signal, deadline.signal);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

// The openai stream ends quietly when its signal fires, so both signals are checked on every exit.
function checkAborts(caller: AbortSignal | undefined, deadline: AbortSignal): void {
  if (caller?.aborted) throw new CallerAbort('The request was cancelled.');
  if (deadline.aborted) throw new ReplyTimeoutError('timed out');
}

function params(o: SendOptions) {
  return {
    model: o.model,
    messages: o.messages,
    ...(o.n > 1 ? { n: o.n } : {}),
    ...(o.quirks.sendTemperature ? { temperature: o.temperature } : {}),
    [o.quirks.tokenLimitField]: o.maxTokens,
  };
}

const CompletionShape = z.object({
  choices: z.array(
    z.object({
      index: z.number().optional(),
      message: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }).passthrough().nullish(),
      finish_reason: z.string().nullish(),
    }).passthrough(),
  ),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).passthrough().nullish(),
}).passthrough();

async function whole(client: OpenAI, o: SendOptions, signal: AbortSignal): Promise<RawReply> {
  const body = await client.chat.completions.create({ ...params(o), stream: false }, { signal, maxRetries: 0 });
  const parsed = CompletionShape.safeParse(body);
  if (!parsed.success) throw new BadReplyError('The model server replied without chat completion choices.');
  const choices = [...parsed.data.choices]
    .sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
    .map((c) => toChoice(c.message?.content ?? '', c.finish_reason ?? undefined, o.maxChars, c.message?.refusal ?? undefined));
  const u = parsed.data.usage;
  return { choices, ...(u ? { usage: { prompt: u.prompt_tokens, completion: u.completion_tokens } } : {}) };
}

function toChoice(text: string, finishReason: string | undefined, maxChars: number, refusal?: string): RawChoice {
  const capped = text.length > maxChars;
  return {
    text: capped ? text.slice(0, maxChars) : text,
    capped,
    ...(finishReason ? { finishReason } : {}),
    ...(refusal ? { refusal } : {}),
  };
}

interface Accumulator {
  parts: string[];
  chars: number;
  capped: boolean;
  finishReason?: string;
}

async function streamed(client: OpenAI, o: SendOptions, signal: AbortSignal, arm: () => void): Promise<RawReply> {
  const stream = await client.chat.completions.create(
    { ...params(o), stream: true, ...(o.quirks.sendStreamOptions ? { stream_options: { include_usage: true } } : {}) },
    { signal, maxRetries: 0 },
  );
  arm();
  const acc = new Map<number, Accumulator>();
  let usage: RawReply['usage'];
  let events = 0;
  try {
    for await (const chunk of stream) {
      arm();
      events++;
      if (chunk.usage) usage = { prompt: chunk.usage.prompt_tokens, completion: chunk.usage.completion_tokens };
      for (const c of chunk.choices ?? []) {
        const a = acc.get(c.index ?? 0) ?? { parts: [], chars: 0, capped: false };
        acc.set(c.index ?? 0, a);
        append(a, c.delta?.content ?? '', o.maxChars);
        if (c.finish_reason) a.finishReason = c.finish_reason;
      }
      // Nothing more can be kept once every choice hit the cap; stop paying for tokens.
      if (acc.size >= o.n && [...acc.values()].every((a) => a.capped)) break;
    }
  } catch (err) {
    if (err instanceof SyntaxError || err instanceof OpenAI.APIError) throw err;
    if (signal.aborted) throw err;
    throw new StreamCutError(err instanceof Error ? err.message : String(err));
  }
  if (signal.aborted) throw new StreamCutError('aborted');
  if (events === 0) throw new BadReplyError('The model server answered a streaming request without any stream events.');
  const list = [...acc.entries()].sort((a, b) => a[0] - b[0]).map(([, a]) => a);
  if (list.length === 0 || list.some((a) => !a.finishReason && !a.capped)) {
    throw new StreamCutError('the stream ended before the model finished');
  }
  return {
    choices: list.map((a) => ({ text: a.parts.join(''), capped: a.capped, ...(a.finishReason ? { finishReason: a.finishReason } : {}) })),
    ...(usage ? { usage } : {}),
  };
}

function append(a: Accumulator, piece: string, maxChars: number): void {
  if (!piece || a.capped) return;
  const room = maxChars - a.chars;
  if (piece.length > room) {
    a.parts.push(piece.slice(0, room));
    a.chars = maxChars;
    a.capped = true;
    return;
  }
  a.parts.push(piece);
  a.chars += piece.length;
}
