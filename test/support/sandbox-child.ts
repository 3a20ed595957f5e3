// A search process that dies mid-run: snapshots argv[2], holds one worktree, prints where, then waits to be killed.
import { takeSnapshot, WorktreePool } from '../../src/engine/sandbox';

async function main(): Promise<void> {
  const [workspace, searchId] = process.argv.slice(2);
  const snap = await takeSnapshot(workspace!, { searchId: searchId! });
  const pool = await WorktreePool.create(snap, { size: 1, shareDirs: [] });
  const wt = await pool.acquire();
  process.stdout.write(JSON.stringify({ searchDir: snap.searchDir, ref: snap.ref, root: wt.root }) + '\n');
  setInterval(() => undefined, 60_000);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
