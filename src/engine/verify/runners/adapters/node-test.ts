// node:test. Node 20 matches --test-name-pattern against a test's own name, later versions
// against its suite path too, so both spellings go into the pattern. Tests that do not
// match are still listed (as skipped), which keeps ids identical across runs. When the user
// named no files, the failing tests' files are named too: every other file would otherwise
// start a process only to skip its tests.
import { exactPattern, pathOf, unique } from '../names';
import { commandName, hasFlag, type RunnerAdapter, type Selection } from './adapter';

// Node options whose value is the next word, so that it is not taken for a file.
const VALUED = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader', '--env-file', '--conditions', '-C', '--test-reporter', '--test-reporter-destination', '--test-name-pattern']);

export const nodeTest: RunnerAdapter = {
  kind: 'node-test',
  reportHow: 'TAP (--test-reporter=tap)',
  selectHow: 'name pattern (--test-name-pattern) and test files',
  match(words, at) {
    if (!['node', 'tsx'].includes(commandName(words[at]))) return 0;
    for (let i = at + 1; i < words.length; i++) {
      const w = words[i]!;
      if (w === '--test') return i - at + 1;
      if (!w.startsWith('-')) return 0;
      if (VALUED.has(w)) i++;
    }
    return 0;
  },
  report(_dir, cmd) {
    if (cmd === null || hasFlag(cmd.args, '--test-reporter')) return null;
    return { options: ['--test-reporter=tap'] };
  },
  select(tests, cmd) {
    if (cmd === null || tests.length === 0) return null;
    const names = tests.flatMap((t) => [t.name, pathOf(t).join(' ')]);
    const selection: Selection = { options: [`--test-name-pattern=${exactPattern(names)}`] };
    const files = tests.map((t) => t.file);
    if (!hasFiles(cmd.args) && files.every((f): f is string => f !== undefined)) selection.positionals = unique(files);
    return selection;
  },
};

/** True when the user's arguments after --test name files or globs. */
function hasFiles(args: readonly string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    if (!args[i]!.startsWith('-')) return true;
    if (VALUED.has(args[i]!)) i++;
  }
  return false;
}
