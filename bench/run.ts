// `npm run bench`: verification throughput of the engine against the naive way, per-candidate
// overhead, parallel efficiency, memory and the extension's size and speed. Prints tables and
// writes bench/results/latest.json (and latest.md for the docs). Never fails on timings.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_DEPENDENCIES } from './fixtures/deps';
import { calibrateWork } from './fixtures/suite';
import { parseBenchArgs, USAGE, type BenchOptions } from './lib/args';
import { describeMachine, loadNow } from './lib/machine';
import { renderReport, type BenchResults } from './lib/report';
import { evaluateTargets } from './lib/targets';
import { measureExtension } from './sections/extension';
import { measureMemory } from './sections/memory';
import { measureOverhead } from './sections/overhead';
import { measureThroughput } from './sections/throughput';

const REPO_ROOT = resolve(__dirname, '..');
const TESTS_PER_FILE = 4;

function log(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

async function runSections(o: BenchOptions, scratch: string, results: BenchResults): Promise<void> {
  const slots = availableParallelism();
  if (o.sections.includes('overhead')) {
    results.overhead = [];
    for (const files of o.sizes) {
      log(`overhead: generating ${files.toLocaleString('en-US')} files and timing ${o.overheadCandidates} candidates`);
      const r = await measureOverhead(scratch, files, o.overheadCandidates, slots);
      results.overhead.push(r);
      log(`overhead: ${files} files: ${r.perCandidateMs.median} ms per candidate (median)`);
    }
  }
  if (o.sections.includes('throughput')) {
    const rate = calibrateWork();
    const unitsPerTest = Math.max(1, Math.round((rate * o.testMs) / (o.testFiles * TESTS_PER_FILE)));
    log(`throughput: ${Math.round(rate)} work units/ms on one core; ${unitsPerTest} units per test`);
    const largest = Math.max(...o.candidates);
    results.throughput = await measureThroughput({
      scratch,
      files: 1000,
      dependencies: { ...DEFAULT_DEPENDENCIES, packages: o.deps },
      suite: { files: o.testFiles, testsPerFile: TESTS_PER_FILE, unitsPerTest },
      sizes: o.candidates,
      naiveSizes: o.candidates.filter((n) => n <= o.naiveUpTo),
      latencyMs: o.latencyMs,
      repeats: o.repeats,
      efficiencySize: o.candidates.includes(32) ? 32 : largest,
      log: (l) => log(`throughput: ${l}`),
    });
  }
  if (o.sections.includes('memory')) {
    log(`memory: ${o.memoryCandidates} candidates through dist/cli.js`);
    results.memory = await measureMemory(scratch, REPO_ROOT, o.memoryCandidates, slots);
    log(`memory: peak RSS ${results.memory.peakRssMb} MB`);
  }
  if (o.sections.includes('extension')) {
    log('extension: activation, VSIX, tree updates');
    results.extension = await measureExtension(REPO_ROOT, scratch, { activationRuns: o.activationRuns, dom: o.dom });
  }
}

async function main(): Promise<void> {
  const parsed = parseBenchArgs(process.argv.slice(2), join(REPO_ROOT, 'bench', 'results', 'latest.json'));
  if (parsed === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const o = parsed;
  const started = performance.now();
  const machine = await describeMachine();
  log(`${machine.cores} cores, load average ${machine.loadStart.join(' ')}; sections: ${o.sections.join(', ')}`);
  const scratch = mkdtempSync(join(tmpdir(), 'sws-bench-'));
  const cleanup = () => rmSync(scratch, { recursive: true, force: true });
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  const results: BenchResults = {
    date: new Date().toISOString(),
    mode: o.quick ? 'quick' : 'full',
    machine,
    options: { ...o, out: undefined },
    targets: [],
    totalMs: 0,
  };
  try {
    await runSections(o, scratch, results);
  } finally {
    cleanup();
  }
  machine.loadEnd = loadNow();
  results.totalMs = Math.round(performance.now() - started);
  results.targets = evaluateTargets({ ...results, cores: machine.cores });
  process.stdout.write(renderReport(results) + '\n');
  mkdirSync(dirname(o.out), { recursive: true });
  writeFileSync(o.out, JSON.stringify(results, null, 2) + '\n');
  writeFileSync(o.out.replace(/\.json$/, '') + '.md', renderReport(results, true) + '\n');
  log(`wrote ${o.out}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 1;
});
