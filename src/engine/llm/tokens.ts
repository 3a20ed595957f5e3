import type { ChatMessage } from './provider';

/**
 * Rough token estimate when a server reports no usage: about four bytes of UTF-8 per token
 * for English and code, which overestimates slightly for non-Latin scripts (safe for budgets).
 */
export function estimateTokens(text: string): number {
  if (!text) return 0;
  return Math.ceil(Buffer.byteLength(text, 'utf8') / 4);
}

/** Chat formats add a few tokens of framing per message. */
export function estimatePromptTokens(messages: ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + 4 + estimateTokens(m.content), 2);
}

/**
 * Splits an integer total into integer parts proportional to `weights` (largest remainder),
 * so the parts always add up to the total the server reported. Equal parts when all weights are zero.
 */
export function splitInteger(total: number, weights: number[]): number[] {
  if (weights.length === 0) return [];
  const whole = Math.max(0, Math.round(total));
  const sum = weights.reduce((a, b) => a + Math.max(0, b), 0);
  const shares = weights.map((w) => (sum > 0 ? (Math.max(0, w) / sum) * whole : whole / weights.length));
  const parts = shares.map(Math.floor);
  let left = whole - parts.reduce((a, b) => a + b, 0);
  const order = shares.map((s, i) => ({ i, r: s - Math.floor(s) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left--;
  }
  return parts;
}
