// Worktree setup on a large repository: a generated repository of 50,000 files, then the phases a
// search pays before its first test run (snapshot, first worktree, reset) and after every run
// (write check, reset), each timed with real git through the engine. A raw `git worktree add`
// with one checkout worker and with one per core shows why the engine asks for parallel checkout.
//
//   node --import tsx bench/worktrees-50k.ts [--files 50000] [--runs 3]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { releaseSnapshot, takeSnapshot, WorktreePool } from '../src/engine/sandbox';

const { values } = parseArgs({ options: { files: { type: 'string', default: '50000' }, runs: { type: 'string', default: '3' } } });
const FILES = Number(values.files);
const RUNS = Number(values.runs);
const PER_DIR = 100;

function git(cwd: string, ...args: string[]): string {
  // No background gc or maintenance: it would write into .git while the folder is being removed.
  return execFileSync('git', ['-c', 'gc.auto=0', '-c', 'maintenance.auto=false', ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'b@x', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'b@x' },
  });
}

function generate(dir: string): void {
  git(dir, 'init', '-q', '-b', 'main');
  for (let i = 0; i < FILES; i++) {
    const sub = join(dir, 'src', `pkg${Math.floor(i / PER_DIR)}`);
    if (i % PER_DIR === 0) mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `file${i % PER_DIR}.js`), `// generated ${i}\nexport const value${i} = ${i};\nexport function f${i}(x) {\n  return x + ${i};\n}\n`);
  }
  writeFileSync(join(dir, 'package.json'), '{"name":"big","scripts":{"test":"true"}}\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'generated');
  // Packed, as a clone is: 50,000 loose objects would make every checkout open 50,000 files.
  git(dir, 'repack', '-adq');
}

async function time<T>(label: string, into: Record<string, number[]>, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await fn();
  (into[label] ??= []).push(performance.now() - t0);
  return result;
}

/** Engine phases and raw checkouts alternate within each run, so all of them see the same load and caches. */
async function measure(repo: string): Promise<Record<string, number[]>> {
  const times: Record<string, number[]> = {};
  for (let run = 0; run < RUNS; run++) {
    rawCheckout(repo, times);
    // The user's edits since the last commit: the snapshot re-hashes only these.
    for (let i = 0; i < 10; i++) writeFileSync(join(repo, 'src', `pkg${i}`, 'file0.js'), `// edited in run ${run}\n`);
    const snap = await time('snapshot', times, () => takeSnapshot(repo, { searchId: `bench-${process.pid}-${run}-${Date.now().toString(36)}` }));
    const pool = await WorktreePool.create(snap, { size: 1, shareDirs: [] });
    try {
      const wt = await time('first worktree', times, () => pool.acquire());
      await time('first reset', times, () => wt.reset());
      // What a test run leaves: a few changed files and some build output.
      for (let i = 0; i < 5; i++) writeFileSync(join(wt.root, 'src', `pkg${i}`, 'file1.js'), 'changed\n');
      mkdirSync(join(wt.root, 'dist'));
      for (let i = 0; i < 100; i++) writeFileSync(join(wt.root, 'dist', `out${i}.js`), 'built\n');
      await time('write check', times, () => wt.changedFiles());
      await time('reset after a run', times, () => wt.reset());
      pool.release(wt);
    } finally {
      await time('cleanup', times, async () => {
        await pool.dispose();
        await releaseSnapshot(snap);
      });
    }
  }
  return times;
}

/** Plain `git worktree add` with one checkout worker and with one per core. */
function rawCheckout(repo: string, times: Record<string, number[]>): void {
  const target = `${repo}-raw-wt`;
  for (const workers of ['1', '0']) {
    const t0 = performance.now();
    git(repo, '-c', `checkout.workers=${workers}`, 'worktree', 'add', '-q', '--detach', target, 'HEAD');
    (times[`git worktree add, ${workers === '1' ? 'one worker' : 'one per core'}`] ??= []).push(performance.now() - t0);
    git(repo, 'worktree', 'remove', '--force', target);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const repo = realpathSync(mkdtempSync(join(tmpdir(), 'sws-bench-50k-')));
  try {
    const g0 = performance.now();
    generate(repo);
    console.log(`generated ${FILES} files in ${((performance.now() - g0) / 1000).toFixed(1)} s (${cpus().length} cores, git ${git(repo, '--version').trim().split(' ').pop()})`);
    const phases = ['snapshot', 'first worktree', 'first reset', 'write check', 'reset after a run', 'cleanup'];
    const t = await measure(repo);
    for (const p of phases) console.log(`${p.padEnd(18)} ${Math.round(median(t[p]!))} ms`);
    const setup = ['snapshot', 'first worktree', 'first reset'].reduce((sum, p) => sum + median(t[p]!), 0);
    console.log(`${'setup total'.padEnd(18)} ${Math.round(setup)} ms  (snapshot + first worktree + first reset)`);
    for (const k of Object.keys(t).filter((k) => k.startsWith('git '))) console.log(`${k}: ${Math.round(median(t[k]!))} ms`);
    console.log(`medians of ${RUNS} runs`);
  } finally {
    rmSync(repo, { recursive: true, force: true, maxRetries: 5 });
    rmSync(`${repo}-raw-wt`, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
