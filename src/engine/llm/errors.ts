import OpenAI from 'openai';

/** What a failed attempt means for the retry loop, with a message the user can act on. */
export interface AttemptFailure {
  retryable: boolean;
  /** Wait the server asked for (retry-after-ms / retry-after), when it said. */
  retryAfterMs?: number;
  message: string;
  status?: number;
  /** Raw server message (redacted), for recognising rejected request parameters. */
  serverMessage?: string;
}

/** No reply within the time limit (to first byte, for the whole body, or between stream chunks). */
export class ReplyTimeoutError extends Error {
  override name = 'ReplyTimeoutError';
}

/** The reply stream broke after it began (socket closed, proxy cut it). */
export class StreamCutError extends Error {
  override name = 'StreamCutError';
}

/** The server answered 200 with something that is not a chat completion. */
export class BadReplyError extends Error {
  override name = 'BadReplyError';
}

export interface ErrorContext {
  baseURL: string;
  model: string;
  timeoutMs: number;
  secrets: string[];
}

/** Turns anything thrown by one attempt into a retry decision and a readable, redacted message. */
export function classifyFailure(err: unknown, ctx: ErrorContext): AttemptFailure {
  const where = displayURL(ctx.baseURL);
  const clean = (s: string) => redact(s, ctx.secrets);
  if (err instanceof ReplyTimeoutError || err instanceof OpenAI.APIConnectionTimeoutError) {
    return {
      retryable: true,
      message: `No reply from the model server at ${where} within ${Math.round(ctx.timeoutMs / 1000)} s. Raise the request timeout or check that the server is not overloaded.`,
    };
  }
  if (err instanceof StreamCutError) {
    return { retryable: true, message: `The reply stream from ${where} was cut off before it finished (${clean(err.message)}).` };
  }
  if (err instanceof OpenAI.APIConnectionError) {
    const code = causeCode(err);
    return {
      retryable: true,
      message: `Could not reach the model server at ${where}${code ? ` (${code})` : ''}. Check that it is running and that the base URL is right.`,
    };
  }
  if (err instanceof OpenAI.APIError) return classifyStatus(err, ctx, where);
  if (err instanceof SyntaxError) {
    return {
      retryable: false,
      message: `The model server at ${where} sent a reply that is not valid JSON. Check that the base URL points at an OpenAI-compatible API (usually ending in /v1).`,
    };
  }
  if (err instanceof BadReplyError) {
    return { retryable: false, message: `${clean(err.message)} Check that the base URL points at an OpenAI-compatible API (usually ending in /v1).` };
  }
  if (isSocketDrop(err)) {
    return { retryable: true, message: `The connection to ${where} dropped in the middle of a reply.` };
  }
  const text = err instanceof Error ? err.message : String(err);
  return { retryable: false, message: `The request to ${where} failed: ${clean(text).slice(0, 300)}` };
}

function classifyStatus(err: InstanceType<typeof OpenAI.APIError>, ctx: ErrorContext, where: string): AttemptFailure {
  const status = err.status;
  const serverMessage = redact(serverText(err), ctx.secrets).slice(0, 300).replace(/[.\s]+$/, '');
  const said = serverMessage ? `: ${serverMessage}` : '';
  const base = { status, serverMessage };
  if (status === undefined) {
    // An error object inside a stream: the server gave up on this generation.
    return { ...base, retryable: false, message: `The model server at ${where} reported an error${said}` };
  }
  const retryAfterMs = retryAfter(err.headers);
  const hinted = err.headers?.get('x-should-retry');
  const transient = status === 408 || status === 409 || status === 429 || status >= 500;
  const retryable = hinted === 'true' ? true : hinted === 'false' ? false : transient;
  let message: string;
  if (status === 401 || status === 403) {
    message = `The model server at ${where} refused the API key (${status})${said}. Check the API key setting for this endpoint.`;
  } else if (status === 404) {
    message = `Not found at ${where} (404)${said}. Check the model name '${ctx.model}' and that the base URL ends in /v1.`;
  } else if (status === 429) {
    message = `Rate limited by ${where} (429)${said}. Lower the number of parallel requests or samples, or wait and try again.`;
  } else if (status >= 500) {
    message = `The model server at ${where} failed (${status})${said}.`;
  } else {
    message = `The model server at ${where} refused the request (${status})${said}.`;
  }
  return { ...base, retryable, message, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
}

function serverText(err: InstanceType<typeof OpenAI.APIError>): string {
  const body = err.error as { message?: unknown } | undefined;
  if (body && typeof body.message === 'string') return body.message;
  // The client prefixes the status ("429 Too many"); the status is reported separately.
  return err.message.replace(/^\d{3}\s*/, '').replace(/^status code \(no body\)$/, '');
}

/** Milliseconds the server asked us to wait, from retry-after-ms or retry-after (seconds or HTTP date). */
export function retryAfter(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  if (Number.isFinite(Number(value))) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function causeCode(err: unknown): string | undefined {
  let cur: unknown = err;
  for (let depth = 0; cur && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function isSocketDrop(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = causeCode(err) ?? '';
  return (err instanceof TypeError && /terminated|fetch failed/i.test(err.message)) || /^(UND_ERR_|ECONNRESET|EPIPE)/.test(code);
}

/**
 * Removes secrets from text a server or library produced. Servers echo keys back
 * ("Incorrect API key provided: sk-..."), so the exact key goes, and so do bearer tokens
 * and key-shaped strings in case the server mangled the key while echoing it.
 */
export function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  }
  return out
    .replace(/(Bearer\s+)[^\s"',;]+/gi, '$1[redacted]')
    .replace(/\b(sk|rk|pk|key)-[A-Za-z0-9_-]{12,}/g, '$1-[redacted]')
    .replace(/(api[_-]?key["'\s:=]+)[^\s"',;&]{6,}/gi, '$1[redacted]');
}

/** The base URL without credentials or query (either may hold a key). */
export function displayURL(baseURL: string): string {
  try {
    const u = new URL(baseURL);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/$/, '')}`;
  } catch {
    return 'the configured base URL';
  }
}
