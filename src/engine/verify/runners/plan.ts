// What the verifier knows about the workspace's test command: which runner it starts, and
// whether the engine may add flags to it for per-test reports and targeted re-runs.

export type RunnerKind =
  | 'node-test'
  | 'jest'
  | 'vitest'
  | 'mocha'
  | 'tape'
  | 'ava'
  | 'pytest'
  | 'unittest'
  | 'go'
  | 'cargo'
  | 'maven'
  | 'gradle';

/**
 * A single runner command the engine may extend. The user's text is kept verbatim (globs,
 * variables and quoting stay the shell's business); flags are inserted at `insertAt`.
 */
export interface Invocation {
  /** Shell text of the command, exactly as written by the user or the package.json script. */
  text: string;
  /** Unquoted words of `text`, for checks such as "a reporter is already chosen". */
  words: string[];
  /** Index in `words` of the first word after the runner's own words (its options and arguments follow). */
  argsFrom: number;
  /** Offset in `text` right after the runner's own words, where options are inserted. */
  insertAt: number;
  /** Put node_modules/.bin folders first on PATH, as `npm run` does for a script run directly. */
  binPath: boolean;
}

export interface RunnerPlan {
  /** The runner behind the command, or null when it is not one the engine knows. */
  runner: RunnerKind | null;
  /** The test command as the user would type it (what is shown). */
  command: string;
  /** Why this command and runner, in words shown to the user. */
  reason: string;
  /** Set when the engine may extend the command; null runs `command` exactly as it is. */
  invocation: Invocation | null;
}
