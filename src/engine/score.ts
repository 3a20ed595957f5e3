import type { SearchNode, Verdict } from './types';

/**
 * The reward of a verified candidate, in [0, 1], shown the same way by the tree, the CLI
 * and the trace.
 *
 *   1                                   when the candidate passes the whole suite
 *   0.1 + 0.6·fixed/targets + 0.3·(1 − regressed/guard)   with per-test results
 *   0.1 + 0.89·passed/total            with only summary counts or an exit code
 *
 * targets = tests failing on the snapshot; guard = tests passing on it. The constant keeps a
 * verified-but-useless candidate above unverified ones (reward 0), and the cap below 1 keeps
 * "passes everything" strictly best.
 */
export function reward(v: Verdict, targets: number, guard: number): number {
  if (v.passedAll) return 1;
  let r: number;
  if (v.level === 'per-test' && (targets > 0 || guard > 0)) {
    const fixedFrac = targets > 0 ? v.fixed.length / targets : 0;
    const regFrac = guard > 0 ? Math.min(1, v.regressed.length / guard) : 0;
    r = 0.1 + 0.6 * fixedFrac + 0.3 * (1 - regFrac);
  } else {
    r = v.tests.total > 0 ? 0.1 + 0.89 * (v.tests.passed / v.tests.total) : 0.1;
  }
  return round3(Math.min(r, 0.99));
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Lines a candidate changes, from its canonical diff. */
export function diffSize(diff: string | undefined): number {
  if (!diff) return 0;
  let n = 0;
  for (const line of diff.split('\n')) {
    if ((line.startsWith('+') && !line.startsWith('+++')) || (line.startsWith('-') && !line.startsWith('---'))) n++;
  }
  return n;
}

/** Short verdict text for one node, e.g. "3/3 passed · reward 1.000". */
export function describeNode(n: SearchNode): string {
  const parts: string[] = [];
  if (n.tests) parts.push(`${n.tests.passed}/${n.tests.total} passed`);
  if (n.reward !== undefined) parts.push(`reward ${n.reward.toFixed(3)}`);
  if (n.votes > 1) parts.push(`${n.votes} votes`);
  return parts.join(' · ');
}
