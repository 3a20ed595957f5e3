// The kill policy of one run: a wall-clock timeout, the caller's abort, and an output flood
// all end the same way, SIGTERM to the whole group and SIGKILL if it is still there later.
import { signalGroup } from './process-group';

const KILL_GRACE_MS = 2000;
// setTimeout fires at once for delays beyond a signed 32-bit number of milliseconds.
const MAX_TIMER_MS = 2 ** 31 - 1;

export type StopReason = 'timeout' | 'abort' | 'output';

export interface Supervisor {
  /** Why the run was stopped, if it was. The first reason wins. */
  readonly reason: StopReason | undefined;
  stop(reason: StopReason): void;
  /** The main process exited: cancel pending kills and kill whatever it left in its group. */
  finish(): void;
}

export function supervise(pgid: number, timeoutMs: number, signal?: AbortSignal): Supervisor {
  let reason: StopReason | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  const stop = (why: StopReason) => {
    if (reason) return;
    reason = why;
    signalGroup(pgid, 'SIGTERM');
    killTimer = setTimeout(() => signalGroup(pgid, 'SIGKILL'), KILL_GRACE_MS);
  };
  const timeoutTimer = setTimeout(() => stop('timeout'), Math.min(Math.max(0, timeoutMs), MAX_TIMER_MS));
  const onAbort = () => stop('abort');
  signal?.addEventListener('abort', onAbort, { once: true });
  return {
    get reason() {
      return reason;
    },
    stop,
    finish() {
      clearTimeout(timeoutTimer);
      clearTimeout(killTimer);
      signal?.removeEventListener('abort', onAbort);
      // Whatever the command left behind in its group (`sleep 1000 &`, a watcher) ends with it.
      signalGroup(pgid, 'SIGKILL');
    },
  };
}
