// Engine events and nodes for the extension's unit tests.
import type { SearchEvent, SearchNode, SearchResult } from '../../src/engine/types';

export function node(id: string, patch: Partial<SearchNode> = {}): SearchNode {
  return {
    id,
    parent: id === 'root' ? null : 'root',
    round: id === 'root' ? 0 : 1,
    status: 'generating',
    votes: 1,
    tokens: { prompt: 0, completion: 0 },
    costUsd: 0,
    timings: {},
    source: id === 'root' ? 'root' : 'model',
    ...patch,
  };
}

export function started(searchId = 's1'): SearchEvent {
  return { type: 'search-started', searchId, task: 'fix range', workspace: '/w', testCommand: 'node --test', snapshot: 'abc' };
}

export function finished(best: SearchNode | null, nodes: SearchNode[], status: SearchResult['status'] = 'solved'): SearchEvent {
  return {
    type: 'search-finished',
    result: {
      searchId: 's1',
      status,
      applied: false,
      best,
      why: best ? ['passes 3/3 tests', 'no regressions'] : [],
      nodes,
      stats: { testRuns: nodes.length, uniqueCandidates: nodes.length, llmRequests: 1, promptTokens: 100, completionTokens: 50, costUsd: 0.001, wallMs: 1234 },
      baseline: null,
      hasTargets: true,
      snapshot: 'abc',
      stopReason: 'n1 passed every test (first-pass)',
    },
  };
}
