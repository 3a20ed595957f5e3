// The tool's structured result: the CLI's --json object, field for field, so a script that reads
// `solve --json` reads a tool call's result unchanged.
import { z } from 'zod';
import { resultJson } from '../cli/json';
import { searchStatsSchema } from '../engine/traceSchema';
import type { SearchResult } from '../engine/types';

const counts = z.object({ passed: z.number(), failed: z.number() });
const status = z.enum(['pending', 'generating', 'testing', 'passed', 'failed', 'rejected', 'duplicate', 'unparseable', 'error']);

export const solveResultSchema = z.object({
  status: z.enum(['solved', 'unsolved', 'cancelled', 'error']).describe('solved: a candidate passes every test.'),
  applied: z.boolean().describe('The winner was written into the workspace.'),
  applyError: z.string().optional(),
  error: z.string().optional(),
  stopReason: z.string().optional(),
  regressionsOnly: z.boolean().describe('No test failed before the search, so candidates were only checked for regressions.'),
  best: z
    .object({
      id: z.string(),
      plan: z.string(),
      diff: z.string(),
      files: z.array(z.string()),
      tests: counts,
      reward: z.number(),
      why: z.array(z.string()),
    })
    .nullable(),
  baseline: z
    .object({
      tests: counts.extend({ total: z.number(), skipped: z.number().optional() }),
      failing: z.array(z.string()),
      level: z.enum(['per-test', 'summary', 'exit-code']),
      durationMs: z.number(),
    })
    .nullable(),
  candidates: z.array(
    z.object({
      id: z.string(),
      parent: z.string().nullable(),
      round: z.number(),
      status,
      source: z.enum(['model', 'mutation', 'root']),
      reason: z.string().optional(),
      plan: z.string().optional(),
      diff: z.string().optional(),
      tests: counts.extend({ total: z.number() }).optional(),
      reward: z.number().optional(),
      repro: z.object({ passed: z.array(z.string()), failed: z.array(z.string()) }).optional().describe('Reproduction tests it makes pass, and those still failing.'),
      duplicateOf: z.string().optional(),
      votes: z.number(),
      tokens: z.object({ prompt: z.number(), completion: z.number() }),
      costUsd: z.number(),
    }),
  ),
  reproTests: z
    .array(
      z.object({
        id: z.string(),
        file: z.string(),
        status: z.enum(['valid', 'discarded']),
        reason: z.string().optional(),
        baseFailure: z.string().optional(),
      }),
    )
    .optional()
    .describe('Tests written for a task no failing test checked; valid ones fail on the current code with an assertion and are targets of every candidate.'),
  reproKept: z.array(z.string()).optional().describe('Reproduction tests added to the workspace.'),
  stats: searchStatsSchema,
});

export type SolveToolResult = z.infer<typeof solveResultSchema>;

/** The CLI's --json object; the annotation makes the compiler hold the two shapes together. */
export function structuredResult(r: Omit<SearchResult, 'review'>): SolveToolResult {
  return resultJson(r);
}
