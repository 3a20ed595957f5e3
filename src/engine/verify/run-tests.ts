// Runs the user's test command in a sandbox folder with hard limits on time and output.
import { stripVTControlCharacters } from 'node:util';
import type { Readable } from 'node:stream';
import type { TestReport } from '../types';
import { OutputCapture } from './output-capture';
import { parseTestOutput } from './parse-output';
import { relativizer } from './paths';
import { trackGroup, untrackGroup } from './process-group';
import { readReportFiles } from './report-files';
import { supervise } from './supervisor';

export interface RunTestsOptions {
  cwd: string;
  /** The user's test command, run through the shell (it is the user's text, never the model's). */
  command: string;
  /** Wall time; on expiry the whole process group is killed (SIGTERM, then SIGKILL after 2 s). */
  timeoutMs: number;
  /** Cap on captured output: head and tail halves are kept; beyond 8x the cap the run is killed and marked outputLimited. */
  maxOutputBytes: number;
  /** Already scrubbed by the caller. */
  env: NodeJS.ProcessEnv;
  /** Abort kills the process group too. */
  signal?: AbortSignal;
  /** Extra per-run files the parser may read after the run (e.g. a JUnit XML path the command was told to write). */
  junitPaths?: string[];
  /**
   * Wraps the shell that runs the command (e.g. in a bubblewrap jail): given
   * ['/bin/sh', '-c', script], returns the program to start and its arguments.
   */
  wrap?: (shell: string[]) => { file: string; args: string[] };
}

const OUTPUT_KILL_FACTOR = 8;
// After the main process is gone and its group killed, pipes close at once; a process that
// escaped the group (setsid) may hold them open forever, so draining stops after this.
const DRAIN_MS = 300;

// execa is ESM-only and the package is CommonJS: it can only be loaded with a dynamic import.
let execaModule: Promise<typeof import('execa')> | undefined;
const loadExeca = () => (execaModule ??= import('execa'));

interface Exit {
  exitCode: number | null;
  signal: string | null;
}

export async function runTests(opts: RunTestsOptions): Promise<TestReport> {
  const { execa } = await loadExeca();
  opts.signal?.throwIfAborted();
  const started = performance.now();
  const capture = new OutputCapture(opts.maxOutputBytes);
  // One pipe for both streams: two pipes are read in whatever order the event loop sees
  // them, and a stack trace must stay next to the test that printed it.
  const shell = ['/bin/sh', '-c', `exec 2>&1\n${opts.command}`];
  const { file, args } = opts.wrap ? opts.wrap(shell) : { file: shell[0]!, args: shell.slice(1) };
  const child = execa(file, args, {
    cwd: opts.cwd,
    // Never extend process.env: the caller scrubbed secrets out of opts.env.
    env: childEnv(opts.env),
    extendEnv: false,
    detached: true,
    cleanup: false,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
  });
  // The promise settles only when the pipes close, which a daemon can delay forever; exit events drive the run.
  child.catch(() => undefined);
  const pid = child.pid;
  if (pid === undefined) throw await spawnError(child, opts);
  trackGroup(pid);

  const supervisor = supervise(pid, opts.timeoutMs, opts.signal);
  const outputLimit = opts.maxOutputBytes * OUTPUT_KILL_FACTOR;
  const streams = [child.stdout, child.stderr].filter((s): s is Readable => s !== null);
  const writers = streams.map((stream) => {
    const writer = capture.writer();
    stream.on('data', (chunk: Buffer | string) => {
      writer.write(chunk);
      if (capture.totalBytes > outputLimit) supervisor.stop('output');
    });
    return writer;
  });

  let exit: Exit;
  try {
    exit = await waitForExit(child);
  } finally {
    supervisor.finish();
    untrackGroup(pid);
  }
  await drain(streams, DRAIN_MS);
  for (const w of writers) w.end();
  if (supervisor.reason === 'abort') throw opts.signal?.reason ?? new Error('The test run was cancelled.');

  const relative = relativizer(opts.cwd);
  const output = relative(stripVTControlCharacters(capture.text()).replace(/\r\n/g, '\n'));
  const reports = (await readReportFiles(opts.junitPaths ?? [])).map(relative);
  return {
    ...parseTestOutput(output, exit.exitCode, reports),
    exitCode: exit.exitCode,
    signal: exit.signal,
    timedOut: supervisor.reason === 'timeout',
    outputLimited: supervisor.reason === 'output',
    durationMs: Math.round(performance.now() - started),
    output,
    truncated: capture.truncated,
  };
}

type Child = ReturnType<typeof import('execa').execa>;

function waitForExit(child: Child): Promise<Exit> {
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => resolve({ exitCode: code, signal }));
    child.once('error', reject);
  });
}

/** Waits until every stream has closed or `ms` passed, then lets go of them. */
async function drain(streams: Readable[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const closed = streams.map(
    (s) => new Promise<void>((resolve) => (s.closed || s.destroyed ? resolve() : s.once('close', () => resolve()))),
  );
  await Promise.race([Promise.all(closed), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
  for (const s of streams) s.destroy();
}

async function spawnError(child: Child, opts: RunTestsOptions): Promise<Error> {
  const result = await child;
  const cause = result.cause instanceof Error ? result.cause.message : String(result.shortMessage ?? 'unknown error');
  return new Error(`Could not start the test command in ${opts.cwd}: ${cause}. Check that the folder exists and that a shell is available.`);
}

/**
 * Variables that make a tool behave as part of its caller rather than as the user's own run:
 * NODE_TEST_CONTEXT turns a nested `node --test` into a silent subprocess of an outer runner
 * (as when this engine itself runs under `node --test`), and the VS Code/Electron ones make
 * `node` inside the extension host act as Electron.
 */
const INHERITED_RUNNER_VARS = ['NODE_TEST_CONTEXT', 'ELECTRON_RUN_AS_NODE', 'VSCODE_IPC_HOOK', 'VSCODE_PID', 'VSCODE_CWD', 'VSCODE_NLS_CONFIG', 'VSCODE_HANDLES_UNCAUGHT_ERRORS', 'VSCODE_ESM_ENTRYPOINT', 'VSCODE_CRASH_REPORTER_PROCESS_TYPE', 'VSCODE_AMD_ENTRYPOINT'];

function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, CI: 'true', FORCE_COLOR: '0', NO_COLOR: '1' };
  for (const name of INHERITED_RUNNER_VARS) delete out[name];
  return out;
}
