// One runner's knowledge: how to recognize it in a command, make it report per test, make it
// run only some tests, and read what the shared parsers cannot.
import type { TestCaseResult } from '../../../types';
import type { RunnerKind } from '../plan';

export interface ReportSetup {
  /** Inserted right after the runner's own words. */
  options: string[];
  /** Added to the run's environment (PYTEST_ADDOPTS values are appended to the user's). */
  env?: Record<string, string>;
  /** Report files the run is told to write, read after it. */
  files?: string[];
}

export interface Selection {
  /** Inserted right after the runner's own words. */
  options?: string[];
  /** Appended after the user's arguments. */
  positionals?: string[];
  /** Replaces the user's arguments (the adapter keeps the options that still matter). */
  replaceArgs?: string[];
  env?: Record<string, string>;
}

export interface ParsedRun {
  tests: TestCaseResult[];
  /** Human text to keep as the run's output when the raw output was machine events. */
  output?: string;
}

/** A command split at its runner: the runner's own words and the user's arguments after them. */
export interface RunnerWords {
  head: readonly string[];
  args: readonly string[];
}

export interface RunnerAdapter {
  readonly kind: RunnerKind;
  /** How per-test results are asked for, shown to the user. */
  readonly reportHow: string;
  /** How a run is narrowed to some tests, shown to the user ('' when it cannot be). */
  readonly selectHow: string;
  /** Number of words at `words[at]` that start this runner (its name, a subcommand); 0 when they do not. */
  match(words: readonly string[], at: number): number;
  /**
   * How to get per-test results into `dir`. `cmd` is null when the command is opaque (only
   * environment settings can reach the runner then). Null when nothing is needed or possible
   * (the user chose a reporter, for instance).
   */
  report(dir: string, cmd: RunnerWords | null): ReportSetup | null;
  /** How to run only `tests`; null when this runner cannot select them. */
  select(tests: readonly TestCaseResult[], cmd: RunnerWords | null): Selection | null;
  /** Per-test results from output the shared parsers do not read (go test -json, unittest -v). */
  parse?(output: string): ParsedRun | null;
}

/** True when one of `args` is one of `flags`, alone or as `flag=value`. */
export function hasFlag(args: readonly string[], ...flags: string[]): boolean {
  return args.some((a) => flags.some((f) => a === f || a.startsWith(`${f}=`)));
}

/** The last path segment of a command word: `./node_modules/.bin/jest` names jest. */
export function commandName(word: string | undefined): string {
  return (word ?? '').split('/').pop() ?? '';
}
