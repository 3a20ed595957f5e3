// Renders the results as tables: plain text for the terminal, Markdown for the docs.
import type { ExtensionResult } from '../sections/extension';
import type { MemoryResult } from '../sections/memory';
import type { OverheadResult } from '../sections/overhead';
import type { ThroughputResult } from '../sections/throughput';
import { machineLine, type Machine } from './machine';
import { count, markdownTable, ms, seconds, textTable } from './table';
import type { Target } from './targets';

export interface BenchResults {
  date: string;
  mode: 'full' | 'quick';
  machine: Machine;
  options: Record<string, unknown>;
  overhead?: OverheadResult[];
  throughput?: ThroughputResult;
  memory?: MemoryResult;
  extension?: ExtensionResult;
  targets: Target[];
  totalMs: number;
}

type Table = (head: string[], rows: string[][]) => string;

function overheadTable(rows: OverheadResult[], table: Table): string {
  return table(
    ['files', 'reset', 'write', 'sandboxed start', 'write check', 'per candidate', 'p95', 'snapshot', 'worktree', 'cleanup', 'spread over 32'],
    rows.map((r) => [
      count(r.files),
      ms(r.resetMs.median),
      ms(r.writeMs.median),
      ms(r.harnessMs.median),
      ms(r.writeCheckMs.median),
      ms(r.perCandidateMs.median),
      ms(r.perCandidateMs.p95),
      ms(r.snapshotMs),
      ms(r.worktreeCreateMs),
      ms(r.cleanupMs),
      ms(r.amortized32Ms),
    ]),
  );
}

function throughputTable(t: ThroughputResult, table: Table): string {
  return table(
    ['candidates', 'pass/fail/dup/rej', 'engine s', 'naive s', 'speed-up', 'engine cand/min', 'naive cand/min', 'test runs engine/naive'],
    t.sizes.map((s) => [
      String(s.candidates),
      `${s.mix.passing}/${s.mix.failing}/${s.mix.duplicate}/${s.mix.rejected}`,
      seconds(s.engine.wallMs),
      s.naive ? `${seconds(s.naive.wallMs)}${s.naive.extrapolatedFrom ? '*' : ''}` : 'n/a',
      s.ratio ? `${s.ratio.toFixed(1)}×` : 'n/a',
      String(s.candidatesPerMinute.engine),
      s.candidatesPerMinute.naive === null ? 'n/a' : String(s.candidatesPerMinute.naive),
      `${s.engine.testRuns}/${s.naive ? `${s.naive.testRuns}${s.naive.extrapolatedFrom ? '*' : ''}` : 'n/a'}`,
    ]),
  );
}

function efficiencyTable(t: ThroughputResult, table: Table): string {
  return table(
    ['slots', 'candidate runs', 'ideal s', 'verification s', 'efficiency', 'machine limit', 'best possible', 'whole search: ideal s', 'measured s', 'efficiency'],
    t.efficiency.map((e) => [
      String(e.slots),
      String(e.runs),
      seconds(e.idealMs),
      seconds(e.verifyMs),
      e.efficiency.toFixed(2),
      e.machine === undefined ? 'n/a' : e.machine.toFixed(2),
      e.limit === undefined ? 'n/a' : e.limit.toFixed(2),
      seconds(e.wholeSearch.idealMs),
      seconds(e.wholeSearch.measuredMs),
      e.wholeSearch.efficiency.toFixed(2),
    ]),
  );
}

function savingsTable(t: ThroughputResult, table: Table): string {
  return table(
    ['candidates', 'different patches', 'different code', 'identical (runs avoided)', 'same code, other comments (runs avoided)', 'rejected (runs avoided)', 'stage-1 runs', 'full-suite runs'],
    t.sizes.map((s) => {
      const candidateRuns = s.engine.testRuns - 1;
      return [
        String(s.candidates),
        String(s.uniqueValid),
        String(s.distinctCode),
        String(s.engine.duplicates - s.engine.equivalent),
        String(s.engine.equivalent),
        String(s.engine.rejected),
        s.engine.stage1Runs === null ? 'n/a' : String(s.engine.stage1Runs),
        s.engine.stage1Runs === null ? String(candidateRuns) : String(candidateRuns - s.engine.stage1Runs),
      ];
    }),
  );
}

function extensionLines(e: ExtensionResult): string[] {
  const a = e.activation;
  const dom = e.tree.dom;
  return [
    a ? `activation of dist/extension.js (${a.bundleKb} KB): median ${a.medianMs} ms, p95 ${a.p95Ms} ms over ${a.runs} fresh processes (require ${a.requireMs} ms, activate ${a.activateMs} ms)` : 'activation: not measured',
    'mb' in e.vsix ? `VSIX (production build, --no-dependencies): ${e.vsix.mb} MB (${count(e.vsix.bytes)} bytes)` : `VSIX: ${e.vsix.error}`,
    `tree of ${e.tree.nodes} nodes, one node update: view-model ${e.tree.updateUs.median} µs median (p95 ${e.tree.updateUs.p95} µs); full row list ${e.tree.rowsMs.median} ms`,
    'frameMs' in dom
      ? `webview DOM (headless Chromium): one node update ${dom.frameMs.median} ms median per frame (p95 ${dom.frameMs.p95} ms); first render of ${dom.nodes} nodes ${dom.resetMs} ms`
      : `webview DOM: ${dom.error}`,
  ];
}

