import { BlockList, isIP } from 'node:net';

/** Dollars per million tokens. */
export interface Price {
  inputPerMTok: number;
  outputPerMTok: number;
}

const p = (inputPerMTok: number, outputPerMTok: number): Price => ({ inputPerMTok, outputPerMTok });

/**
 * Vendors' public list prices, standard tier, uncached input, as published in November 2025.
 * Prices change: users override them in settings, which beats this table.
 * Keys match exactly or as a prefix (the longest prefix wins), so 'gpt-4o-2024-08-06' uses 'gpt-4o'.
 */
export const DEFAULT_PRICES: Record<string, Price> = {
  // OpenAI
  'gpt-5': p(1.25, 10),
  'gpt-5.1': p(1.25, 10),
  'gpt-5-mini': p(0.25, 2),
  'gpt-5-nano': p(0.05, 0.4),
  'gpt-5-pro': p(15, 120),
  'gpt-4.1': p(2, 8),
  'gpt-4.1-mini': p(0.4, 1.6),
  'gpt-4.1-nano': p(0.1, 0.4),
  'gpt-4o': p(2.5, 10),
  'gpt-4o-mini': p(0.15, 0.6),
  'gpt-4-turbo': p(10, 30),
  'gpt-3.5-turbo': p(0.5, 1.5),
  o1: p(15, 60),
  'o1-pro': p(150, 600),
  'o1-mini': p(1.1, 4.4),
  o3: p(2, 8),
  'o3-pro': p(20, 80),
  'o3-mini': p(1.1, 4.4),
  'o4-mini': p(1.1, 4.4),
  // Anthropic (through OpenAI-compatible gateways)
  'claude-opus-4-5': p(5, 25),
  'claude-opus-4': p(15, 75),
  'claude-sonnet-4': p(3, 15),
  'claude-3-7-sonnet': p(3, 15),
  'claude-3-5-sonnet': p(3, 15),
  'claude-haiku-4-5': p(1, 5),
  'claude-haiku': p(1, 5),
  'claude-3-5-haiku': p(0.8, 4),
  'claude-3-haiku': p(0.25, 1.25),
  // Google
  'gemini-2.5-pro': p(1.25, 10),
  'gemini-2.5-flash': p(0.3, 2.5),
  'gemini-2.5-flash-lite': p(0.1, 0.4),
  'gemini-2.0-flash': p(0.1, 0.4),
  // DeepSeek (V3.2 pricing, cache miss)
  'deepseek-chat': p(0.28, 0.42),
  'deepseek-reasoner': p(0.28, 0.42),
  // Mistral
  'codestral': p(0.3, 0.9),
  'mistral-large': p(2, 6),
  'devstral-medium': p(0.4, 2),
  'devstral-small': p(0.1, 0.3),
};

const FREE: Price = Object.freeze(p(0, 0));

/**
 * Price for a model: the exact name, else the longest matching prefix, in the user's table merged
 * over DEFAULT_PRICES (the user's entry wins for the same key). Endpoints on this machine or a
 * private network only use the user's table (a local proxy may forward to a paid API), and
 * unknown models cost zero.
 */
export function priceFor(model: string, baseURL: string | undefined, table: Record<string, Price> = {}): Price {
  const local = baseURL !== undefined && isLocalEndpoint(baseURL);
  const merged = new Map<string, Price>();
  for (const [k, v] of Object.entries(local ? {} : DEFAULT_PRICES)) merged.set(k.toLowerCase(), v);
  for (const [k, v] of Object.entries(table)) merged.set(k.toLowerCase(), v);
  return lookup(model, merged) ?? FREE;
}

function lookup(model: string, table: Map<string, Price>): Price | undefined {
  const names = candidateNames(model);
  for (const name of names) {
    const exact = table.get(name);
    if (exact) return exact;
  }
  for (const name of names) {
    let best: string | undefined;
    for (const k of table.keys()) {
      if (name.startsWith(k) && (!best || k.length > best.length)) best = k;
    }
    if (best) return table.get(best);
  }
  return undefined;
}

/** 'openrouter/anthropic/claude-sonnet-4' is also looked up as 'claude-sonnet-4'. */
function candidateNames(model: string): string[] {
  const lower = model.trim().toLowerCase();
  const last = lower.slice(lower.lastIndexOf('/') + 1);
  return last === lower ? [lower] : [lower, last];
}

const PRIVATE_RANGES = (() => {
  const list = new BlockList();
  list.addSubnet('127.0.0.0', 8, 'ipv4');
  list.addSubnet('10.0.0.0', 8, 'ipv4');
  list.addSubnet('172.16.0.0', 12, 'ipv4');
  list.addSubnet('192.168.0.0', 16, 'ipv4');
  list.addSubnet('169.254.0.0', 16, 'ipv4');
  list.addSubnet('100.64.0.0', 10, 'ipv4'); // carrier-grade NAT, also used by Tailscale
  list.addAddress('0.0.0.0', 'ipv4');
  list.addAddress('::1', 'ipv6');
  list.addAddress('::', 'ipv6');
  list.addSubnet('fc00::', 7, 'ipv6');
  list.addSubnet('fe80::', 10, 'ipv6');
  return list;
})();

/** True for endpoints on this machine or a private network (no per-token bill to estimate). */
export function isLocalEndpoint(baseURL: string): boolean {
  let host: string;
  try {
    host = new URL(baseURL).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local')) return true;
  const family = isIP(host);
  if (family === 0) return false;
  return PRIVATE_RANGES.check(host, family === 6 ? 'ipv6' : 'ipv4');
}

/** Dollars for a request of this size at this price. */
export function costUsd(price: Price, promptTokens: number, completionTokens: number): number {
  return (promptTokens * price.inputPerMTok + completionTokens * price.outputPerMTok) / 1_000_000;
}
