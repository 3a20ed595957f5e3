import type { ReproTest } from '../engine/repro';
import type { SearchNode, SearchResult } from '../engine/types';

/** The CLI's --json contract: stable field names that benchmarks and CI depend on. */
export function resultJson(r: SearchResult) {
  const best = r.best;
  return {
    status: r.status,
    applied: r.applied,
    ...(r.applyError ? { applyError: r.applyError } : {}),
    ...(r.error ? { error: r.error } : {}),
    ...(r.stopReason ? { stopReason: r.stopReason } : {}),
    regressionsOnly: !r.hasTargets,
    best: best
      ? {
          id: best.id,
          plan: best.plan ?? '',
          diff: best.diff ?? '',
          files: best.files ?? [],
          tests: { passed: best.tests?.passed ?? 0, failed: best.tests?.failed ?? 0 },
          reward: best.reward ?? 0,
          why: r.why,
        }
      : null,
    baseline: r.baseline
      ? { tests: r.baseline.tests, failing: r.baseline.failing, level: r.baseline.level, durationMs: r.baseline.durationMs }
      : null,
    ...(r.reproTests ? { reproTests: r.reproTests.map(reproJson) } : {}),
    ...(r.reproKept ? { reproKept: r.reproKept } : {}),
    candidates: r.nodes.map(candidateJson),
    stats: r.stats,
  };
}

function reproJson(t: ReproTest) {
  return {
    id: t.id,
    file: t.file,
    status: t.status,
    ...(t.reason !== undefined ? { reason: t.reason } : {}),
    ...(t.baseFailure ? { baseFailure: t.baseFailure } : {}),
  };
}

function candidateJson(n: SearchNode) {
  return {
    id: n.id,
    parent: n.parent,
    round: n.round,
    status: n.status,
    source: n.source,
    ...(n.reason !== undefined ? { reason: n.reason } : {}),
    ...(n.plan !== undefined ? { plan: n.plan } : {}),
    ...(n.diff !== undefined ? { diff: n.diff } : {}),
    ...(n.tests ? { tests: { passed: n.tests.passed, failed: n.tests.failed, total: n.tests.total } } : {}),
    ...(n.reward !== undefined ? { reward: n.reward } : {}),
    ...(n.repro ? { repro: { passed: n.repro.passed, failed: n.repro.failed } } : {}),
    ...(n.duplicateOf ? { duplicateOf: n.duplicateOf } : {}),
    votes: n.votes,
    tokens: n.tokens,
    costUsd: n.costUsd,
  };
}
