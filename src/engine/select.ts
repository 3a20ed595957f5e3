import { behaviourGroups, reproReasons } from './repro/agreement';
import { diffSize } from './score';
import type { SearchNode } from './types';

const verified = (n: SearchNode) => (n.status === 'passed' || n.status === 'failed') && n.verdict !== undefined;

/**
 * Orders verified candidates best first: passes everything, then higher reward (targets
 * fixed without regressions), then the larger group of candidates that behave the same on
 * the reproduction tests, then more samples proposing the same code (self-consistency: samples
 * with the same diff, or the same code up to comments and formatting, are one node whose votes
 * count them), then the smaller diff,
 * then the earlier one.
 */
export function rankCandidates(nodes: SearchNode[]): SearchNode[] {
  const agree = behaviourGroups(nodes);
  return nodes.filter(verified).sort(
    (a, b) =>
      Number(b.verdict!.passedAll) - Number(a.verdict!.passedAll) ||
      (b.reward ?? 0) - (a.reward ?? 0) ||
      (agree.get(b.id) ?? 0) - (agree.get(a.id) ?? 0) ||
      b.votes - a.votes ||
      diffSize(a.diff) - diffSize(b.diff) ||
      order(a) - order(b),
  );
}

function order(n: SearchNode): number {
  return Number(n.id.slice(1)) || 0;
}

/** Why the winner won, in words a reviewer can check against the tree. */
export function explainWinner(best: SearchNode, all: SearchNode[]): string[] {
  const v = best.verdict!;
  const why: string[] = [];
  why.push(v.passedAll ? `passes ${v.tests.passed}/${v.tests.total} tests` : `best partial result: ${v.tests.passed}/${v.tests.total} tests pass`);
  if (v.fixed.length > 0) {
    const names = v.fixed.slice(0, 3).join('; ') + (v.fixed.length > 3 ? `; +${v.fixed.length - 3} more` : '');
    why.push(`fixes ${v.fixed.length} target test${v.fixed.length === 1 ? '' : 's'} (${names})`);
  }
  why.push(...reproReasons(best, all));
  why.push(v.regressed.length === 0 ? 'no regressions' : `breaks ${v.regressed.length} passing test${v.regressed.length === 1 ? '' : 's'}`);
  if (best.votes > 1) why.push(`${best.votes} samples propose this code`);
  const lines = diffSize(best.diff);
  why.push(`${lines} line${lines === 1 ? '' : 's'} changed`);
  const rivals = all.filter((n) => verified(n) && n.verdict!.passedAll && n.id !== best.id).length;
  if (v.passedAll && rivals > 0) why.push(`chosen over ${rivals} other passing candidate${rivals === 1 ? '' : 's'}`);
  if (best.parent && best.parent !== 'root') why.push(`refined from ${best.parent}`);
  return why;
}

/** Exploration weight of the UCT rule below; 0.5 favours proven branches while still visiting fresh ones. */
export const UCT_C = 0.5;

/**
 * Picks the failing candidates to refine next with UCB1 applied to the tree (UCT):
 * score = reward + C·sqrt(ln(1 + expansions) / (1 + children)). A branch that was already
 * refined many times loses priority, so one lucky branch does not starve the rest.
 */
export function selectParents(
  nodes: SearchNode[],
  width: number,
  children: (id: string) => number,
): SearchNode[] {
  const open = nodes.filter((n) => n.status === 'failed' && n.verdict !== undefined);
  const expansions = open.reduce((s, n) => s + children(n.id), 0);
  const score = (n: SearchNode) => (n.reward ?? 0) + UCT_C * Math.sqrt(Math.log(1 + expansions) / (1 + children(n.id))) ;
  return open
    .map((n) => ({ n, s: score(n) }))
    .sort((a, b) => b.s - a.s || b.n.votes - a.n.votes || order(a.n) - order(b.n))
    .slice(0, width)
    .map((x) => x.n);
}
