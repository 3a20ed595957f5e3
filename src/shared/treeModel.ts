// The reasoning tree as both sides hold it: engine events in, node views and rows out.
// The extension feeds it events and forwards what changed; the webview feeds it those
// changes and patches one row per changed node.
import type { SearchEvent, SearchNode, SearchResult } from '../engine/types';
import type { ReproTest } from '../engine/repro/types';
import type { NodeView, ReproView, SearchView } from './protocol';

export interface ModelChange {
  /** Nodes that are new or changed, in the order they changed. */
  nodes: NodeView[];
  /** The root (status, stats, winner) changed. */
  search: boolean;
}

export type Row =
  | { kind: 'root'; key: 'root'; level: 1; node: NodeView | undefined; search: SearchView | null; expanded: boolean }
  | { kind: 'round'; key: string; level: 2; round: number; count: number; passed: number; expanded: boolean }
  | { kind: 'node'; key: string; level: 3; node: NodeView; winner: boolean }
  /** The reproduction tests, a branch of their own before the rounds. */
  | { kind: 'repro-group'; key: typeof REPRO_GROUP_KEY; level: 2; valid: number; total: number; expanded: boolean }
  | { kind: 'repro'; key: string; level: 3; test: ReproView };

export const REPRO_GROUP_KEY = 'repro';

export function reproKey(id: string): string {
  return `repro-${id}`;
}

export function toReproView(t: ReproTest): ReproView {
  return {
    id: t.id,
    file: t.file,
    status: t.status,
    ...(t.reason !== undefined ? { reason: t.reason } : {}),
    ...(t.baseFailure ? { baseFailure: t.baseFailure } : {}),
  };
}

const MAX_FAILING_NAMES = 50;

export function toNodeView(n: SearchNode): NodeView {
  const v = n.verdict;
  const view: NodeView = {
    id: n.id,
    parent: n.parent,
    round: n.round,
    status: n.status,
    source: n.source,
    votes: n.votes,
    tokens: { prompt: n.tokens.prompt, completion: n.tokens.completion },
    costUsd: n.costUsd,
  };
  if (n.plan !== undefined) view.plan = n.plan;
  if (n.reason !== undefined) view.reason = n.reason;
  if (n.files) view.files = [...n.files];
  if (n.diff !== undefined) view.diff = n.diff;
  if (n.duplicateOf !== undefined) view.duplicateOf = n.duplicateOf;
  if (n.tests) view.tests = { ...n.tests };
  if (n.reward !== undefined) view.reward = n.reward;
  if (n.timings.totalMs !== undefined || n.timings.testMs !== undefined) view.durationMs = n.timings.totalMs ?? n.timings.testMs!;
  if (v) view.verdict = { passedAll: v.passedAll, fixed: v.fixed, regressed: v.regressed, stillFailing: v.stillFailing, timedOut: v.timedOut };
  if (n.repro) view.repro = { passed: [...n.repro.passed], failed: [...n.repro.failed] };
  return view;
}

/** Numeric part of an engine id ('n12' → 12), for creation order. */
export function nodeOrder(id: string): number {
  return Number(id.replace(/^\D+/, '')) || 0;
}

export class TreeModel {
  private view: SearchView | null;
  private readonly byId = new Map<string, NodeView>();

  constructor(init?: { search: SearchView | null; nodes: readonly NodeView[] }) {
    this.view = init?.search ?? null;
    for (const n of init?.nodes ?? []) this.byId.set(n.id, n);
  }

  get search(): SearchView | null {
    return this.view;
  }

  /** Every node, the root included, in creation order. */
  get nodes(): NodeView[] {
    return [...this.byId.values()];
  }

  get size(): number {
    return this.byId.size;
  }

  node(id: string): NodeView | undefined {
    return this.byId.get(id);
  }

  isWinner(id: string): boolean {
    return this.view?.bestId === id;
  }

