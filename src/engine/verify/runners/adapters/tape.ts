// tape prints TAP by itself and has no name filter: a targeted run lists the test files the
// failures happened in (from their stack frames) in place of the user's file arguments.
import { fileFromStack, unique } from '../names';
import { commandName, type RunnerAdapter } from './adapter';

const VALUED = new Set(['-r', '--require', '-i', '--ignore', '--ignore-pattern']);

export const tape: RunnerAdapter = {
  kind: 'tape',
  reportHow: 'TAP (its own output)',
  selectHow: 'test files (from the failures\' stack frames)',
  match(words, at) {
    return commandName(words[at]) === 'tape' ? 1 : 0;
  },
  report() {
    return null;
  },
  select(tests, cmd) {
    if (cmd === null || tests.length === 0) return null;
    const files = tests.map(fileFromStack);
    if (!files.every((f): f is string => f !== undefined)) return null;
    return { replaceArgs: [...optionsOf(cmd.args), ...unique(files)] };
  },
};

/** The user's options (with their values), without the file arguments. */
function optionsOf(args: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-')) continue;
    kept.push(a);
    if (VALUED.has(a) && i + 1 < args.length) kept.push(args[++i]!);
  }
  return kept;
}
