import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A usage or configuration problem: exit status 2 with a one-line reason. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const SOLVE_OPTIONS = {
  workspace: { type: 'string' },
  'test-command': { type: 'string' },
  task: { type: 'string' },
  repro: { type: 'string' },
  'keep-repro': { type: 'boolean' },
  samples: { type: 'string' },
  rounds: { type: 'string' },
  concurrency: { type: 'string' },
  provider: { type: 'string' },
  'base-url': { type: 'string' },
  model: { type: 'string' },
  'api-key-env': { type: 'string' },
  temperature: { type: 'string' },
  'max-tokens': { type: 'string' },
  stream: { type: 'boolean' },
  apply: { type: 'boolean' },
  'no-merge': { type: 'boolean' },
  json: { type: 'boolean' },
  trace: { type: 'string' },
  'timeout-s': { type: 'string' },
  'test-timeout-s': { type: 'string' },
  'no-staging': { type: 'boolean' },
  'budget-usd': { type: 'string' },
  'budget-tokens': { type: 'string' },
  'max-candidates': { type: 'string' },
  stop: { type: 'string' },
  plateau: { type: 'string' },
  expand: { type: 'string' },
  protect: { type: 'string', multiple: true },
  'share-dir': { type: 'string', multiple: true },
  'allow-env': { type: 'string', multiple: true },
  sandbox: { type: 'string' },
  'max-write-mb': { type: 'string' },
  price: { type: 'string', multiple: true },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export type SolveFlags = ReturnType<typeof parseSolveArgs>;

export function parseSolveArgs(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: SOLVE_OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
}

/** Parses a numeric flag; undefined when absent. */
export function num(flags: Record<string, unknown>, name: string, opts: { int?: boolean; min?: number; max?: number } = {}): number | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  const v = Number(raw);
  const bad =
    typeof raw !== 'string' ||
    raw.trim() === '' ||
    !Number.isFinite(v) ||
    (opts.int && !Number.isInteger(v)) ||
    (opts.min !== undefined && v < opts.min) ||
    (opts.max !== undefined && v > opts.max);
  if (bad) {
    const range = opts.min !== undefined ? ` from ${opts.min}${opts.max !== undefined ? ` to ${opts.max}` : ''}` : '';
    throw new UsageError(`--${name} takes ${opts.int ? 'a whole number' : 'a number'}${range} (got "${String(raw)}")`);
  }
  return v;
}

export const SOLVE_HELP = `Usage: solve-with-search solve [options]

Generates many candidate patches, verifies each with the workspace's own tests in
isolated git worktrees, and reports (or applies) the best one.

Workspace and verifier
  --workspace DIR          folder to repair (default: current directory)
  --test-command CMD       test command, run in each candidate's worktree
                           (default: detected from the workspace)
  --task TEXT              what to change; empty means "make the failing tests pass"
  --repro N                reproduction tests to ask the model for before any candidate
                           (0 = none; default: 3 when no test fails and --task is given);
                           each must fail on the current code with an assertion to count
  --keep-repro             after a solved search, add the valid reproduction tests to
                           the workspace (they never reach it otherwise)
  --protect GLOB           files candidates may not edit (repeatable; default: tests,
                           snapshots and test-runner configuration)
  --share-dir NAME         git-ignored dependency folder linked into worktrees
                           (repeatable; default: node_modules, .venv, venv, vendor ...)
  --allow-env NAME         pass this credential-looking variable to test runs (repeatable)
  --sandbox MODE           auto (default): sandbox test runs with bubblewrap when the
                           system can (Linux), else run them unsandboxed with a warning;
                           required: refuse to run unsandboxed; off: never sandbox
  --max-write-mb N         most a test run may write into its worktree, per file and in
                           total (default 512)
  --test-timeout-s N       limit of one test run (default 120; candidates get less
                           when the baseline is fast)
  --no-staging             always run the full suite; by default a candidate first
                           runs only the failing tests and the full suite only when it
                           fixes one of them

Model
  --provider NAME          openai-compatible (default with --base-url), mutation (the
                           default without: a built-in search over small program edits
                           that needs no model), or mixed (model samples and mutations)
  --base-url URL           OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1
  --model NAME             model name
  --api-key-env VAR        read the API key from VAR (default OPENAI_API_KEY)
  --temperature X          sampling temperature (default 0.8)
  --max-tokens N           completion limit per sample (default 4096)
  --stream                 stream answers
  --price MODEL=IN,OUT     dollars per million input/output tokens (repeatable)

Search
  --samples N              samples per round (default 8)
  --rounds N               rounds; later rounds refine failing candidates (default 3)
  --concurrency N          worktrees and test runs in parallel (default 2)
  --stop POLICY            first-pass (default) or best-of-budget
  --plateau K              stop after K rounds without a better reward
  --expand N               failing candidates refined per round (default 3)

Budgets (all optional, enforced together)
  --max-candidates N       candidates in total
  --budget-tokens N        prompt + completion tokens
  --budget-usd X           dollars
  --timeout-s N            wall-clock seconds for the whole search

Output
  --apply                  write the winner into the workspace (only files it changes;
                           edits made meanwhile are merged 3-way or the apply is refused)
  --no-merge               refuse instead of merging when files changed during the search
  --json                   print exactly one JSON object on stdout
  --trace FILE             write a JSONL trace of every node
  --quiet                  no progress on stderr

Exit status: 0 a candidate passed all tests, 1 none did, 2 usage or configuration error.
The API key is read from the environment only and is never printed.
`;