  /** Applies one engine event; says what changed so only that is sent and redrawn. */
  apply(e: SearchEvent): ModelChange {
    switch (e.type) {
      case 'search-started':
        this.view = { searchId: e.searchId, task: e.task, workspace: e.workspace, testCommand: e.testCommand, status: 'running', why: [] };
        return { nodes: [], search: true };
      case 'baseline':
        if (!this.view) return none();
        this.view = {
          ...this.view,
          baseline: { tests: { ...e.report.tests }, failing: e.report.failing.slice(0, MAX_FAILING_NAMES) },
        };
        return { nodes: [], search: true };
      case 'repro':
        if (!this.view) return none();
        this.view = { ...this.view, repro: e.tests.map(toReproView) };
        return { nodes: [], search: true };
      case 'node': {
        const view = toNodeView(e.node);
        this.byId.set(view.id, view);
        return { nodes: [view], search: false };
      }
      case 'stats':
        if (!this.view) return none();
        this.view = { ...this.view, stats: { ...e.stats } };
        return { nodes: [], search: true };
      case 'search-finished':
        this.finish(e.result);
        return { nodes: [], search: true };
      default:
        return none();
    }
  }

  /** Marks the end of the search: status, winner, reasons and totals. */
  finish(result: SearchResult): void {
    const base: SearchView = this.view ?? { searchId: result.searchId, task: '', workspace: '', testCommand: '', status: 'running', why: [] };
    const next: SearchView = { ...base, status: result.status, why: [...result.why], stats: { ...result.stats } };
    if (result.best) next.bestId = result.best.id;
    else delete next.bestId;
    if (result.stopReason) next.stopReason = result.stopReason;
    if (result.error) next.error = result.error;
    if (result.reproTests) next.repro = result.reproTests.map(toReproView);
    this.view = next;
  }

  /** Sets the root as received from the other side. */
  setSearch(search: SearchView): void {
    this.view = search;
  }

  /** Stores nodes as received from the other side. */
  upsert(nodes: readonly NodeView[]): void {
    for (const n of nodes) this.byId.set(n.id, n);
  }

  /** Visible rows: the task, the reproduction tests, then each round, then its candidates in creation order. */
  rows(collapsed: ReadonlySet<string> = new Set()): Row[] {
    const rows: Row[] = [];
    const rootExpanded = !collapsed.has('root');
    rows.push({ kind: 'root', key: 'root', level: 1, node: this.byId.get('root'), search: this.view, expanded: rootExpanded });
    if (!rootExpanded) return rows;
    const repro = this.view?.repro ?? [];
    if (repro.length > 0) {
      const expanded = !collapsed.has(REPRO_GROUP_KEY);
      rows.push({ kind: 'repro-group', key: REPRO_GROUP_KEY, level: 2, valid: repro.filter((t) => t.status === 'valid').length, total: repro.length, expanded });
      if (expanded) for (const test of repro) rows.push({ kind: 'repro', key: reproKey(test.id), level: 3, test });
    }
    const rounds = new Map<number, NodeView[]>();
    for (const n of this.byId.values()) {
      if (n.id === 'root') continue;
      const list = rounds.get(n.round) ?? [];
      list.push(n);
      rounds.set(n.round, list);
    }
    for (const round of [...rounds.keys()].sort((a, b) => a - b)) {
      const list = rounds.get(round)!.sort((a, b) => nodeOrder(a.id) - nodeOrder(b.id));
      const key = roundKey(round);
      const expanded = !collapsed.has(key);
      rows.push({ kind: 'round', key, level: 2, round, count: list.length, passed: list.filter((n) => n.status === 'passed').length, expanded });
      if (!expanded) continue;
      for (const node of list) rows.push({ kind: 'node', key: node.id, level: 3, node, winner: this.isWinner(node.id) });
    }
    return rows;
  }

  snapshot(): { search: SearchView | null; nodes: NodeView[] } {
    return { search: this.view, nodes: this.nodes };
  }
}

export function roundKey(round: number): string {
  return `round-${round}`;
}

function none(): ModelChange {
  return { nodes: [], search: false };
}
