// Finding processes a test run started, from outside any sandbox: pids inside a jail's pid
// namespace mean nothing here, so runs tag their processes with a unique argument instead.
import { readdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from './verify-process';

/** A `sleep` duration no other process uses, e.g. "987.4821": its command line identifies it. */
export function sleepTag(): string {
  return `987.${randomBytes(2).readUInt16BE(0)}${Date.now() % 1000}`;
}

/** Live (not zombie) processes whose command line contains `tag`. */
export function processesWith(tag: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ');
    } catch {
      continue;
    }
    if (cmdline.includes(tag) && isAlive(pid)) pids.push(pid);
  }
  return pids;
}

/** Waits until no process carries `tag`; false if some still do after `withinMs`. */
export async function goneWithin(tag: string, withinMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (processesWith(tag).length > 0) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/** Waits until some process carries `tag`. */
export async function startedWithin(tag: string, withinMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (processesWith(tag).length === 0) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/** Ends the tagged processes this test started (only needed when no sandbox killed them). */
export function killTagged(tag: string): void {
  for (const pid of processesWith(tag)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
