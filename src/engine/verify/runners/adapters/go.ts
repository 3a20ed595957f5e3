// go test: -json events and -run with the top-level test names (a failing subtest re-runs
// its whole parent). Tests are not rebuilt from scratch: go caches compiled packages.
import { exactPattern, unique } from '../names';
import { looksLikeGoJson, parseGoJson } from '../parse-go-json';
import { commandName, hasFlag, type RunnerAdapter } from './adapter';

export const goTest: RunnerAdapter = {
  kind: 'go',
  reportHow: 'JSON events (-json)',
  selectHow: 'test name pattern (-run)',
  match(words, at) {
    return commandName(words[at]) === 'go' && words[at + 1] === 'test' ? 2 : 0;
  },
  report(_dir, cmd) {
    if (cmd === null || hasFlag(cmd.args, '-json', '--json')) return null;
    return { options: ['-json'] };
  },
  select(tests, cmd) {
    if (cmd === null || tests.length === 0) return null;
    const tops = tests.map((t) => t.id.split(' > ')[1]);
    // A package that failed as a whole has no test name to select.
    if (!tops.every((n): n is string => n !== undefined && /^\w+$/.test(n))) return null;
    return { options: ['-run', exactPattern(unique(tops))] };
  },
  parse(output) {
    if (!looksLikeGoJson(output)) return null;
    const { tests, text } = parseGoJson(output);
    return { tests, output: text };
  },
};
