import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

export const CLI = resolve(__dirname, '..', '..', 'dist', 'cli.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the bundled CLI as a real child process. `onStart` may signal it mid-run. */
export function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; onStderr?: (text: string, kill: (s: NodeJS.Signals) => void) => void } = {}): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: opts.cwd ?? join(__dirname, '..', '..'),
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      opts.onStderr?.(stderr, (s) => child.kill(s));
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
}
