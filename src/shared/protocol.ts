// Messages between the extension and the reasoning-tree webview, one union per direction.
// The webview imports only the types (nothing of zod reaches its bundle); the extension
// validates every incoming message with the schemas, because a webview is untrusted input.
import { z } from 'zod';

export const NODE_STATUSES = ['pending', 'generating', 'testing', 'passed', 'failed', 'rejected', 'duplicate', 'unparseable', 'error'] as const;
export const SEARCH_VIEW_STATUSES = ['running', 'solved', 'unsolved', 'cancelled', 'error'] as const;

const counts = z.object({
  passed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative().optional(),
});

/** One node as the tree shows it: the engine's node minus what only the engine needs. */
export const nodeViewSchema = z.object({
  id: z.string().min(1).max(100),
  parent: z.string().nullable(),
  round: z.number().int().nonnegative(),
  status: z.enum(NODE_STATUSES),
  source: z.enum(['model', 'mutation', 'root']),
  plan: z.string().optional(),
  reason: z.string().optional(),
  files: z.array(z.string()).optional(),
  diff: z.string().optional(),
  duplicateOf: z.string().optional(),
  votes: z.number().int().nonnegative(),
  tests: counts.optional(),
  reward: z.number().optional(),
  tokens: z.object({ prompt: z.number().nonnegative(), completion: z.number().nonnegative() }),
  costUsd: z.number().nonnegative(),
  durationMs: z.number().nonnegative().optional(),
  verdict: z
    .object({
      passedAll: z.boolean(),
      fixed: z.array(z.string()),
      regressed: z.array(z.string()),
      stillFailing: z.array(z.string()),
      timedOut: z.boolean(),
    })
    .optional(),
  /** Ids of the reproduction tests it makes pass and of those still failing. */
  repro: z.object({ passed: z.array(z.string()), failed: z.array(z.string()) }).optional(),
});
export type NodeView = z.infer<typeof nodeViewSchema>;

/** A reproduction test as the tree shows it (its content stays in the extension). */
export const reproViewSchema = z.object({
  id: z.string().min(1).max(100),
  file: z.string(),
  status: z.enum(['valid', 'discarded']),
  reason: z.string().optional(),
  baseFailure: z.string().optional(),
});
export type ReproView = z.infer<typeof reproViewSchema>;

const stats = z.object({
  testRuns: z.number(),
  uniqueCandidates: z.number(),
  llmRequests: z.number(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  costUsd: z.number(),
  wallMs: z.number(),
});

/** The search as a whole: the root of the tree. */
export const searchViewSchema = z.object({
  searchId: z.string(),
  task: z.string(),
  workspace: z.string(),
  testCommand: z.string(),
  source: z.string().optional(),
  status: z.enum(SEARCH_VIEW_STATUSES),
  baseline: z.object({ tests: counts, failing: z.array(z.string()) }).optional(),
  stats: stats.optional(),
  bestId: z.string().optional(),
  why: z.array(z.string()),
  stopReason: z.string().optional(),
  error: z.string().optional(),
  /** Reproduction tests written for a task no test checked, valid and discarded. */
  repro: z.array(reproViewSchema).optional(),
});
export type SearchView = z.infer<typeof searchViewSchema>;
export type SearchViewStatus = SearchView['status'];

/** Extension → webview. */
export const toWebviewSchema = z.discriminatedUnion('type', [
  /** Everything at once: after `ready`, or when the panel switches to another search. `live` is false once the search is gone from memory. */
  z.object({ type: z.literal('reset'), search: searchViewSchema.nullable(), nodes: z.array(nodeViewSchema), live: z.boolean() }),
  /** Changed nodes only, batched. */
  z.object({ type: z.literal('nodes'), searchId: z.string(), nodes: z.array(nodeViewSchema) }),
  /** The root changed: status, stats, winner, reasons. */
  z.object({ type: z.literal('search'), search: searchViewSchema }),
  z.object({ type: z.literal('applyResult'), searchId: z.string(), nodeId: z.string(), ok: z.boolean(), message: z.string() }),
  /** The search the webview shows is no longer in memory (after a reload): it stays visible, read-only. */
  z.object({ type: z.literal('live'), live: z.boolean() }),
]);
export type ToWebview = z.infer<typeof toWebviewSchema>;

/** 'addRepro' acts on a reproduction test: its id goes in `nodeId`. */
export const NODE_ACTIONS = ['apply', 'diff', 'output', 'addRepro'] as const;
export type NodeAction = (typeof NODE_ACTIONS)[number];

/** Webview → extension. */
export const fromWebviewSchema = z.discriminatedUnion('type', [
  /** The script is listening; `searchId` is the search its restored state shows, if any. */
  z.object({ type: z.literal('ready'), searchId: z.string().max(200).optional() }),
  z.object({
    type: z.literal('action'),
    action: z.enum(NODE_ACTIONS),
    searchId: z.string().min(1).max(200),
    nodeId: z.string().min(1).max(100),
  }),
]);
export type FromWebview = z.infer<typeof fromWebviewSchema>;

/** Validates a message from the webview; undefined for anything malformed. */
export function parseFromWebview(data: unknown): FromWebview | undefined {
  const r = fromWebviewSchema.safeParse(data);
  return r.success ? r.data : undefined;
}

/** What the webview keeps with `setState`, so a reload shows the last tree. */
export interface WebviewState {
  search: SearchView | null;
  nodes: NodeView[];
  selected?: string;
  collapsed?: string[];
  applied?: string[];
}
