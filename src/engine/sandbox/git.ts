// Runs real git with an environment that cannot be redirected to another repository.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { UserError } from '../types';

/** A git command failed; `stderr` holds git's own explanation. */
export class GitError extends Error {
  override name = 'GitError';
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | undefined,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed${exitCode === undefined ? '' : ` (exit ${exitCode})`}: ${stderr.trim() || 'no output'}`);
  }
}

// Variables a parent process (a git hook, a shell inside another repository) may have
// set that would point our commands at the wrong repository, index or object store.
// Identity, SSH and config-location variables are kept: they do not redirect.
const KEEP_GIT_VARS = new Set([
  'GIT_SSH',
  'GIT_SSH_COMMAND',
  'GIT_SSH_VARIANT',
  'GIT_ASKPASS',
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_SYSTEM',
  'GIT_CONFIG_NOSYSTEM',
  'GIT_EXEC_PATH',
  'GIT_AUTHOR_NAME',
  'GIT_AUTHOR_EMAIL',
  'GIT_COMMITTER_NAME',
  'GIT_COMMITTER_EMAIL',
]);

/** The inherited environment without redirecting GIT_* variables. Read on every call: cheap next to a spawn. */
export function gitEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (k.toUpperCase().startsWith('GIT_') && !KEEP_GIT_VARS.has(k.toUpperCase())) continue;
    env[k] = v;
  }
  // Never wait on a credential prompt, and never take index.lock just to refresh stat data.
  env.GIT_TERMINAL_PROMPT = '0';
  env.GIT_OPTIONAL_LOCKS = '0';
  return { ...env, ...extra };
}

export interface GitRunOptions {
  cwd: string;
  gitBinary?: string | undefined;
  env?: Record<string, string>;
  input?: string | Uint8Array;
  /** Exit codes that are answers rather than failures (e.g. merge-file's conflict count). */
  okCodes?: number[];
}

export interface GitResult<T> {
  stdout: T;
  stderr: string;
  exitCode: number;
}

interface Spawned {
  stdout: Buffer;
  stderr: string;
  exitCode: number | null;
  spawnError?: NodeJS.ErrnoException;
}

// Plain child_process rather than execa: execa is ESM-only with a dependency that has no
// `require` export, which breaks wherever this code is compiled to CommonJS (tsx, tests).
function spawnGit(binary: string, args: string[], opts: GitRunOptions): Promise<Spawned> {
  return new Promise((resolve) => {
    const child = spawn(binary, args, { cwd: opts.cwd, env: gitEnv(opts.env), windowsHide: true, stdio: 'pipe' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let spawnError: NodeJS.ErrnoException | undefined;
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => (spawnError = e));
    child.on('close', (code) => {
      const r: Spawned = { stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), exitCode: code };
      if (spawnError) r.spawnError = spawnError;
      resolve(r);
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input);
  });
}

async function run(args: string[], opts: GitRunOptions): Promise<GitResult<Buffer>> {
  const binary = opts.gitBinary ?? 'git';
  const r = await spawnGit(binary, args, opts);
  // spawn reports a missing cwd as ENOENT too; only a present cwd means git itself is missing.
  if (r.spawnError?.code === 'ENOENT' && existsSync(opts.cwd)) throw gitMissing(binary);
  if (r.spawnError) throw new GitError(args, undefined, r.spawnError.message);
  const code = r.exitCode ?? -1;
  if (code !== 0 && !(opts.okCodes ?? []).includes(code)) throw explain(new GitError(args, code, r.stderr));
  return { stdout: r.stdout, stderr: r.stderr, exitCode: code };
}

/** Runs git and returns its stdout as text; throws GitError on a non-zero exit. */
export async function git(args: string[], opts: GitRunOptions): Promise<string> {
  return (await run(args, opts)).stdout.toString('utf8');
}

/** Like `git` but keeps stdout as bytes (file contents) and reports the exit code. */
export async function gitBytes(args: string[], opts: GitRunOptions): Promise<GitResult<Buffer>> {
  return run(args, opts);
}

function gitMissing(binary: string): UserError {
  return new UserError(
    `Git was not found (tried "${binary}"). Install git (https://git-scm.com/downloads), make sure it is on PATH, and try again.`,
  );
}

// Turns the git failures a user can fix into UserErrors that say how.
function explain(err: GitError): Error {
  const m = /detected dubious ownership in repository at '([^']+)'/.exec(err.stderr);
  if (m) {
    return new UserError(
      `Git refuses to work in ${m[1]} because the folder belongs to another user. ` +
        `If you trust it, run: git config --global --add safe.directory "${m[1]}"`,
    );
  }
  return err;
}

const checked = new Map<string, Promise<void>>();

/** Fails with a UserError when git cannot be run. Checked once per binary. */
export function ensureGit(gitBinary = 'git'): Promise<void> {
  let p = checked.get(gitBinary);
  if (!p) {
    p = git(['--version'], { cwd: tmpdir(), gitBinary }).then(() => undefined);
    p.catch(() => checked.delete(gitBinary));
    checked.set(gitBinary, p);
  }
  return p;
}

/** Splits NUL-terminated output (`-z`) into records. */
export function splitZ(out: string): string[] {
  const parts = out.split('\0');
  if (parts.at(-1) === '') parts.pop();
  return parts;
}
