// pytest and unittest.
import { join } from 'node:path';
import { shellQuote } from '../words';
import { unique } from '../names';
import { parseUnittest } from '../parse-unittest';
import { commandName, hasFlag, type RunnerAdapter } from './adapter';

const PYTHON = /^python(?:3(?:\.\d+)?)?$/;

/** `python -m <module>` (any python3.x, or a virtualenv's python): the number of words, else 0. */
function pythonModule(words: readonly string[], at: number, module: string): number {
  return PYTHON.test(commandName(words[at])) && words[at + 1] === '-m' && words[at + 2] === module ? 3 : 0;
}

// pytest reads PYTEST_ADDOPTS however it is started (a Makefile, tox, a script), so the
// report and the filter reach it even through a command the engine cannot extend.
export const pytest: RunnerAdapter = {
  kind: 'pytest',
  reportHow: 'JUnit XML (PYTEST_ADDOPTS=--junitxml)',
  selectHow: 'keyword filter (-k)',
  match(words, at) {
    return ['pytest', 'py.test'].includes(commandName(words[at])) ? 1 : pythonModule(words, at, 'pytest');
  },
  report(dir) {
    const file = join(dir, 'pytest.xml');
    // xunit1 adds file and line to each test case.
    return { options: [], env: { PYTEST_ADDOPTS: `--junitxml=${shellQuote(file)} -o junit_family=xunit1` }, files: [file] };
  },
  select(tests) {
    if (tests.length === 0) return null;
    // A parametrized case is selected by its function's name (all its cases run).
    const names = unique(tests.map((t) => t.name.replace(/\[.*\]$/, '')));
    if (!names.every((n) => /^[A-Za-z_]\w*$/.test(n))) return null;
    return { env: { PYTEST_ADDOPTS: `-k ${shellQuote(names.join(' or '))}` } };
  },
};

const UNITTEST_FLAGS = new Set(['-v', '--verbose', '-q', '--quiet', '-f', '--failfast', '-b', '--buffer', '-c', '--catch', '--locals']);

export const unittest: RunnerAdapter = {
  kind: 'unittest',
  reportHow: 'verbose output (-v)',
  selectHow: 'test ids as arguments',
  match(words, at) {
    const n = pythonModule(words, at, 'unittest');
    // `discover` must stay the first argument.
    return n > 0 && words[at + n] === 'discover' ? n + 1 : n;
  },
  report(_dir, cmd) {
    if (cmd === null || hasFlag(cmd.args, '-v', '--verbose')) return null;
    return { options: ['-v'] };
  },
  select(tests, cmd) {
    // Ids are importable from the folder the command runs in only with default discovery
    // (`discover` would take them for its start folder).
    if (cmd === null || tests.length === 0 || cmd.head.includes('discover')) return null;
    if (!cmd.args.every((a) => UNITTEST_FLAGS.has(a))) return null;
    const ids = unique(tests.map((t) => t.id.split(' > ')[0]!));
    if (!ids.every((id) => /^[\w.]+$/.test(id))) return null;
    return { replaceArgs: [...cmd.args, ...ids] };
  },
  parse: (output) => {
    const tests = parseUnittest(output);
    return tests.length > 0 ? { tests } : null;
  },
};
