import { runSearch } from '../engine/search';
import { jsonlSink } from '../engine/trace';
import { UserError } from '../engine/types';
import { parseSolveArgs, SOLVE_HELP, UsageError } from './args';
import { resolveSolveConfig } from './config';
import { resultJson } from './json';
import { Progress } from './progress';
import { renderResult } from './render';

export interface CliIO {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** `solve`: exit 0 when a candidate passed all tests, 1 when none did, 2 for usage/configuration errors. */
export async function solveCommand(argv: string[], io: CliIO): Promise<number> {
  const flags = parseSolveArgs(argv);
  if (flags.help) {
    io.stdout.write(SOLVE_HELP);
    return 0;
  }
  const { options, source, notes } = resolveSolveConfig(flags, io.env, io.cwd);
  const progress = new Progress(io.stderr, flags.quiet !== true);
  for (const n of notes) progress.note(n);
  progress.note(`candidates from ${source.label}`);

  let trace: ReturnType<typeof jsonlSink> | undefined;
  if (flags.trace) {
    try {
      trace = jsonlSink(flags.trace, options.secretValues);
    } catch (e) {
      throw new UsageError(`--trace ${flags.trace}: ${(e as Error).message}`);
    }
  }

  // First Ctrl-C cancels cleanly (worktrees removed, findings reported); a second one exits at once.
  const cancel = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    if (++interrupts > 1) process.exit(130);
    progress.note('cancelling… (press Ctrl-C again to quit at once)');
    cancel.abort(new Error('cancelled by the user'));
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    const result = await runSearch(options, { source, onEvent: progress.handle, signal: cancel.signal, ...(trace ? { trace } : {}) });
    progress.dispose();
    if (flags.json) io.stdout.write(JSON.stringify(resultJson(result)) + '\n');
    else io.stdout.write(renderResult(options.task, result));
    return result.status === 'solved' ? 0 : 1;
  } catch (e) {
    progress.dispose();
    if (e instanceof UserError) throw new UsageError(e.message);
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    trace?.close();
  }
}
