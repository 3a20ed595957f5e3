// End-to-end: the real engine against the naive way on the same answers, the engine's
// parallel efficiency, and what deduplication and staged verification saved.
import { availableParallelism } from 'node:os';
import { runTests } from '../../src/engine/verify';
import { candidateMix, type CandidateMix } from '../fixtures/answers';
import type { DependencyShape } from '../fixtures/deps';
import { createWorkspace, type Workspace } from '../fixtures/workspace';
import { runEngine, type EngineRun } from '../lib/engine';
import { runNaive, type NaiveRun } from '../lib/naive';
import { median, round2 } from '../lib/stats';
import type { SuiteShape } from '../fixtures/suite';

export interface ThroughputOptions {
  scratch: string;
  files: number;
  suite: SuiteShape;
  dependencies: DependencyShape;
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
  /** Of the duplicates: the same code as a tested candidate up to comments and formatting. */
  equivalent: number;
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
  distinctCode: number;
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
  /** The same ratio for `slots` bare runs started together: the most any scheduler can reach here. */
  machine?: number;
  /**
   * The best efficiency possible here: `machine` times the share of slot time `runs` can fill
   * (17 runs on 2 slots take 9 run lengths, so one slot idles for the last: 8.5 / 9).
   */
  limit?: number;
}

export interface ThroughputResult {
  files: number;
  suite: { files: number; tests: number };
  dependencies: DependencyShape;
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
    equivalent: nodes.filter((n) => n.status === 'duplicate' && /^same code as /.test(n.reason ?? '')).length,
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
  const ws = await createWorkspace({ scratch: o.scratch, name: `throughput-${o.files}`, files: o.files, suite: o.suite, dependencies: o.dependencies });
  const bare = await bareTestMs(ws, 5);
  o.log(`bare test run: median ${Math.round(median(bare))} ms (${bare.join(', ')})`);
  const sizes: SizeResult[] = [];
  let isolation = 'unknown';
  let lastNaive: { size: number; run: NaiveRun } | null = null;
  let efficiency: EfficiencyResult[] = [];
  let staging: ThroughputResult['staging'] = null;
  for (const n of o.sizes) {
    const mix = candidateMix(n, o.suite);
    // A search of more than 32 candidates is an average over many already: one run of it.
    const { chosen, all } = await medianEngineRun(ws, mix, n > 32 ? { ...o, repeats: 1 } : o, slots);
    isolation = chosen.run.isolation;
    const engine = summarize(chosen.run);
    o.log(`engine, ${n} candidates: ${all.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')} (${engine.testRuns} test runs, ${engine.duplicates} duplicates, ${engine.rejected} rejected)`);
    if (n === o.efficiencySize) {
      // Right after the staged runs, so that the comparison of the two sees the same machine load.
      efficiency = await measureEfficiency(ws, mix, o, slots);
      const full = efficiency.find((e) => e.slots === slots)!;
      staging = { candidates: n, stagedMs: engine.wallMs, fullMs: full.wallMs, stage1Runs: engine.stage1Runs, savedMs: full.wallMs - engine.wallMs };
    }
    let naive: SizeResult['naive'] = null;
    if (o.naiveSizes.includes(n)) {
      const run = await runNaive({ workspace: ws.dir, scratch: o.scratch, testCommand: ws.testCommand, answers: mix.answers, latencyMs: o.latencyMs, testTimeoutMs: 300_000 });
      naive = run;
      lastNaive = { size: n, run };
      o.log(`naive, ${n} candidates: ${(run.wallMs / 1000).toFixed(1)} s (${run.testRuns} test runs, ${run.passed} passed; install ${(run.phases.install / 1000).toFixed(1)} s in all)`);
    } else if (lastNaive) {
      naive = extrapolate(lastNaive.run, lastNaive.size, n);
    }
    const ratio = naive ? round2(naive.wallMs / engine.wallMs) : null;
    sizes.push({
      candidates: n,
      mix: mix.counts,
      uniqueValid: mix.uniqueValid,
      distinctCode: mix.distinctCode,
      engine,
      engineRuns: all,
      naive,
      ratio,
      candidatesPerMinute: { engine: perMinute(n, engine.wallMs), naive: naive ? perMinute(n, naive.wallMs) : null },
    });
  }
  return { files: ws.trackedFiles, suite: { files: o.suite.files, tests: o.suite.files * o.suite.testsPerFile }, dependencies: o.dependencies, isolation, bareTestMs: Math.round(median(bare)), bareTestRuns: bare, latencyMs: o.latencyMs, sizes, efficiency, staging };
}

/**
 * Staging off, so every run is a full run of known bare time, at one slot and at all cores. The
 * bare time is measured just before and after: the ideal must see the same load as the search.
 */
async function measureEfficiency(ws: Workspace, mix: CandidateMix, o: ThroughputOptions, slots: number): Promise<EfficiencyResult[]> {
  const bare = await bareTestMs(ws, 3);
  const pairs: number[] = [];
  const runs: Array<{ run: EngineRun; verifyMs: number; slots: number }> = [];
  for (const c of [...new Set([1, slots])]) {
    // The machine's own limit is sampled around the parallel run, under the same load.
    if (c > 1) pairs.push(...(await parallelBareMs(ws, c, 2)));
    const { chosen } = await medianEngineRun(ws, mix, { ...o, repeats: 1 }, c, { staged: false });
    runs.push({ ...chosen, slots: c });
    if (c > 1) pairs.push(...(await parallelBareMs(ws, c, 2)));
  }
  bare.push(...(await bareTestMs(ws, 2)));
  const bareMs = median(bare);
  const machine = pairs.length > 0 ? round2(bareMs / median(pairs)) : 1;
  o.log(`efficiency: bare test run ${Math.round(bareMs)} ms (${bare.join(', ')}); ${slots} bare runs at once: ${machine}`);
  return runs.map((r) => {
    const e = efficiencyOf(r.run, r.verifyMs, bareMs, r.slots, mix.answers.length);
    e.machine = r.slots === 1 ? 1 : machine;
    e.limit = round2(e.machine * (e.runs / (r.slots * Math.ceil(e.runs / r.slots))));
    o.log(`efficiency at ${r.slots} slot(s): ${e.efficiency} (the machine itself: ${e.machine})`);
    return e;
  });
}

/**
 * What the machine itself gives: `slots` bare runs started together, their wall time. The bare
 * time divided by it is the efficiency no scheduler can beat here (below 1 when the cores share
 * caches, memory bandwidth or a host with other work).
 */
async function parallelBareMs(ws: Workspace, slots: number, times: number): Promise<number[]> {
  const walls: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await Promise.all(Array.from({ length: slots }, () => bareTestMs(ws, 1)));
    walls.push(Math.round(performance.now() - t0));
  }
  return walls;
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
