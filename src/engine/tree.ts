import type { NodeStatus, SearchNode, SearchStats } from './types';

type NodeListener = (node: SearchNode) => void;

/**
 * The search tree: every candidate is a node under the root (the task) or under the
 * candidate it refines. Owns node ids, the dedup index and the running totals, and
 * reports each change so front ends can render incrementally.
 */
export class SearchTree {
  private readonly nodes = new Map<string, SearchNode>();
  private readonly byKey = new Map<string, string>();
  private readonly childCount = new Map<string, number>();
  private nextId = 1;
  readonly stats: SearchStats = {
    testRuns: 0,
    uniqueCandidates: 0,
    llmRequests: 0,
    promptTokens: 0,
    completionTokens: 0,
    costUsd: 0,
    wallMs: 0,
  };

  constructor(private readonly onChange: NodeListener) {
    this.nodes.set('root', {
      id: 'root',
      parent: null,
      round: 0,
      status: 'pending',
      votes: 0,
      tokens: { prompt: 0, completion: 0 },
      costUsd: 0,
      timings: {},
      source: 'root',
    });
  }

  get root(): SearchNode {
    return this.nodes.get('root')!;
  }

  get(id: string): SearchNode | undefined {
    return this.nodes.get(id);
  }

  /** Candidates in creation order (the root excluded). */
  candidates(): SearchNode[] {
    return [...this.nodes.values()].filter((n) => n.id !== 'root');
  }

  children(id: string): number {
    return this.childCount.get(id) ?? 0;
  }

  create(parent: string, round: number, source: SearchNode['source']): SearchNode {
    const node: SearchNode = {
      id: `n${this.nextId++}`,
      parent,
      round,
      status: 'generating',
      votes: 1,
      tokens: { prompt: 0, completion: 0 },
      costUsd: 0,
      timings: {},
      source,
    };
    this.nodes.set(node.id, node);
    this.childCount.set(parent, this.children(parent) + 1);
    this.onChange(node);
    return node;
  }

  update(node: SearchNode, patch: Partial<SearchNode>): void {
    Object.assign(node, patch);
    this.onChange(node);
  }

  setStatus(node: SearchNode, status: NodeStatus, reason?: string): void {
    this.update(node, reason === undefined ? { status } : { status, reason });
  }

  /**
   * The node already holding one of `keys` (tried in order) and which one matched; otherwise
   * registers `node` as the holder of all of them and counts one unique candidate.
   */
  claimKey(keys: readonly string[], node: SearchNode): { holder: SearchNode; matched: number } | undefined {
    for (const [matched, key] of keys.entries()) {
      const id = this.byKey.get(key);
      const holder = id === undefined ? undefined : this.nodes.get(id);
      if (holder) return { holder, matched };
    }
    for (const key of keys) this.byKey.set(key, node.id);
    this.stats.uniqueCandidates++;
    return undefined;
  }

  addUsage(node: SearchNode, prompt: number, completion: number, costUsd: number): void {
    node.tokens.prompt += prompt;
    node.tokens.completion += completion;
    node.costUsd += costUsd;
    this.stats.promptTokens += prompt;
    this.stats.completionTokens += completion;
    this.stats.costUsd += costUsd;
  }
}
