// Test commands run as the leader of their own process group so that one signal reaches
// everything they started: npm, the runner, its workers, and anything left in the background.

const live = new Set<number>();
let exitHookInstalled = false;

/** Sends `signal` to the whole group led by `pgid`; false when the group is already gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Remembers a running group so that it dies with us: detached children are not
 * killed when the parent exits, and model-written code must not outlive the editor.
 */
export function trackGroup(pgid: number): void {
  live.add(pgid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const g of live) signalGroup(g, 'SIGKILL');
    });
  }
}

export function untrackGroup(pgid: number): void {
  live.delete(pgid);
}
