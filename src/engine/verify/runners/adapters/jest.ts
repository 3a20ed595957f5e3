// jest and vitest: a JSON report file (testResults[].assertionResults[]), a name filter (-t)
// matched against the suite path joined with spaces, and test files as positional filters.
import { join } from 'node:path';
import { escapeRegex, exactPattern, pathWithoutFile, unique } from '../names';
import { commandName, hasFlag, type RunnerAdapter, type Selection } from './adapter';
import type { TestCaseResult } from '../../../types';

// Wrappers that pass their arguments through to jest.
const JEST_WRAPPERS = new Set(['react-scripts', 'craco', 'react-app-rewired']);

export const jest: RunnerAdapter = {
  kind: 'jest',
  reportHow: 'JSON report (--json --outputFile)',
  selectHow: 'name filter (-t) and test files',
  match(words, at) {
    const name = commandName(words[at]);
    if (name === 'jest') return 1;
    return JEST_WRAPPERS.has(name) && words[at + 1] === 'test' ? 2 : 0;
  },
  report(dir, cmd) {
    if (cmd === null || hasFlag(cmd.args, '--json', '--outputFile', '--reporters')) return null;
    const file = join(dir, 'jest.json');
    return { options: ['--json', `--outputFile=${file}`], files: [file] };
  },
  select(tests, cmd) {
    if (cmd === null) return null;
    // Path patterns are regular expressions matched against absolute paths.
    return nameAndFiles(tests, (f) => `(?:^|/)${escapeRegex(f)}$`);
  },
};

// Subcommands that do not run the suite once (watch mode never ends; bench, list and
// typecheck are something else).
const VITEST_OTHER = new Set(['watch', 'dev', 'bench', 'typecheck', 'list', 'init', 'related']);

export const vitest: RunnerAdapter = {
  kind: 'vitest',
  reportHow: 'JSON report (--reporter=json --outputFile.json)',
  selectHow: 'name filter (-t) and test files',
  match(words, at) {
    if (commandName(words[at]) !== 'vitest') return 0;
    const sub = words[at + 1];
    if (sub === 'run') return 2;
    return sub !== undefined && VITEST_OTHER.has(sub) ? 0 : 1;
  },
  report(dir, cmd) {
    if (cmd === null || hasFlag(cmd.args, '--reporter', '--outputFile')) return null;
    const file = join(dir, 'vitest.json');
    // The default reporter stays for the human output next to the machine one.
    return { options: ['--reporter=default', '--reporter=json', `--outputFile.json=${file}`], files: [file] };
  },
  select(tests, cmd) {
    if (cmd === null) return null;
    // vitest's file filters are substrings of the path.
    return nameAndFiles(tests, (f) => f);
  },
};

function nameAndFiles(tests: readonly TestCaseResult[], filePattern: (file: string) => string): Selection | null {
  if (tests.length === 0) return null;
  const names = tests.map((t) => pathWithoutFile(t).join(' '));
  const files = tests.map((t) => t.file);
  const selection: Selection = { options: ['-t', exactPattern(names)] };
  // A file that failed to load is reported under its own name: only its file selects it.
  if (files.every((f): f is string => f !== undefined)) selection.positionals = unique(files).map(filePattern);
  return selection;
}
