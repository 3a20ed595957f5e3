// Short renderings of node facts, shared by the tree, the chat summary and the log.
import type { NodeView, SearchViewStatus } from './protocol';

type Status = NodeView['status'];

/** Codicon names per node status; the spinning ones mark work in progress. */
export const STATUS_ICONS: Record<Status, string> = {
  pending: 'circle-large-outline',
  generating: 'loading',
  testing: 'beaker',
  passed: 'pass-filled',
  failed: 'error',
  rejected: 'circle-slash',
  duplicate: 'copy',
  unparseable: 'question',
  error: 'warning',
};

export const SEARCH_ICONS: Record<SearchViewStatus, string> = {
  running: 'loading',
  solved: 'pass-filled',
  unsolved: 'circle-slash',
  cancelled: 'debug-stop',
  error: 'warning',
};

export function isBusy(status: Status): boolean {
  return status === 'pending' || status === 'generating' || status === 'testing';
}

export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

export function formatCost(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

export function formatTests(n: Pick<NodeView, 'tests'>): string | undefined {
  return n.tests ? `${n.tests.passed}/${n.tests.total}` : undefined;
}

export function formatReward(r: number | undefined): string | undefined {
  return r === undefined ? undefined : r.toFixed(2);
}

/** One line for a node: its plan, or why it went nowhere. */
export function nodeHeadline(n: NodeView): string {
  if (n.plan) return n.plan;
  if (n.reason) return n.reason;
  if (n.files?.length) return n.files.join(', ');
  return '';
}

/** Diff lines classified for colouring. */
export function diffLines(diff: string): Array<{ kind: 'add' | 'del' | 'hunk' | 'meta' | 'ctx'; text: string }> {
  return diff.split('\n').map((text) => {
    if (text.startsWith('+++') || text.startsWith('---')) return { kind: 'meta' as const, text };
    if (text.startsWith('@@')) return { kind: 'hunk' as const, text };
    if (text.startsWith('+')) return { kind: 'add' as const, text };
    if (text.startsWith('-')) return { kind: 'del' as const, text };
    return { kind: 'ctx' as const, text };
  });
}
