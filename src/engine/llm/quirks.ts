import type { AttemptFailure } from './errors';

/**
 * What we learned about an endpoint's dialect of the chat completions API. OpenAI-compatible
 * servers differ: many local servers ignore `n`, reasoning models refuse `max_tokens` and any
 * temperature but the default, some older servers refuse `stream_options`.
 */
export interface EndpointQuirks {
  /** Most choices one request returns; 1 for servers that ignore `n`. */
  maxN: number;
  tokenLimitField: 'max_tokens' | 'max_completion_tokens';
  sendTemperature: boolean;
  sendStreamOptions: boolean;
}

/** OpenAI's own reasoning models want max_completion_tokens; everyone else knows max_tokens. */
export function initialQuirks(baseURL: string, model: string): EndpointQuirks {
  const reasoning = /^(o\d|gpt-5)/i.test(model.slice(model.lastIndexOf('/') + 1));
  let openai = false;
  try {
    openai = new URL(baseURL).hostname.toLowerCase() === 'api.openai.com';
  } catch {
    // The provider validates the URL; a bad one never reaches a request.
  }
  return {
    maxN: 128,
    tokenLimitField: openai && reasoning ? 'max_completion_tokens' : 'max_tokens',
    sendTemperature: true,
    sendStreamOptions: true,
  };
}

/**
 * After a 400 that names a parameter this server refuses, adjusts the quirks so a resend can
 * succeed. Returns false when nothing could be adjusted (the failure stands). Each adjustment
 * happens at most once, so this cannot loop.
 */
export function adaptToRejection(f: AttemptFailure, q: EndpointQuirks, sentN: number): boolean {
  if (f.status !== 400 && f.status !== 422) return false;
  const msg = (f.serverMessage ?? '').toLowerCase();
  if (!msg) return false;
  if (msg.includes('max_tokens') && q.tokenLimitField === 'max_tokens') {
    q.tokenLimitField = 'max_completion_tokens';
    return true;
  }
  if (msg.includes('max_completion_tokens') && q.tokenLimitField === 'max_completion_tokens') {
    q.tokenLimitField = 'max_tokens';
    return true;
  }
  if (msg.includes('temperature') && q.sendTemperature) {
    q.sendTemperature = false;
    return true;
  }
  if (msg.includes('stream_options') && q.sendStreamOptions) {
    q.sendStreamOptions = false;
    return true;
  }
  if (sentN > 1 && q.maxN > 1 && /(^|[^a-z_])['"`]?n['"`]?([^a-z_]|$)/.test(msg)) {
    q.maxN = 1;
    return true;
  }
  return false;
}
