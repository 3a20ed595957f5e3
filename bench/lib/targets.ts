// The goals the benchmark checks. A missed goal is reported, never an error: timings depend on
// the machine and its load.
import type { ExtensionResult } from '../sections/extension';
import type { MemoryResult } from '../sections/memory';
import type { OverheadResult } from '../sections/overhead';
import type { ThroughputResult } from '../sections/throughput';

export interface Target {
  goal: string;
  measured: string;
  /** null when the section did not run or could not measure it. */
  met: boolean | null;
}

export interface Measured {
  overhead?: OverheadResult[];
  throughput?: ThroughputResult;
  memory?: MemoryResult;
  extension?: ExtensionResult;
  cores: number;
}

const SLOW_TEST_MS = 2000;

export function evaluateTargets(m: Measured): Target[] {
  const t: Target[] = [];
  const o10k = m.overhead?.find((r) => r.files === 10_000);
  t.push(
    o10k
      ? { goal: 'per-candidate overhead ≤ 100 ms (median, 10,000 files)', measured: `${o10k.perCandidateMs.median} ms`, met: o10k.perCandidateMs.median <= 100 }
      : { goal: 'per-candidate overhead ≤ 100 ms (median, 10,000 files)', measured: 'not measured', met: null },
  );
  if (o10k) {
    const share = o10k.perCandidateMs.median / (o10k.perCandidateMs.median + SLOW_TEST_MS);
    t.push({ goal: 'overhead < 5% of wall time with a 2 s test run (10,000 files)', measured: `${(share * 100).toFixed(1)}%`, met: share < 0.05 });
  } else {
    t.push({ goal: 'overhead < 5% of wall time with a 2 s test run (10,000 files)', measured: 'not measured', met: null });
  }
  const eff = m.throughput?.efficiency.find((e) => e.slots === m.cores);
  t.push({
    goal: `parallel efficiency ≥ 0.85 at all ${m.cores} cores`,
    measured: eff ? `${eff.efficiency.toFixed(2)}${eff.limit !== undefined ? ` (best possible on this machine: ${eff.limit.toFixed(2)})` : ''}` : 'not measured',
    met: eff ? eff.efficiency >= 0.85 : null,
  });
  const s32 = m.throughput?.sizes.find((s) => s.candidates === 32);
  t.push({
    goal: '≥ 10× faster than the naive baseline (32 candidates)',
    measured: s32?.ratio ? `${s32.ratio.toFixed(1)}×` : 'not measured',
    met: s32?.ratio ? s32.ratio >= 10 : null,
  });
  const sizes = m.throughput?.sizes ?? [];
  // Unique means different code: a sample that only rewords a comment of a tested one is a duplicate.
  const exact = sizes.every((s) => s.engine.verified === s.distinctCode && s.engine.rerunDuplicates === 0);
  t.push({
    goal: 'test runs = unique valid candidates (different code; no duplicate or rejected candidate run)',
    measured: sizes.length ? sizes.map((s) => `${s.engine.verified}/${s.distinctCode}`).join(', ') : 'not measured',
    met: sizes.length ? exact : null,
  });
  t.push({
    goal: `engine peak RSS ≤ 250 MB (${m.memory?.candidates ?? 256} candidates)`,
    measured: m.memory ? `${m.memory.peakRssMb} MB` : 'not measured',
    met: m.memory ? m.memory.peakRssMb <= 250 : null,
  });
  const act = m.extension?.activation;
  t.push({ goal: 'extension activation ≤ 50 ms (median)', measured: act ? `${act.medianMs} ms` : 'not measured', met: act ? act.medianMs <= 50 : null });
  const vsix = m.extension?.vsix;
  t.push({
    goal: 'VSIX ≤ 2 MB',
    measured: vsix ? ('mb' in vsix ? `${vsix.mb} MB` : `failed: ${vsix.error}`) : 'not measured',
    met: vsix && 'mb' in vsix ? vsix.bytes <= 2 * 2 ** 20 : null,
  });
  return t;
}
