// The sandbox setting from flag to test run: auto, required and off, on a machine with and without bubblewrap.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseSolveArgs } from '../../src/cli/args';
import { resolveSolveConfig } from '../../src/cli/config';
import { bwrapArgs, probeJail } from '../../src/engine/sandbox/jail';
import { FIX_BLOCKS } from '../support/answers';
import { CLI, runCli } from '../support/cli';
import { startFakeOpenAI, type FakeServer } from '../support/fake-openai';
import { jailUnavailable, logsOf, RANGE_TESTS, searchWith } from '../support/faults-search';
import { BUGGY_RANGE_REPO, makeRepo } from '../support/repo';
import { privateTmp } from '../support/search';

const ROOT = resolve(__dirname, '..', '..');

/** A PATH with git and node and nothing else: what a machine without bubblewrap offers. */
function pathWithoutBwrap(dir: string): string {
  for (const tool of ['git', 'node']) {
    const real = execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
    symlinkSync(realpathSync(real), join(dir, tool));
  }
  return dir;
}

describe('sandbox modes', () => {
  let tmp: ReturnType<typeof privateTmp>;
  before(() => {
    tmp = privateTmp();
  });
  after(() => tmp.restore());

  test('the mode in effect is told once per search: sandboxed where bubblewrap works, "off" when turned off', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const auto = await searchWith(repo.dir, () => FIX_BLOCKS, { samples: 1 });
    assert.equal(auto.result.status, 'solved');
    const modeLines = logsOf(auto.events).filter((l) => /sandbox/i.test(l));
    assert.equal(modeLines.length, 1, modeLines.join('\n'));
    const why = await jailUnavailable();
    if (why) assert.match(modeLines[0]!, /^warn: Test runs are not sandboxed: .+\. Model-written code runs with your permissions and network/);
    else assert.match(modeLines[0]!, /^(info|warn): Test runs are sandboxed with bubblewrap: no network, only the candidate's worktree is writable/);

    const off = await searchWith(repo.dir, () => FIX_BLOCKS, { samples: 1, sandbox: 'off' });
    assert.equal(off.result.status, 'solved');
    assert.deepEqual(logsOf(off.events).filter((l) => /sandbox/i.test(l)), [
      'info: Sandbox off: test runs have your permissions and network. Secrets are still removed from their environment, and the time, output and write limits apply.',
    ]);
  });

  describe('without bubblewrap on the PATH', () => {
    let server: FakeServer;
    let bin: string;
    before(async () => {
      assert.ok(existsSync(CLI), 'dist/cli.js is built (npm run build)');
      server = await startFakeOpenAI({ reply: () => FIX_BLOCKS });
      bin = mkdtempSync(join(tmpdir(), 'sws-nobwrap-'));
      pathWithoutBwrap(bin);
    });
    after(async () => {
      await server.close();
      rmSync(bin, { recursive: true, force: true });
    });

    // The bundled CLI in its own process: the jail probe runs once per process.
    const solve = (workspace: string, sandbox: string) =>
      runCli(
        ['solve', '--workspace', workspace, '--test-command', RANGE_TESTS, '--samples', '1', '--rounds', '1', '--base-url', server.url, '--model', 'scripted', '--sandbox', sandbox],
        { env: { PATH: bin, TMPDIR: tmp.dir } },
      );

    test('--sandbox required refuses with what to install, before any test runs', async (t) => {
      const repo = makeRepo(BUGGY_RANGE_REPO);
      t.after(() => repo.remove());
      const run = await solve(repo.dir, 'required');
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /The sandbox is required but cannot run: bubblewrap \(bwrap\) is not installed\. To sandbox test runs, install bubblewrap/);
      assert.doesNotMatch(run.stderr, /baseline:/, 'the baseline never ran');
      assert.equal(server.requests.length, 0);
    });

    test('--sandbox auto runs unsandboxed with a visible warning, and still solves', async (t) => {
      const repo = makeRepo(BUGGY_RANGE_REPO);
      t.after(() => repo.remove());
      const run = await solve(repo.dir, 'auto');
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /warn: Test runs are not sandboxed: bubblewrap \(bwrap\) is not installed/);
    });
  });

  test('flags: --sandbox and --max-write-mb reach the options; bad values are usage errors', () => {
    const base = ['--test-command', 'node --test', '--base-url', 'http://127.0.0.1:9/v1', '--model', 'm'];
    const config = (extra: string[]) => resolveSolveConfig(parseSolveArgs([...base, ...extra]), {}, ROOT).options;
    assert.equal(config([]).sandbox, 'auto');
    assert.equal(config([]).maxWriteMb, 512);
    assert.equal(config(['--sandbox', 'required', '--max-write-mb', '64']).sandbox, 'required');
    assert.equal(config(['--sandbox', 'off', '--max-write-mb', '64']).maxWriteMb, 64);
    assert.throws(() => config(['--sandbox', 'maybe']), /--sandbox takes auto, required or off/);
    assert.throws(() => config(['--max-write-mb', '0']), /--max-write-mb takes a whole number from 1/);
  });

  test('the probe runs once per process and the mounts come in a safe order', async () => {
    assert.equal(probeJail(), probeJail(), 'one probe, shared');
    const layout = { writable: '/w/wt-0', readOnly: ['/repo/.git', '/repo'], hiddenDirs: ['/home/u/.ssh'], hiddenFiles: ['/home/u/.netrc'] };
    const strict = bwrapArgs({ bwrap: 'bwrap', pidNamespace: true, dropCapabilities: true }, layout, ['/bin/sh', '-c', 'true']);
    const at = (flag: string, value?: string) => strict.findIndex((a, i) => a === flag && (value === undefined || strict[i + 1] === value));
    assert.ok(at('--unshare-net') >= 0 && at('--die-with-parent') >= 0);
    assert.ok(at('--unshare-pid') >= 0 && at('--new-session') >= 0 && at('--proc') >= 0);
    assert.ok(at('--cap-drop', 'ALL') >= 0);
    assert.ok(at('--ro-bind', '/') < at('--tmpfs', '/tmp'));
    assert.ok(at('--tmpfs', '/tmp') < at('--ro-bind', '/repo'), 'the workspace is mounted over the private /tmp');
    assert.ok(at('--ro-bind', '/repo') < at('--ro-bind', '/repo/.git'), 'parents before children');
    assert.ok(at('--ro-bind', '/repo/.git') < at('--tmpfs', '/home/u/.ssh'), 'credentials are hidden after the read-only folders');
    assert.equal(strict[strict.indexOf('--bind') + 1], '/w/wt-0');
    assert.ok(at('--bind') > at('--ro-bind', '/dev/null'), 'the worktree comes last');
    assert.deepEqual(strict.slice(-4), ['--', '/bin/sh', '-c', 'true']);
    // Without a pid namespace, a new session would put the run out of reach of the process-group kill.
    const loose = bwrapArgs({ bwrap: 'bwrap', pidNamespace: false, dropCapabilities: false }, layout, ['true']);
    for (const flag of ['--unshare-pid', '--new-session', '--proc', '--cap-drop']) assert.ok(!loose.includes(flag), flag);
  });
});
