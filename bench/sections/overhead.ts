// Per-candidate overhead: everything the engine does around a test run (reset, write, the
// sandboxed start of the command, the write check) with the test itself replaced by `true`,
// on repositories of growing size. Per-search costs (snapshot, worktree creation, cleanup)
// are measured too and shown spread over a 32-candidate search.
import { randomBytes } from 'node:crypto';
import { DEFAULT_SHARE_DIRS, WorktreePool, isolateRuns, releaseSnapshot, takeSnapshot } from '../../src/engine/sandbox';
import type { FileChange } from '../../src/engine/types';
import { runTests, scrubEnv } from '../../src/engine/verify';
import { fillerContent, fillerPath, prng } from '../fixtures/filler';
import { CALC_PATH, CALC_SOURCE } from '../fixtures/suite';
import { createWorkspace, type Workspace } from '../fixtures/workspace';
import { run } from '../lib/proc';
import { median, spread, timed, type Spread } from '../lib/stats';

export interface OverheadResult {
  files: number;
  isolation: string;
  generateMs: number;
  /** Per search. */
  snapshotMs: number;
  worktreeCreateMs: number;
  /** Removing `slots` worktrees and releasing the snapshot. */
  cleanupMs: number;
  /** Per candidate. */
  resetMs: Spread;
  writeMs: Spread;
  harnessMs: Spread;
  writeCheckMs: Spread;
  perCandidateMs: Spread;
  /** perCandidate median plus the per-search costs of a 32-candidate search at `slots` worktrees. */
  amortized32Ms: number;
  slots: number;
}

const SHAPE = { files: 2, testsPerFile: 3, unitsPerTest: 1 };

function newSearchId(): string {
  return `bench-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/**
 * A candidate as models write them for one task: the module under test, and every second one
 * also one of a few neighbouring modules (candidates of a search cluster around the bug).
 */
function candidateChanges(k: number, files: number): FileChange[] {
  const changes: FileChange[] = [{ path: CALC_PATH, kind: 'modify', content: CALC_SOURCE.replace('const LIMIT = 100;', `const LIMIT = ${200 + k};`) }];
  if (k % 2 === 1) {
    const other = Math.floor(prng(k % 3)() * Math.max(1, files - 100));
    changes.push({ path: fillerPath(other), kind: 'modify', content: fillerContent(other) + `// touched by candidate ${k}\n` });
  }
  return changes;
}

export async function measureOverhead(scratch: string, files: number, candidates: number, slots: number): Promise<OverheadResult> {
  const gen = await timed(() => createWorkspace({ scratch, name: `overhead-${files}`, files, suite: SHAPE }));
  const ws: Workspace = gen.value;
  // The generated files are still being written back to disk: timings taken during that
  // writeback measure the disk, not the engine.
  await run('sync', [], { cwd: scratch });
  const snapshots: number[] = [];
  for (let i = 0; i < 2; i++) {
    const s = await timed(() => takeSnapshot(ws.dir, { searchId: newSearchId() }));
    snapshots.push(s.ms);
    await releaseSnapshot(s.value);
  }
  const snapTimed = await timed(() => takeSnapshot(ws.dir, { searchId: newSearchId() }));
  snapshots.push(snapTimed.ms);
  const snap = snapTimed.value;
  const reset: number[] = [];
  const write: number[] = [];
  const harness: number[] = [];
  const check: number[] = [];
  let createMs = 0;
  let removeMs = 0;
  let releaseMs = 0;
  let isolation = 'none';
  try {
    const pool = await WorktreePool.create(snap, { size: 1, shareDirs: DEFAULT_SHARE_DIRS });
    const iso = await isolateRuns({ sandbox: 'auto', maxWriteMb: 512 }, snap, pool.sharedDirs);
    isolation = iso.kind === 'jail' ? 'bubblewrap' : 'none';
    const env = scrubEnv(process.env, { allow: [], secretValues: [] });
    try {
      const acquired = await timed(() => pool.acquire());
      createMs = acquired.ms;
      const wt = acquired.value;
      await run('sync', [], { cwd: scratch });
      for (let k = 0; k < candidates; k++) {
        reset.push((await timed(() => wt.reset())).ms);
        write.push((await timed(() => wt.write(candidateChanges(k, ws.trackedFiles)))).ms);
        harness.push((await timed(() => runTests({ cwd: wt.cwd, command: 'true', env, timeoutMs: 30_000, maxOutputBytes: 64 * 1024, wrap: iso.wrapFor(wt) }))).ms);
        check.push((await timed(() => iso.checkWrites(wt))).ms);
      }
      pool.release(wt);
    } finally {
      // The pool holds one worktree: disposing it is the cost of removing one.
      removeMs = (await timed(() => pool.dispose())).ms;
    }
  } finally {
    releaseMs = (await timed(() => releaseSnapshot(snap))).ms;
  }
  const perCandidate = reset.map((r, i) => r + write[i]! + harness[i]! + check[i]!);
  const cleanupMs = slots * removeMs + releaseMs;
  const perSearch = median(snapshots) + slots * createMs + cleanupMs;
  return {
    files: ws.trackedFiles,
    isolation,
    generateMs: Math.round(gen.ms),
    snapshotMs: Math.round(median(snapshots)),
    worktreeCreateMs: Math.round(createMs),
    cleanupMs: Math.round(cleanupMs),
    resetMs: spread(reset),
    writeMs: spread(write),
    harnessMs: spread(harness),
    writeCheckMs: spread(check),
    perCandidateMs: spread(perCandidate),
    amortized32Ms: Math.round(median(perCandidate) + perSearch / 32),
    slots,
  };
}