export function targetLines(targets: Target[]): string[] {
  return targets.map((t) => `${t.met === null ? '[ -- ]' : t.met ? '[ met ]' : '[ MISSED ]'} ${t.goal}: ${t.measured}`);
}

export function renderReport(r: BenchResults, markdown = false): string {
  const table: Table = markdown ? markdownTable : (h, rows) => textTable(h, rows);
  const h = (title: string) => (markdown ? `\n### ${title}\n` : `\n${title}\n`);
  const out: string[] = [];
  out.push(markdown ? `Measured ${r.date.slice(0, 16).replace('T', ' ')} UTC (${r.mode} run): ${machineLine(r.machine)}.` : `Solve with Search benchmarks (${r.mode}), ${r.date}\n${machineLine(r.machine)}`);
  if (r.overhead) {
    out.push(h(`1. Per-candidate overhead, ms (test command replaced by \`true\`; runs ${r.overhead[0]?.isolation === 'bubblewrap' ? 'sandboxed with bubblewrap' : 'not sandboxed'})`));
    out.push(overheadTable(r.overhead, table));
    out.push(
      markdown
        ? '\nPer candidate = reset + write + sandboxed start + write check. Snapshot, worktree and cleanup are paid once per search (worktree and cleanup once per slot); the last column spreads them over a 32-candidate search.'
        : 'per candidate = reset + write + sandboxed start + write check; snapshot, worktree, cleanup are per search (last column: spread over 32 candidates)',
    );
  }
  const t = r.throughput;
  if (t) {
    out.push(h(`2. Throughput: engine vs naive (${count(t.files)} files, ${count(t.dependencies.packages)} packages in node_modules, node --test over ${t.suite.files} files / ${t.suite.tests} tests, bare run ${ms(t.bareTestMs)} ms, model latency ${t.latencyMs} ms, ${r.machine.cores} slots)`));
    out.push(throughputTable(t, table));
    const measuredNaive = [...t.sizes].reverse().find((s) => s.naive && !s.naive.extrapolatedFrom);
    if (measuredNaive?.naive) {
      const nv = measuredNaive.naive;
      const per = (x: number) => ms(x / measuredNaive.candidates);
      out.push(
        `${markdown ? '\n' : ''}naive, per candidate (${measuredNaive.candidates}-candidate run): worktree add ${per(nv.phases.worktreeAdd)} ms, npm ci ${per(nv.phases.install)} ms, git apply ${per(nv.phases.apply)} ms, test run ${per(nv.phases.test)} ms, worktree remove ${per(nv.phases.remove)} ms`,
      );
    }
    if (t.sizes.some((s) => s.naive?.extrapolatedFrom)) out.push(`${markdown ? '\n\\*' : '*'} extrapolated linearly from the naive run of ${t.sizes.find((s) => s.naive?.extrapolatedFrom)!.naive!.extrapolatedFrom} candidates (the naive way is sequential, so its time grows with the candidate count)`);
    out.push(h(`3. Parallel efficiency (${t.efficiency[0]?.candidates ?? '?'} candidates, staged verification off so every run is a full run)`));
    out.push(efficiencyTable(t, table));
    out.push(h('4. Runs saved by deduplication and staged verification'));
    out.push(savingsTable(t, table));
    if (t.staging) {
      out.push(`${markdown ? '\n' : ''}staged vs full verification, ${t.staging.candidates} candidates at ${r.machine.cores} slots: ${seconds(t.staging.stagedMs)} s vs ${seconds(t.staging.fullMs)} s (${seconds(t.staging.savedMs)} s saved)`);
    }
  }
  if (r.memory) {
    const m = r.memory;
    out.push(h('5. Memory'));
    out.push(`${m.candidates} candidates (${m.uniqueCandidates ?? '?'} unique, ${m.testRuns ?? '?'} test runs) through dist/cli.js at ${m.concurrency} slots: peak RSS ${m.peakRssMb} MB${m.vmHwmMb !== null ? ` (VmHWM ${m.vmHwmMb} MB)` : ''}, ${seconds(m.wallMs)} s`);
  }
  if (r.extension) {
    out.push(h('6. Extension'));
    out.push(...extensionLines(r.extension).map((l) => (markdown ? `- ${l}` : l)));
  }
  out.push(h('Targets'));
  out.push(...targetLines(r.targets).map((l) => (markdown ? `- ${l}` : l)));
  out.push(`${markdown ? '\n' : '\n'}whole benchmark: ${seconds(r.totalMs)} s`);
  return out.join('\n');
}
