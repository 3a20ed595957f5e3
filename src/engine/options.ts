import { isAbsolute } from 'node:path';
import { UserError } from './types';

export type StopPolicy = 'first-pass' | 'best-of-budget';

/**
 * How test runs of model-written code are isolated: 'auto' sandboxes them when the system can
 * (bubblewrap on Linux) and warns when it cannot, 'required' refuses to run unsandboxed, 'off'
 * runs them as the user.
 */
export type SandboxMode = 'auto' | 'required' | 'off';

export interface Budget {
  /** Most candidates (model answers or mutations) to generate in total. */
  candidates?: number;
  /** Most prompt + completion tokens. */
  tokens?: number;
  /** Most dollars. */
  usd?: number;
  /** Wall-clock limit of the whole search. */
  timeMs?: number;
}

/** Everything a search needs, already resolved: front ends turn flags and settings into this. */
export interface SearchOptions {
  workspace: string;
  /** The user's words; may be empty when the failing tests are the task. */
  task: string;
  testCommand: string;
  /** Samples requested per round. */
  samples: number;
  rounds: number;
  /** Worktrees and test runs in parallel. */
  concurrency: number;
  temperature: number;
  maxTokens: number;
  /** Upper bound of one candidate's test run; the adaptive limit from the baseline may be lower. */
  testTimeoutMs: number;
  maxOutputBytes: number;
  protectedGlobs: string[];
  shareDirs: string[];
  stopPolicy: StopPolicy;
  /** Stop when this many rounds in a row bring no better reward (0 = off). */
  plateauRounds: number;
  /** How many failing candidates a refinement round expands at most. */
  expandWidth: number;
  budget: Budget;
  apply: boolean;
  /** Merge 3-way into files the user edited during the search instead of refusing. */
  allowMerge: boolean;
  /** Environment variable names passed to test runs even though they look like secrets. */
  envAllow: string[];
  /** Values that must never reach a test run, a log or a trace (API keys). */
  secretValues: string[];
  /**
   * Staged verification (default on): a candidate first runs only the tests failing on the
   * snapshot and runs the full suite only when it fixes one of them. False always runs the full suite.
   */
  staged?: boolean;
  sandbox: SandboxMode;
  /** Most megabytes one test run may write into its worktree (per file and in total). */
  maxWriteMb: number;
  /**
   * Reproduction tests to ask the model for before any candidate (0 = none). Unset: 3 when no
   * test fails on the snapshot, a task is given and the source can write tests, else none.
   */
  repro?: number;
  /** After a solved search, write the valid reproduction tests into the workspace. */
  keepRepro?: boolean;
}

export const DEFAULTS = {
  samples: 8,
  rounds: 3,
  concurrency: 2,
  temperature: 0.8,
  maxTokens: 4096,
  testTimeoutMs: 120_000,
  maxOutputBytes: 256 * 1024,
  stopPolicy: 'first-pass' as StopPolicy,
  plateauRounds: 0,
  expandWidth: 3,
  allowMerge: true,
  sandbox: 'auto' as SandboxMode,
  maxWriteMb: 512,
} as const;

type Partialish = Partial<SearchOptions> & Pick<SearchOptions, 'workspace' | 'testCommand'>;

/** Fills defaults and checks ranges; every problem is a UserError naming the setting. */
export function resolveOptions(input: Partialish): SearchOptions {
  const o: SearchOptions = {
    task: '',
    samples: DEFAULTS.samples,
    rounds: DEFAULTS.rounds,
    concurrency: DEFAULTS.concurrency,
    temperature: DEFAULTS.temperature,
    maxTokens: DEFAULTS.maxTokens,
    testTimeoutMs: DEFAULTS.testTimeoutMs,
    maxOutputBytes: DEFAULTS.maxOutputBytes,
    protectedGlobs: [],
    shareDirs: [],
    stopPolicy: DEFAULTS.stopPolicy,
    plateauRounds: DEFAULTS.plateauRounds,
    expandWidth: DEFAULTS.expandWidth,
    budget: {},
    apply: false,
    allowMerge: DEFAULTS.allowMerge,
    envAllow: [],
    secretValues: [],
    sandbox: DEFAULTS.sandbox,
    maxWriteMb: DEFAULTS.maxWriteMb,
    ...stripUndefined(input),
    workspace: input.workspace,
    testCommand: input.testCommand,
  };
  if (!isAbsolute(o.workspace)) throw new UserError(`The workspace must be an absolute path (got "${o.workspace}").`);
  if (!o.testCommand.trim()) throw new UserError('No test command: pass --test-command or set one in the settings.');
  intIn('samples', o.samples, 1, 1000);
  intIn('rounds', o.rounds, 1, 100);
  intIn('concurrency', o.concurrency, 1, 64);
  intIn('maxTokens', o.maxTokens, 16, 1_000_000);
  intIn('expandWidth', o.expandWidth, 1, 100);
  intIn('plateauRounds', o.plateauRounds, 0, 100);
  if (!(o.temperature >= 0 && o.temperature <= 2)) throw new UserError(`temperature must be between 0 and 2 (got ${o.temperature}).`);
  if (!(o.testTimeoutMs >= 100)) throw new UserError('The test timeout must be at least 0.1 s.');
  intIn('maxWriteMb', o.maxWriteMb, 1, 1_000_000);
  if (o.repro !== undefined) intIn('repro', o.repro, 0, 20);
  if (!['auto', 'required', 'off'].includes(o.sandbox)) throw new UserError(`Unknown sandbox mode "${o.sandbox}": use auto, required or off.`);
  if (!['first-pass', 'best-of-budget'].includes(o.stopPolicy)) {
    throw new UserError(`Unknown stop policy "${o.stopPolicy}": use first-pass or best-of-budget.`);
  }
  for (const [k, v] of Object.entries(o.budget)) {
    if (v !== undefined && !(typeof v === 'number' && v >= 0 && Number.isFinite(v))) {
      throw new UserError(`The ${k} budget must be a non-negative number (got ${String(v)}).`);
    }
  }
  return o;
}

function intIn(name: string, v: number, min: number, max: number): void {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new UserError(`${name} must be a whole number from ${min} to ${max} (got ${String(v)}).`);
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
