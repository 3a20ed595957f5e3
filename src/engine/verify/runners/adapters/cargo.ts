// cargo test: libtest prints one line per test; `-- --exact a b` runs exactly those tests in
// every test binary (a doc test has no such name and cannot be selected).
import { unique } from '../names';
import { parseCargo } from '../parse-cargo';
import { commandName, type RunnerAdapter } from './adapter';

export const cargo: RunnerAdapter = {
  kind: 'cargo',
  reportHow: 'its per-test lines',
  selectHow: 'exact test names (-- --exact)',
  match(words, at) {
    return commandName(words[at]) === 'cargo' && words[at + 1] === 'test' ? 2 : 0;
  },
  report() {
    return null;
  },
  select(tests, cmd) {
    if (cmd === null || tests.length === 0) return null;
    if (!tests.every((t) => /^[\w:]+$/.test(t.name))) return null;
    const names = unique(tests.map((t) => t.name));
    return { positionals: cmd.args.includes('--') ? ['--exact', ...names] : ['--', '--exact', ...names] };
  },
  parse(output) {
    const tests = parseCargo(output);
    return tests.length > 0 ? { tests } : null;
  },
};
