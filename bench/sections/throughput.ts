// End-to-end: the real engine against the naive way on the same answers, the engine's
// parallel efficiency, and what deduplication and staged verification saved.
import { availableParallelism } from 'node:os';
import { runTests } from '../../src/engine/verify';
import { candidateMix, type CandidateMix } from '../fixtures/answers';
import { createWorkspace, type Workspace } from '../fixtures/workspace';
import { runEngine, type EngineRun } from '../lib/engine';
import { runNaive, type NaiveRun } from '../lib/naive';
import { median, round2 } from '../lib/stats';
import type { SuiteShape } from '../fixtures/suite';

export interface ThroughputOptions {
  scratch: string;
  files: number;
  suite: SuiteShape;
  sizes: number[];
  /** Sizes at which the naive baseline really runs; larger ones are extrapolated from the largest measured. */
  naiveSizes: number[];
  latencyMs: number;
  repeats: number;
  /** Size of the search used for parallel efficiency. */
  efficiencySize: number;
  log(line: string): void;
}

export interface EngineSummary {
  wallMs: number;
  modelMs: number;
  testRuns: number;
  stage1Runs: number | null;
  passed: number;
  failed: number;
  duplicates: number;
  rejected: number;
  /** Nodes that went through the sandbox (have a test time). */
  verified: number;
  /** Duplicates or rejected candidates that were run anyway (must be 0). */
  rerunDuplicates: number;
}

export interface SizeResult {
  candidates: number;
  mix: CandidateMix['counts'];
  uniqueValid: number;
  engine: EngineSummary;
  engineRuns: number[];
  naive: (NaiveRun & { extrapolatedFrom?: number }) | null;
  ratio: number | null;
  candidatesPerMinute: { engine: number; naive: number | null };
}

export interface EfficiencyResult {
  candidates: number;
  slots: number;
  bareTestMs: number;
  runs: number;
  /** From the first candidate entering its sandbox to the last verdict. */
  verifyMs: number;
  idealMs: number;
  efficiency: number;
  /** The same for the whole search: snapshot, baseline and cleanup included, model time left out. */
  wholeSearch: { measuredMs: number; idealMs: number; efficiency: number };
  wallMs: number;
}

export interface ThroughputResult {
  files: number;
  isolation: string;
  bareTestMs: number;
  bareTestRuns: number[];
  latencyMs: number;
  sizes: SizeResult[];
  efficiency: EfficiencyResult[];
  staging: { stagedMs: number; fullMs: number; stage1Runs: number | null; savedMs: number; candidates: number } | null;
}

async function bareTestMs(ws: Workspace, times: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const r = await runTests({ cwd: ws.dir, command: ws.testCommand, env: { ...process.env }, timeoutMs: 300_000, maxOutputBytes: 256 * 1024 });
    if (r.counts.failed !== 1) throw new Error(`The generated suite should have exactly one failing test, got ${r.counts.failed} of ${r.counts.total}.`);
    out.push(r.durationMs);
  }
  return out;
}

function summarize(run: EngineRun): EngineSummary {
  const nodes = run.result.nodes;
  const count = (s: string) => nodes.filter((n) => n.status === s).length;
  const verified = nodes.filter((n) => n.timings.testMs !== undefined);
  return {
    wallMs: Math.round(run.wallMs),
    modelMs: Math.round(run.modelMs),
    testRuns: run.testRuns,
    stage1Runs: run.stage1Runs,
    passed: count('passed'),
    failed: count('failed'),
    duplicates: count('duplicate'),
    rejected: count('rejected'),
    verified: verified.length,
    rerunDuplicates: verified.filter((n) => n.status === 'duplicate' || n.status === 'rejected').length,
  };
}

/** Runs `repeats` searches and keeps the one with the median wall time. */
async function medianEngineRun(ws: Workspace, mix: CandidateMix, o: ThroughputOptions, concurrency: number, extra: { staged?: boolean } = {}) {
  const runs: Array<{ run: EngineRun; verifyMs: number }> = [];
  for (let i = 0; i < o.repeats; i++) {
    const marks: number[] = [];
    const run = await runEngine({ workspace: ws.dir, testCommand: ws.testCommand, answers: mix.answers, concurrency, latencyMs: o.latencyMs, ...extra, onTesting: () => marks.push(performance.now()), onVerdict: () => marks.push(performance.now()) });
    runs.push({ run, verifyMs: marks.length > 1 ? Math.max(...marks) - Math.min(...marks) : 0 });
  }
  runs.sort((a, b) => a.run.wallMs - b.run.wallMs);
  return { chosen: runs[Math.floor((runs.length - 1) / 2)]!, all: runs.map((r) => Math.round(r.run.wallMs)) };
}

