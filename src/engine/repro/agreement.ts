// Self-consistency over behaviour: candidates that keep the suite passing and agree on which
// reproduction tests pass are likely right together, even when their diffs differ.
import type { SearchNode } from '../types';

/** Only candidates without regressions and with a reproduction run take part. */
function behaviourKey(n: SearchNode): string | undefined {
  if (!n.repro || !n.verdict || n.verdict.regressed.length > 0) return undefined;
  return [...n.repro.passed].sort().join(',');
}

/** For each candidate, the votes of every candidate with the same behaviour (itself included); 0 when it takes no part. */
export function behaviourGroups(nodes: readonly SearchNode[]): Map<string, number> {
  const votes = new Map<string, number>();
  for (const n of nodes) {
    const key = behaviourKey(n);
    if (key !== undefined) votes.set(key, (votes.get(key) ?? 0) + n.votes);
  }
  return new Map(nodes.map((n) => [n.id, votes.get(behaviourKey(n) ?? '\u0000') ?? 0]));
}

/** The winner's reasons about reproduction tests: which it makes pass, and who agrees. */
export function reproReasons(best: SearchNode, all: readonly SearchNode[]): string[] {
  if (!best.repro) return [];
  const { passed, failed } = best.repro;
  const total = passed.length + failed.length;
  const why = [
    passed.length > 0
      ? `passes reproduction test${passed.length === 1 ? '' : 's'} ${passed.join(', ')} (${passed.length}/${total})`
      : `passes none of the ${total} reproduction test${total === 1 ? '' : 's'}`,
  ];
  const agreeing = (behaviourGroups(all).get(best.id) ?? 0) - best.votes;
  if (agreeing > 0) why.push(`${agreeing} other sample${agreeing === 1 ? '' : 's'} behave${agreeing === 1 ? 's' : ''} the same on the reproduction tests`);
  return why;
}
