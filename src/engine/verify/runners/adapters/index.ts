// Every runner the engine knows, and how a command's words are matched to one of them.
import type { RunnerKind } from '../plan';
import type { RunnerAdapter } from './adapter';
import { ava } from './ava';
import { cargo } from './cargo';
import { goTest } from './go';
import { jest, vitest } from './jest';
import { mocha } from './mocha';
import { nodeTest } from './node-test';
import { pytest, unittest } from './python';
import { tape } from './tape';

export type { RunnerAdapter, RunnerWords, ReportSetup, Selection, ParsedRun } from './adapter';

export const ADAPTERS: readonly RunnerAdapter[] = [nodeTest, jest, vitest, mocha, tape, ava, pytest, unittest, goTest, cargo];

export function adapterFor(kind: RunnerKind | null): RunnerAdapter | undefined {
  return ADAPTERS.find((a) => a.kind === kind);
}

// Words that start another program with the rest of the line: package runners and
// environment setters. The runner is looked for after them.
const LAUNCHERS: string[][] = [
  ['npx', '--no-install'],
  ['npx', '--no'],
  ['npx', '--yes'],
  ['npx', '-y'],
  ['npx'],
  ['npm', 'exec', '--'],
  ['pnpm', 'exec'],
  ['yarn', 'exec'],
  ['yarn'],
  ['bunx'],
  ['bun', 'x'],
  ['uv', 'run'],
  ['poetry', 'run'],
  ['pipenv', 'run'],
  ['pdm', 'run'],
  ['hatch', 'run'],
];
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

export interface RunnerMatch {
  adapter: RunnerAdapter;
  /** Index of the first word after the runner's own words. */
  argsFrom: number;
}

/** The runner a simple command starts, past launchers and variable assignments. */
export function matchRunner(words: readonly string[]): RunnerMatch | undefined {
  let at = 0;
  for (let moved = true; moved && at < words.length; ) {
    moved = false;
    while (ASSIGNMENT.test(words[at] ?? '')) at++;
    if (['env', 'cross-env'].includes(words[at] ?? '')) {
      at++;
      moved = true;
      continue;
    }
    const launcher = LAUNCHERS.find((l) => l.every((w, i) => words[at + i] === w));
    if (launcher) {
      at += launcher.length;
      moved = true;
    }
  }
  for (const adapter of ADAPTERS) {
    const n = adapter.match(words, at);
    if (n > 0) return { adapter, argsFrom: at + n };
  }
  return undefined;
}
