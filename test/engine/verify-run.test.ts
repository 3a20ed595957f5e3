import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests, compareToBaseline, type RunTestsOptions } from '../../src/engine/verify';
import { reportPassed } from '../../src/engine/types';
import { makeRepo } from '../support/repo';
import { diedWithin, eventually } from '../support/verify-process';
import { JEST_JUNIT, MUL_FIX, NESTED_NODE_TEST_REPO } from '../support/verify-fixtures';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sws-verify-run-')));
after(() => rmSync(dir, { recursive: true, force: true }));

const ENV = { PATH: process.env.PATH, HOME: process.env.HOME };
const run = (command: string, extra: Partial<RunTestsOptions> = {}) =>
  runTests({ cwd: dir, command, timeoutMs: 20_000, maxOutputBytes: 64 * 1024, env: ENV, ...extra });
const readPid = (file: string) => Number(readFileSync(join(dir, file), 'utf8').trim());
// A hang in the code under test would otherwise hang the suite; this turns it into a failure.
const LIMIT = { timeout: 15_000 };

describe('runTests: process lifetime', () => {
  test('a hanging command is killed at the timeout, with its whole process group', LIMIT, async () => {
    const report = await run('sleep 30 & echo $! > sleep.pid; wait', { timeoutMs: 500 });
    assert.equal(report.timedOut, true);
    assert.equal(report.exitCode, null);
    assert.equal(reportPassed(report), false);
    assert.equal(await diedWithin(readPid('sleep.pid')), true, 'the background sleep must die with the run');
  });

  test('a busy node script and the process it spawned are both killed at the timeout', LIMIT, async () => {
    writeFileSync(
      join(dir, 'busy.js'),
      [
        "const { spawn } = require('node:child_process');",
        "const c = spawn('sleep', ['300'], { stdio: 'ignore' });",
        "require('node:fs').writeFileSync('busy.json', JSON.stringify({ self: process.pid, grandchild: c.pid }));",
        'for (;;) {}',
      ].join('\n'),
    );
    const report = await run('node busy.js', { timeoutMs: 2000 });
    assert.equal(report.timedOut, true);
    const pids = JSON.parse(readFileSync(join(dir, 'busy.json'), 'utf8')) as { self: number; grandchild: number };
    assert.equal(await diedWithin(pids.self), true, 'the busy node process must be gone');
    assert.equal(await diedWithin(pids.grandchild), true, 'its child must be gone too');
  });

  test('a command that ignores SIGTERM is killed with SIGKILL after the grace period', LIMIT, async () => {
    const report = await run("trap '' TERM; sleep 30 & echo $! > stubborn.pid; wait", { timeoutMs: 300 });
    assert.equal(report.timedOut, true);
    assert.equal(report.signal, 'SIGKILL');
    assert.equal(await diedWithin(readPid('stubborn.pid')), true);
  });

  test('a daemon left running after a clean exit is killed and does not hold the run open', LIMIT, async () => {
    // The daemon inherits stdout: waiting for the pipe to close would wait 300 s.
    const report = await run('(sleep 300 & echo $! > daemon.pid) ; echo started; exit 0');
    assert.equal(report.exitCode, 0);
    assert.equal(report.timedOut, false);
    assert.match(report.output, /started/);
    assert.equal(await diedWithin(readPid('daemon.pid')), true, 'the daemon must not survive the run');
  });

  test('aborting kills the run and rejects with the abort reason', LIMIT, async () => {
    const ac = new AbortController();
    const pending = run('sleep 30 & echo $! > aborted.pid; wait', { signal: ac.signal });
    const pid = await eventually(() => (existsSync(join(dir, 'aborted.pid')) ? readPid('aborted.pid') || undefined : undefined));
    ac.abort();
    await assert.rejects(pending, { name: 'AbortError' });
    assert.equal(await diedWithin(pid), true);
  });

  test('an already aborted signal starts nothing', async () => {
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(run('touch never-ran', { signal: ac.signal }), { name: 'AbortError' });
    assert.equal(existsSync(join(dir, 'never-ran')), false);
  });

  test('a folder that does not exist is reported with what to check', async () => {
    await assert.rejects(run('true', { cwd: join(dir, 'missing') }), /Could not start the test command.*Check that the folder exists/);
  });
});

