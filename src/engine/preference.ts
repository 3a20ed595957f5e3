import type { ParsedTraceRecord } from './traceSchema';

type NodeRec = Extract<ParsedTraceRecord, { type: 'node' }>;
type ReproRec = Extract<ParsedTraceRecord, { type: 'repro' }>;

export interface PreferencePair {
  prompt: NonNullable<NodeRec['messages']>;
  chosen: string;
  rejected: string;
  meta: {
    searchId: string;
    parent: string | null;
    chosenId: string;
    rejectedId: string;
    chosenReward: number;
    rejectedReward: number;
    rejectedStatus: NodeRec['status'] | 'discarded';
    /** Set on pairs of reproduction tests: a valid test over a discarded one. */
    kind?: 'repro-test';
    /** Why the rejected reproduction test was discarded. */
    rejectedReason?: string;
  };
}

const answered = (n: NodeRec) => n.answer !== undefined && n.messages !== undefined && n.source === 'model';

/**
 * Training pairs from a trace: for every prompt (same search, same parent, same messages),
 * each passing answer is paired with each failing or rejected sibling. Duplicates and
 * answers whose request failed carry no signal of their own and are left out.
 */
export function preferencePairs(records: ParsedTraceRecord[]): PreferencePair[] {
  const groups = new Map<string, NodeRec[]>();
  for (const r of records) {
    if (r.type !== 'node' || !answered(r) || r.status === 'duplicate' || r.status === 'error') continue;
    const key = `${r.searchId}\u0000${r.parent}\u0000${JSON.stringify(r.messages)}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const pairs: PreferencePair[] = [];
  for (const nodes of groups.values()) {
    const chosen = nodes.filter((n) => n.status === 'passed');
    const rejected = nodes.filter((n) => n.status === 'failed' || n.status === 'rejected' || n.status === 'unparseable');
    for (const c of chosen) {
      for (const r of rejected) {
        pairs.push({
          prompt: c.messages!,
          chosen: c.answer!,
          rejected: r.answer!,
          meta: {
            searchId: c.searchId,
            parent: c.parent,
            chosenId: c.id,
            rejectedId: r.id,
            chosenReward: c.reward ?? 1,
            rejectedReward: r.reward ?? 0,
            rejectedStatus: r.status,
          },
        });
      }
    }
  }
  return [...pairs, ...reproPairs(records)];
}

/**
 * Pairs of reproduction tests: for the prompt that asked for them, each test that failed on
 * the snapshot as it should is preferred to each one discarded there. Repeats of a kept test
 * and failed requests carry no signal of their own and are left out.
 */
function reproPairs(records: ParsedTraceRecord[]): PreferencePair[] {
  const groups = new Map<string, ReproRec[]>();
  for (const r of records) {
    if (r.type !== 'repro' || !r.answer || !r.messages || r.duplicateOf) continue;
    const key = `${r.searchId}\u0000${JSON.stringify(r.messages)}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const pairs: PreferencePair[] = [];
  for (const tests of groups.values()) {
    for (const c of tests.filter((t) => t.status === 'valid')) {
      for (const r of tests.filter((t) => t.status === 'discarded')) {
        pairs.push({
          prompt: c.messages!,
          chosen: c.answer!,
          rejected: r.answer!,
          meta: {
            searchId: c.searchId,
            parent: null,
            chosenId: c.id,
            rejectedId: r.id,
            chosenReward: 1,
            rejectedReward: 0,
            rejectedStatus: 'discarded',
            kind: 'repro-test',
            ...(r.reason !== undefined ? { rejectedReason: r.reason } : {}),
          },
        });
      }
    }
  }
  return pairs;
}
