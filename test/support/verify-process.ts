// Process liveness for tests of the test runner. A killed process whose parent is gone can
// linger as a zombie when PID 1 does not reap (containers); a zombie runs nothing, so it counts as dead.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state letter follows the parenthesized command name, which may itself contain spaces.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/**
 * Waits for a signalled process to finish dying: kill() returns before the target is gone.
 * Returns whether it died within `withinMs`; callers assert on that, not on how long it took.
 */
export async function diedWithin(pid: number, withinMs = 3000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

/** Waits until `read` returns something (a file a child writes), or throws after `withinMs`. */
export async function eventually<T>(read: () => T | undefined, withinMs = 5000): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const v = read();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('condition not reached');
    await sleep(20);
  }
}
