// What a run starts (code-server, Chromium, the scripted model, temporary folders) is undone in
// reverse order: at the end of the run, or on Ctrl-C / SIGTERM (CI's timeout), so a stopped run
// leaves no processes or folders behind.
type Cleanup = () => unknown;

const pending: Cleanup[] = [];
let hooked = false;

/** Registers `fn`; the returned function runs it now (once) and unregisters it. */
export function deferCleanup(fn: Cleanup): () => Promise<void> {
  hookSignals();
  let done: Promise<void> | undefined;
  const run = () => {
    done ??= (async () => {
      const at = pending.indexOf(run);
      if (at >= 0) pending.splice(at, 1);
      try {
        await fn();
      } catch (err) {
        process.stderr.write(`cleanup failed: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    })();
    return done;
  };
  pending.push(run);
  return run;
}

/** Runs every registered cleanup, newest first. */
export async function cleanupAll(): Promise<void> {
  while (pending.length > 0) await pending[pending.length - 1]!();
}

function hookSignals(): void {
  if (hooked) return;
  hooked = true;
  const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
  for (const [signal, code] of Object.entries(codes)) {
    process.on(signal, () => {
      process.stderr.write(`\n${signal}: stopping code-server and cleaning up\n`);
      void cleanupAll().then(() => process.exit(code));
    });
  }
}