describe('runTests: output', () => {
  test('~100 MB of output is bounded: the run is killed, head and tail are kept', LIMIT, async () => {
    const cap = 64 * 1024;
    const report = await run("yes 'a line of output' | head -c 100000000; echo after", { maxOutputBytes: cap });
    assert.equal(report.outputLimited, true);
    assert.equal(report.truncated, true);
    assert.equal(reportPassed(report), false);
    assert.ok(Buffer.byteLength(report.output) <= cap, `kept ${Buffer.byteLength(report.output)} bytes`);
    // The kill lands mid-write, so the last line may be cut.
    assert.match(report.output, /^(a line of output\n)+… \[[\d.]+ (KB|MB) of output omitted\] …\n(a line of output\n)+[a-z ]*$/);
    assert.doesNotMatch(report.output, /after/, 'the command must have been stopped before it finished');
  });

  test('output over the cap but under the kill limit keeps head and tail and the exit code', async () => {
    const report = await run("echo FIRST; yes 'middle' | head -c 300000; echo LAST", { maxOutputBytes: 50_000 });
    assert.equal(report.outputLimited, false);
    assert.equal(report.truncated, true);
    assert.equal(report.exitCode, 0);
    assert.ok(Buffer.byteLength(report.output) <= 50_000);
    assert.match(report.output, /^FIRST\n/);
    assert.match(report.output, /LAST\n$/);
    const omitted = /\[(\d+\.\d) KB of output omitted\]/.exec(report.output);
    assert.ok(omitted && Number(omitted[1]) > 240, report.output.slice(0, 200));
  });

  test('stdout and stderr are captured together, colours stripped, CRLF normalized', async () => {
    const report = await run("printf 'one\\r\\n'; printf '\\033[31mtwo\\033[0m\\n' >&2; printf 'three\\n'");
    assert.equal(report.truncated, false);
    assert.equal(report.output, 'one\ntwo\nthree\n');
  });

  test('the child sees only the given env, plus CI=true and no colours', async () => {
    process.env.SWS_VERIFY_PARENT_ONLY = 'must-not-leak';
    try {
      const report = await run('env');
      const names = report.output.trim().split('\n').map((l) => l.split('=')[0]);
      assert.ok(!names.includes('SWS_VERIFY_PARENT_ONLY'), 'process.env must not be merged back in');
      assert.match(report.output, /^CI=true$/m);
      assert.match(report.output, /^NO_COLOR=1$/m);
      assert.match(report.output, /^FORCE_COLOR=0$/m);
    } finally {
      delete process.env.SWS_VERIFY_PARENT_ONLY;
    }
  });

  test('exit 0 with failing TAP lines counts the failures and does not pass', async () => {
    const report = await run("printf 'TAP version 13\\nok 1 - works\\nnot ok 2 - breaks\\n1..2\\n'; exit 0");
    assert.equal(report.exitCode, 0);
    assert.equal(report.level, 'per-test');
    assert.deepEqual(report.counts, { passed: 1, failed: 1, skipped: 0, total: 2 });
    assert.equal(reportPassed(report), false);
  });

  test('a JUnit file the command wrote is parsed; a symlink in its place is refused', async () => {
    writeFileSync(join(dir, 'real.xml'), JEST_JUNIT);
    const direct = await run('true', { junitPaths: [join(dir, 'real.xml'), join(dir, 'absent.xml')] });
    assert.equal(direct.level, 'per-test');
    assert.equal(direct.counts.failed, 1);
    symlinkSync(join(dir, 'real.xml'), join(dir, 'link.xml'));
    const linked = await run('true', { junitPaths: [join(dir, 'link.xml')] });
    assert.equal(linked.level, 'exit-code');
  });
});

describe('runTests: a real node --test suite', () => {
  const repo = makeRepo(NESTED_NODE_TEST_REPO, { prefix: 'sws-verify-node-' });
  after(() => repo.remove());
  const runNode = (command = 'node --test') =>
    runTests({ cwd: repo.dir, command, timeoutMs: 30_000, maxOutputBytes: 1024 * 1024, env: ENV });

  test('TAP gives per-test results with nested ids, message and a trimmed stack', LIMIT, async () => {
    const report = await runNode();
    assert.equal(report.level, 'per-test');
    assert.deepEqual(report.counts, { passed: 2, failed: 1, skipped: 0, total: 3 });
    assert.deepEqual(
      report.tests.map((t) => [t.id, t.status]),
      [
        ['math > adds', 'passed'],
        ['math > mul > multiplies', 'failed'],
        ['top level > nested passes', 'passed'],
      ],
    );
    const failed = report.tests[1]!;
    assert.equal(failed.file, 'test/math.test.js');
    assert.match(failed.message ?? '', /6 !== 8/);
    const frames = (failed.stack ?? '').split('\n');
    assert.ok(frames.length >= 1 && frames.length <= 5, failed.stack);
    assert.match(frames[0]!, /test\/math\.test\.js:12:\d+/);
    assert.doesNotMatch(failed.stack ?? '', /node:internal|node_modules/);
    assert.ok(!failed.stack?.includes(repo.dir), 'paths are relative to the workspace');
    assert.equal(reportPassed(report), false);
  });

  test('the spec reporter gives the same ids', LIMIT, async () => {
    const report = await runNode('node --test --test-reporter=spec');
    assert.equal(report.level, 'per-test');
    assert.deepEqual(
      report.tests.map((t) => [t.id, t.status]),
      [
        ['math > adds', 'passed'],
        ['math > mul > multiplies', 'failed'],
        ['top level > nested passes', 'passed'],
      ],
    );
    assert.match(report.tests[1]!.message ?? '', /6 !== 8/);
  });

  test('after the fix, the baseline failure is reported fixed and the run passes', LIMIT, async () => {
    const baseline = await runNode();
    const src = readFileSync(join(repo.dir, 'src/math.js'), 'utf8');
    repo.write('src/math.js', src.replace(/function mul\(a, b\) \{\n {2}return a \+ b;\n\}/, MUL_FIX));
    try {
      const fixedRun = await runNode();
      const verdict = compareToBaseline(baseline, fixedRun);
      assert.deepEqual(verdict.fixed, ['math > mul > multiplies']);
      assert.deepEqual(verdict.regressed, []);
      assert.deepEqual(verdict.stillFailing, []);
      assert.equal(verdict.passedAll, true);
    } finally {
      repo.write('src/math.js', src);
    }
  });
});