export async function measureThroughput(o: ThroughputOptions): Promise<ThroughputResult> {
  const slots = availableParallelism();
  const ws = await createWorkspace({ scratch: o.scratch, name: `throughput-${o.files}`, files: o.files, suite: o.suite });
  const bare = await bareTestMs(ws, 5);
  const bareMs = median(bare);
  o.log(`bare test run: median ${Math.round(bareMs)} ms (${bare.join(', ')})`);
  const sizes: SizeResult[] = [];
  let isolation = 'unknown';
  let lastNaive: { size: number; run: NaiveRun } | null = null;
  for (const n of o.sizes) {
    const mix = candidateMix(n, o.suite);
    const { chosen, all } = await medianEngineRun(ws, mix, o, slots);
    isolation = chosen.run.isolation;
    const engine = summarize(chosen.run);
    o.log(`engine, ${n} candidates: ${all.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')} (${engine.testRuns} test runs, ${engine.duplicates} duplicates, ${engine.rejected} rejected)`);
    let naive: SizeResult['naive'] = null;
    if (o.naiveSizes.includes(n)) {
      const run = await runNaive({ workspace: ws.dir, scratch: o.scratch, testCommand: ws.testCommand, answers: mix.answers, latencyMs: o.latencyMs, testTimeoutMs: 300_000 });
      naive = run;
      lastNaive = { size: n, run };
      o.log(`naive, ${n} candidates: ${(run.wallMs / 1000).toFixed(1)} s (${run.testRuns} test runs, ${run.passed} passed)`);
    } else if (lastNaive) {
      naive = extrapolate(lastNaive.run, lastNaive.size, n);
    }
    const ratio = naive ? round2(naive.wallMs / engine.wallMs) : null;
    sizes.push({
      candidates: n,
      mix: mix.counts,
      uniqueValid: mix.uniqueValid,
      engine,
      engineRuns: all,
      naive,
      ratio,
      candidatesPerMinute: { engine: perMinute(n, engine.wallMs), naive: naive ? perMinute(n, naive.wallMs) : null },
    });
  }
  const efficiency: EfficiencyResult[] = [];
  const effMix = candidateMix(o.efficiencySize, o.suite);
  for (const c of [...new Set([1, slots])]) {
    // Staging off: every run is a full run whose bare time is known.
    const { chosen } = await medianEngineRun(ws, effMix, { ...o, repeats: 1 }, c, { staged: false });
    efficiency.push(efficiencyOf(chosen.run, chosen.verifyMs, bareMs, c, o.efficiencySize));
    o.log(`efficiency at ${c} slot(s): ${efficiency.at(-1)!.efficiency}`);
  }
  const staged = sizes.find((s) => s.candidates === o.efficiencySize);
  const full = efficiency.find((e) => e.slots === slots);
  const staging =
    staged && full
      ? { candidates: o.efficiencySize, stagedMs: staged.engine.wallMs, fullMs: full.wallMs, stage1Runs: staged.engine.stage1Runs, savedMs: full.wallMs - staged.engine.wallMs }
      : null;
  return { files: ws.trackedFiles, isolation, bareTestMs: Math.round(bareMs), bareTestRuns: bare, latencyMs: o.latencyMs, sizes, efficiency, staging };
}

function efficiencyOf(run: EngineRun, verifyMs: number, bareMs: number, slots: number, candidates: number): EfficiencyResult {
  const candidateRuns = run.testRuns - 1;
  const idealMs = (candidateRuns * bareMs) / slots;
  const measured = run.wallMs - run.modelMs;
  // The baseline and its targeted re-run cannot overlap anything: they decide what the candidates are tested against.
  const wholeIdeal = idealMs + bareMs;
  return {
    candidates,
    slots,
    bareTestMs: Math.round(bareMs),
    runs: candidateRuns,
    verifyMs: Math.round(verifyMs),
    idealMs: Math.round(idealMs),
    efficiency: round2(idealMs / verifyMs),
    wholeSearch: { measuredMs: Math.round(measured), idealMs: Math.round(wholeIdeal), efficiency: round2(wholeIdeal / measured) },
    wallMs: Math.round(run.wallMs),
  };
}

function extrapolate(run: NaiveRun, from: number, to: number): NaiveRun & { extrapolatedFrom: number } {
  const k = to / from;
  const scale = (x: number) => Math.round(x * k);
  return {
    wallMs: scale(run.wallMs - run.modelMs) + run.modelMs,
    modelMs: run.modelMs,
    testRuns: scale(run.testRuns),
    passed: scale(run.passed),
    notApplied: scale(run.notApplied),
    phases: {
      worktreeAdd: scale(run.phases.worktreeAdd),
      install: scale(run.phases.install),
      apply: scale(run.phases.apply),
      test: scale(run.phases.test),
      remove: scale(run.phases.remove),
    },
    extrapolatedFrom: from,
  };
}

function perMinute(n: number, ms: number): number {
  return Math.round((n / (ms / 60_000)) * 10) / 10;
}
