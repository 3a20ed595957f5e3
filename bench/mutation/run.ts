// Fix rate of the built-in mutation search on planted single-edit bugs.
// Run: node --import tsx bench/mutation/run.ts [--only id,id] [--lib name]
// Each bug is planted into a fresh git repository of its library; the real engine runs with
// MutationSource (8 samples a round, up to 10 rounds, 2 test runs at a time) and the library's
// own test suite (`node --test`, or pytest for the Python one). Writes bench/results/mutation.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { resolveOptions } from '../../src/engine/options';
import { runSearch } from '../../src/engine/search';
import { MutationSource } from '../../src/engine/sources/mutation';
import type { SearchResult } from '../../src/engine/types';
import { BUGS, libraryFiles, plant, testCommandFor, type PlantedBug } from '../../test/support/mutation-fixtures';
import { makeRepo } from '../../test/support/repo';

const SETTINGS = { samples: 8, rounds: 10, concurrency: 2 } as const;

interface Row {
  bug: string;
  lib: string;
  op: string;
  fixed: boolean;
  /** The winner restores the library's original text (not just some passing edit). */
  exact: boolean;
  /** Verified candidates up to and including the winner, in the order they were generated. */
  candidatesUntilFix: number | null;
  candidatesTested: number;
  wallMs: number;
  plan: string | null;
  stopReason: string;
}

function args(): { only?: Set<string>; lib?: string } {
  const a = process.argv.slice(2);
  const out: { only?: Set<string>; lib?: string } = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '--only') out.only = new Set((a[++i] ?? '').split(','));
    else if (a[i] === '--lib') out.lib = a[++i];
  }
  return out;
}

const order = (id: string) => Number(id.slice(1)) || 0;

function candidatesUntil(r: SearchResult): number | null {
  const verified = r.nodes.filter((n) => n.status === 'passed' || n.status === 'failed').sort((a, b) => order(a.id) - order(b.id));
  if (r.status !== 'solved' || !r.best) return null;
  return verified.filter((n) => order(n.id) <= order(r.best!.id)).length;
}

async function runOne(b: PlantedBug): Promise<Row> {
  const repo = makeRepo(plant(b), { prefix: 'sws-bench-mut-' });
  try {
    const t0 = performance.now();
    const r = await runSearch(resolveOptions({ workspace: repo.dir, ...SETTINGS, testCommand: testCommandFor(b.lib), apply: true }), { source: new MutationSource() });
    const wallMs = Math.round(performance.now() - t0);
    const original = libraryFiles(b.lib)[b.file];
    const now = readFileSync(join(repo.dir, b.file), 'utf8');
    return {
      bug: b.id,
      lib: b.lib,
      op: b.op,
      fixed: r.status === 'solved',
      exact: r.status === 'solved' && now === original,
      candidatesUntilFix: candidatesUntil(r),
      candidatesTested: r.stats.testRuns,
      wallMs,
      plan: r.best?.verdict?.passedAll ? (r.best.plan ?? null) : null,
      stopReason: r.stopReason ?? r.error ?? '',
    };
  } finally {
    repo.remove();
  }
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function table(rows: Row[]): string {
  const head = ['bug', 'library', 'operator class', 'fixed', 'candidates', 'wall s', 'winning plan'];
  const body = rows.map((r) => [
    r.bug,
    r.lib,
    r.op,
    r.fixed ? (r.exact ? 'yes' : 'yes*') : 'no',
    r.candidatesUntilFix === null ? `- (${r.candidatesTested})` : String(r.candidatesUntilFix),
    (r.wallMs / 1000).toFixed(1),
    r.plan ?? r.stopReason,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  const { only, lib } = args();
  const bugs = BUGS.filter((b) => (!only || only.has(b.id)) && (!lib || b.lib === lib));
  const rows: Row[] = [];
  for (const b of bugs) {
    const row = await runOne(b);
    rows.push(row);
    process.stderr.write(`${row.bug}: ${row.fixed ? 'fixed' : 'not fixed'} after ${row.candidatesUntilFix ?? row.candidatesTested} candidate(s), ${(row.wallMs / 1000).toFixed(1)} s\n`);
  }
  const fixed = rows.filter((r) => r.fixed);
  const totals = {
    bugs: rows.length,
    fixed: fixed.length,
    exact: rows.filter((r) => r.exact).length,
    fixable: rows.filter((r) => r.op !== 'unfixable').length,
    medianCandidates: median(fixed.map((r) => r.candidatesUntilFix!)),
    medianWallMs: median(fixed.map((r) => r.wallMs)),
    totalWallMs: rows.reduce((s, r) => s + r.wallMs, 0),
  };
  console.log(table(rows));
  console.log('');
  console.log(`fixed ${totals.fixed}/${totals.bugs} (${totals.exact} restore the original text; ${totals.fixable} are fixable by one edit)`);
  console.log(`median candidates until the fix: ${totals.medianCandidates ?? '-'}; median wall time of a fix: ${totals.medianWallMs === null ? '-' : (totals.medianWallMs / 1000).toFixed(1) + ' s'}`);
  console.log('yes* = fixed by an edit other than the original text; "- (n)" = not fixed after n tested candidates');
  const out = join(__dirname, '..', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'mutation.json'),
    JSON.stringify({ settings: { ...SETTINGS, testCommand: 'node --test; python3 -m pytest -q for py* libraries' }, machine: { node: process.version, cpus: cpus().length }, date: new Date().toISOString(), totals, rows }, null, 2) + '\n',
  );
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
