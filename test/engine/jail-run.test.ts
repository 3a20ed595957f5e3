// The bubblewrap jail around one test run, checked from outside with real worktrees and real processes.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { isolateRuns, releaseSnapshot, takeSnapshot, WorktreePool, type RunIsolation, type Snapshot } from '../../src/engine/sandbox';
import type { Worktree } from '../../src/engine/sandbox';
import { runTests } from '../../src/engine/verify';
import { goneWithin, killTagged, processesWith, sleepTag, startedWithin } from '../support/faults-process';
import { jailUnavailable } from '../support/faults-search';
import { testSearchId } from '../support/git-state';
import { BUGGY_RANGE_REPO, makeRepo, type TempRepo } from '../support/repo';

// An upper bound for a loaded machine, not a speed requirement.
const LIMIT = { timeout: 120_000 };
const ENV = { PATH: process.env.PATH, HOME: process.env.HOME };

// A folder outside /tmp: the jail's private /tmp would hide a sentinel there rather than protect it.
function outsideTmp(): string {
  const base = existsSync('/var/tmp') ? '/var/tmp' : process.env.HOME!;
  return mkdtempSync(join(base, 'sws-jail-sentinel-'));
}

describe('the jail around a test run', () => {
  let skip: string | null;
  let repo: TempRepo;
  let snap: Snapshot;
  let pool: WorktreePool;
  let jail: RunIsolation;

  before(async () => {
    skip = await jailUnavailable();
    repo = makeRepo({ ...BUGGY_RANGE_REPO, '.gitignore': 'node_modules/\n' });
    repo.write('node_modules/dep/index.js', 'module.exports = "shared dependency";\n');
    snap = await takeSnapshot(repo.dir, { searchId: testSearchId('jail') });
    pool = await WorktreePool.create(snap, { size: 1, shareDirs: ['node_modules'] });
    if (!skip) jail = await isolateRuns({ sandbox: 'required', maxWriteMb: 1 }, snap, pool.sharedDirs);
  });
  after(async () => {
    await pool.dispose();
    await releaseSnapshot(snap);
    repo.remove();
  });

  /** Runs `command` jailed in a freshly reset worktree; `inspect` sees the worktree before it is released. */
  async function jailed(command: string, opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; isolation?: RunIsolation; inspect?: (wt: Worktree) => Promise<void> } = {}) {
    const wt = await pool.acquire();
    try {
      await wt.reset();
      const isolation = opts.isolation ?? jail;
      const report = await runTests({ cwd: wt.cwd, command, env: { ...ENV, ...opts.env }, timeoutMs: opts.timeoutMs ?? 20_000, maxOutputBytes: 256 * 1024, wrap: isolation.wrapFor(wt) });
      await opts.inspect?.(wt);
      return report;
    } finally {
      pool.release(wt);
    }
  }

  const skipped = (t: TestContext) => {
    if (skip) t.skip(skip);
    return skip !== null;
  };

  test('only the worktree is writable; git metadata, the workspace and shared dependencies are readable', LIMIT, async (t) => {
    if (skipped(t)) return;
    const outside = outsideTmp();
    t.after(() => rmSync(outside, { recursive: true, force: true }));
    const sentinel = join(outside, 'keep.txt');
    writeFileSync(sentinel, 'original\n');
    const privateName = `sws-private-${process.pid}-${Date.now()}`;
    const command = [
      'echo written > inside.txt',
      'rm -f "$SENTINEL"; echo overwritten > "$SENTINEL"',
      'rm -f "$WS/src/range.js"',
      'echo planted > node_modules/dep/planted.js',
      `echo private > /tmp/${privateName}`,
      'echo "head=$(git rev-parse HEAD)"',
      'echo "status=$(git status --porcelain | tr "\\n" " ")"',
      'node -e "console.log(require(\'dep\'))"',
      'echo "tmpdir=$TMPDIR"',
      'cat "$WS/src/range.js" | head -1',
    ].join('\n');
    const report = await jailed(command, {
      env: { SENTINEL: sentinel, WS: repo.dir },
      inspect: async (wt) => assert.equal(readFileSync(join(wt.root, 'inside.txt'), 'utf8'), 'written\n'),
    });
    assert.equal(readFileSync(sentinel, 'utf8'), 'original\n', 'a file outside the worktree survives rm and overwrite');
    assert.ok(existsSync(join(repo.dir, 'src/range.js')), 'the workspace is read-only');
    assert.ok(!existsSync(join(repo.dir, 'node_modules/dep/planted.js')), 'shared dependencies are read-only');
    assert.ok(!existsSync(join('/tmp', privateName)), 'the run has a private /tmp');
    assert.match(report.output, /Read-only file system/);
    assert.match(report.output, new RegExp(`head=${snap.commit}`), 'git reads the worktree metadata');
    assert.match(report.output, /status=\?\? inside\.txt/);
    assert.match(report.output, /shared dependency/);
    assert.match(report.output, /tmpdir=\/tmp\n/);
    assert.match(report.output, /'use strict';/, 'the workspace can be read');
  });

  test('no network: a server on 127.0.0.1 cannot be reached from a run, but can from outside', LIMIT, async (t) => {
    if (skipped(t)) return;
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.end('reached');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;
    const probe = `node -e "fetch('http://127.0.0.1:${port}/').then(r => r.text()).then(b => console.log('GOT', b), e => console.log('BLOCKED', e.cause && e.cause.code))"`;

    const inJail = await jailed(probe);
    assert.match(inJail.output, /BLOCKED/);
    assert.equal(hits, 0);

    const off = await isolateRuns({ sandbox: 'off', maxWriteMb: 512 }, snap, pool.sharedDirs);
    const outside = await jailed(probe, { isolation: off });
    assert.match(outside.output, /GOT reached/, 'the same command reaches the server without the jail');
    assert.equal(hits, 1);
  });

  test('a timeout kills the run, its children and a daemon that left the process group', LIMIT, async (t) => {
    if (skipped(t)) return;
    const tag = sleepTag();
    t.after(() => killTagged(tag));
    const running = jailed(`sleep ${tag} & (setsid sleep ${tag} > /dev/null 2>&1 &); sleep ${tag}`, { timeoutMs: 1500 });
    assert.ok(await startedWithin(tag), 'the run started its processes');
    const report = await running;
    assert.equal(report.timedOut, true);
    assert.ok(await goneWithin(tag), `still running: ${processesWith(tag).join(', ')}`);
  });

  test('a daemon left behind by a run that exits cleanly is killed', LIMIT, async (t) => {
    if (skipped(t)) return;
    const tag = sleepTag();
    t.after(() => killTagged(tag));
    const report = await jailed(`(setsid nohup sleep ${tag} > /dev/null 2>&1 &); sleep 0.3; echo started`);
    assert.equal(report.exitCode, 0);
    assert.equal(report.timedOut, false);
    assert.ok(await goneWithin(tag), `still running: ${processesWith(tag).join(', ')}`);
  });

  test('credential folders and files of the home folder and daemon sockets under /run are hidden', LIMIT, async (t) => {
    if (skipped(t)) return;
    const home = outsideTmp();
    t.after(() => rmSync(home, { recursive: true, force: true }));
    mkdirSync(join(home, '.ssh'));
    writeFileSync(join(home, '.ssh', 'id_ed25519'), 'PRIVATE-KEY-MATERIAL\n');
    writeFileSync(join(home, '.netrc'), 'machine example.com password NETRC-SECRET\n');
    writeFileSync(join(home, '.profile'), 'ordinary file\n');
    const previous = process.env.HOME;
    process.env.HOME = home;
    let hidden: RunIsolation;
    try {
      hidden = await isolateRuns({ sandbox: 'required', maxWriteMb: 512 }, snap, pool.sharedDirs);
    } finally {
      process.env.HOME = previous;
    }
    const report = await jailed(`cat "$H/.ssh/id_ed25519" "$H/.netrc" "$H/.profile"; ls -A /run | wc -l`, { env: { H: home }, isolation: hidden });
    assert.doesNotMatch(report.output, /PRIVATE-KEY-MATERIAL|NETRC-SECRET/);
    assert.match(report.output, /ordinary file/, 'the rest of the home folder stays readable');
    assert.match(report.output, /^0$/m, '/run is empty');
  });

  test('a file past the write limit is cut off while the run goes on, and many files over the total are reported', LIMIT, async (t) => {
    if (skipped(t)) return;
    let verdict: string | undefined;
    const big = await jailed('head -c 3000000 /dev/zero > big.bin; echo "rc=$?"', {
      inspect: async (wt) => {
        assert.equal(statSync(join(wt.root, 'big.bin')).size, 1024 * 1024, 'the kernel stopped the write at 1 MB');
        verdict = await jail.checkWrites(wt);
      },
    });
    assert.match(big.output, /rc=153|File size limit/);
    assert.match(verdict ?? '', /wrote a file of 1 MB/);

    await jailed('for i in 1 2 3; do head -c 400000 /dev/zero > part$i.bin; done', {
      inspect: async (wt) => {
        verdict = await jail.checkWrites(wt);
      },
    });
    assert.match(verdict ?? '', /wrote 1 MB into its worktree, over the 1 MB limit/);

    await jailed('head -c 1000 /dev/zero > small.bin', {
      inspect: async (wt) => {
        verdict = await jail.checkWrites(wt);
      },
    });
    assert.equal(verdict, undefined, 'small writes are fine');
  });
});
