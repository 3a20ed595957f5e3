import { z } from 'zod';

/** The trace's documented schema (docs/trace.md); tests validate real traces against it. */
const status = z.enum(['pending', 'generating', 'testing', 'passed', 'failed', 'rejected', 'duplicate', 'unparseable', 'error']);
const tokens = z.object({ prompt: z.number().int().nonnegative(), completion: z.number().int().nonnegative() }).strict();
const message = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() }).strict();

/** A search's counters (SearchStats), as the trace's summary and the agents' result carry them. */
export const searchStatsSchema = z.object({
  testRuns: z.number(),
  stage1Runs: z.number().optional(),
  reproRuns: z.number().optional(),
  uniqueCandidates: z.number(),
  llmRequests: z.number(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  costUsd: z.number(),
  wallMs: z.number(),
});

export const searchRecordSchema = z
  .object({
    type: z.literal('search'),
    searchId: z.string(),
    task: z.string(),
    workspace: z.string(),
    testCommand: z.string(),
    source: z.string(),
    snapshot: z.string().regex(/^[0-9a-f]{40,64}$/),
    options: z.record(z.string(), z.unknown()),
    startedAt: z.string(),
  })
  .strict();

export const nodeRecordSchema = z
  .object({
    type: z.literal('node'),
    searchId: z.string(),
    id: z.string(),
    parent: z.string().nullable(),
    round: z.number().int().positive(),
    source: z.enum(['model', 'mutation', 'root']),
    status,
    reason: z.string().optional(),
    plan: z.string().optional(),
    messages: z.array(message).optional(),
    answer: z.string().optional(),
    diff: z.string().optional(),
    files: z.array(z.string()).optional(),
    duplicateOf: z.string().optional(),
    votes: z.number().int().nonnegative(),
    verdict: z
      .object({
        passedAll: z.boolean(),
        level: z.enum(['per-test', 'summary', 'exit-code']),
        tests: z.object({ passed: z.number(), failed: z.number(), total: z.number() }).strict(),
        fixed: z.array(z.string()),
        regressed: z.array(z.string()),
        outputExcerpt: z.string(),
      })
      .strict()
      .optional(),
    reward: z.number().min(0).max(1).optional(),
    repro: z.object({ passed: z.array(z.string()), failed: z.array(z.string()) }).strict().optional(),
    tokens,
    costUsd: z.number().nonnegative(),
    timings: z.record(z.string(), z.number()),
  })
  .strict();

export const reproRecordSchema = z
  .object({
    type: z.literal('repro'),
    searchId: z.string(),
    id: z.string(),
    file: z.string(),
    status: z.enum(['valid', 'discarded']),
    reason: z.string().optional(),
    baseFailure: z.string().optional(),
    duplicateOf: z.string().optional(),
    content: z.string(),
    messages: z.array(message).optional(),
    answer: z.string().optional(),
  })
  .strict();

export const summaryRecordSchema = z
  .object({
    type: z.literal('summary'),
    searchId: z.string(),
    status: z.enum(['solved', 'unsolved', 'cancelled', 'error']),
    best: z.string().nullable(),
    why: z.array(z.string()),
    stopReason: z.string().optional(),
    stats: searchStatsSchema.strict(),
    applied: z.boolean(),
    finishedAt: z.string(),
  })
  .strict();

export const traceRecordSchema = z.discriminatedUnion('type', [searchRecordSchema, nodeRecordSchema, reproRecordSchema, summaryRecordSchema]);
export type ParsedTraceRecord = z.infer<typeof traceRecordSchema>;

/** Parses a JSONL trace; a bad line is an error naming its line number. */
export function parseTrace(text: string): ParsedTraceRecord[] {
  const out: ParsedTraceRecord[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new Error(`line ${i + 1} is not JSON`);
    }
    const r = traceRecordSchema.safeParse(json);
    if (!r.success) throw new Error(`line ${i + 1} does not match the trace schema: ${r.error.issues[0]?.path.join('.')} ${r.error.issues[0]?.message}`);
    out.push(r.data);
  });
  return out;
}
