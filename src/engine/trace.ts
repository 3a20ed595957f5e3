import { closeSync, openSync, writeSync } from 'node:fs';
import type { ChatMessage } from './llm';
import type { SearchNode, SearchResult } from './types';

/** Field names of trace records are a stable, documented contract (docs/trace.md). */
export interface NodeTraceRecord {
  type: 'node';
  searchId: string;
  id: string;
  parent: string | null;
  round: number;
  source: SearchNode['source'];
  status: SearchNode['status'];
  reason?: string;
  plan?: string;
  messages?: ChatMessage[];
  answer?: string;
  diff?: string;
  files?: string[];
  duplicateOf?: string;
  votes: number;
  verdict?: {
    passedAll: boolean;
    level: string;
    tests: { passed: number; failed: number; total: number };
    fixed: string[];
    regressed: string[];
    outputExcerpt: string;
  };
  reward?: number;
  /** Valid reproduction tests it makes pass and those still failing. */
  repro?: { passed: string[]; failed: string[] };
  tokens: { prompt: number; completion: number };
  costUsd: number;
  timings: SearchNode['timings'];
}

/** One reproduction test, after validation on the snapshot. */
export interface ReproTraceRecord {
  type: 'repro';
  searchId: string;
  id: string;
  file: string;
  status: 'valid' | 'discarded';
  reason?: string;
  baseFailure?: string;
  duplicateOf?: string;
  content: string;
  /** The prompt that asked for the tests (the same for every test of the search). */
  messages?: ChatMessage[];
  answer?: string;
}

export type TraceRecord =
  | { type: 'search'; searchId: string; task: string; workspace: string; testCommand: string; source: string; snapshot: string; options: Record<string, unknown>; startedAt: string }
  | NodeTraceRecord
  | ReproTraceRecord
  | { type: 'summary'; searchId: string; status: SearchResult['status']; best: string | null; why: string[]; stopReason?: string; stats: SearchResult['stats']; applied: boolean; finishedAt: string };

export type TraceSink = (record: TraceRecord) => void;

/** Appends one JSON object per line; secrets are replaced before anything reaches the disk. */
export function jsonlSink(path: string, secrets: string[]): TraceSink & { close(): void } {
  const fd = openSync(path, 'w');
  const redact = redactor(secrets);
  const sink = ((record: TraceRecord) => {
    writeSync(fd, redact(JSON.stringify(record)) + '\n');
  }) as TraceSink & { close(): void };
  sink.close = () => closeSync(fd);
  return sink;
}

/** Replaces every occurrence of each secret (length ≥ 4) with "[redacted]". */
export function redactor(secrets: string[]): (text: string) => string {
  const live = secrets.filter((s) => s && s.length >= 4);
  if (live.length === 0) return (t) => t;
  return (t) => live.reduce((acc, s) => acc.split(s).join('[redacted]'), t);
}

export function nodeRecord(searchId: string, n: SearchNode, extra: { messages?: ChatMessage[]; answer?: string }): NodeTraceRecord {
  const v = n.verdict;
  return {
    type: 'node',
    searchId,
    id: n.id,
    parent: n.parent,
    round: n.round,
    source: n.source,
    status: n.status,
    ...(n.reason !== undefined ? { reason: n.reason } : {}),
    ...(n.plan !== undefined ? { plan: n.plan } : {}),
    ...(extra.messages ? { messages: extra.messages } : {}),
    ...(extra.answer !== undefined ? { answer: extra.answer } : {}),
    ...(n.diff !== undefined ? { diff: n.diff } : {}),
    ...(n.files ? { files: n.files } : {}),
    ...(n.duplicateOf ? { duplicateOf: n.duplicateOf } : {}),
    votes: n.votes,
    ...(v
      ? {
          verdict: {
            passedAll: v.passedAll,
            level: v.level,
            tests: { passed: v.tests.passed, failed: v.tests.failed, total: v.tests.total },
            fixed: v.fixed,
            regressed: v.regressed,
            outputExcerpt: v.outputExcerpt,
          },
        }
      : {}),
    ...(n.reward !== undefined ? { reward: n.reward } : {}),
    ...(n.repro ? { repro: { passed: [...n.repro.passed], failed: [...n.repro.failed] } } : {}),
    tokens: { ...n.tokens },
    costUsd: n.costUsd,
    timings: { ...n.timings },
  };
}
