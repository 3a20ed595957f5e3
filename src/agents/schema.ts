// The solve_with_search tool's input: one zod schema from which both the MCP server and the VS Code
// language-model tool publish their JSON Schema, and with which both validate what a caller sends.
import { z } from 'zod';

export { TOOL_NAME } from './names';

/** Limits for callers that are models: high enough for real use, low enough that a typo cannot burn a budget. */
export const INPUT_LIMITS = {
  samples: { min: 1, max: 64 },
  rounds: { min: 1, max: 10 },
  taskChars: 20_000,
  testCommandChars: 2_000,
} as const;

function wholeNumber(name: string, min: number, max: number) {
  const error = (iss: { input?: unknown }) => `${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(iss.input)})`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

export const solveInputSchema = z.strictObject(
  {
    task: z
      .string({ error: 'task must be a string describing the change' })
      .trim()
      .min(1, { error: 'task must not be empty: describe the change, or say "make the failing tests pass"' })
      .max(INPUT_LIMITS.taskChars, { error: `task must be at most ${INPUT_LIMITS.taskChars} characters` })
      .describe('What to change, in words. "Make the failing tests pass" is a valid task when the tests already describe the fix.'),
    workspace: z
      .string({ error: 'workspace must be an absolute path' })
      .min(1, { error: 'workspace must be an absolute path' })
      .optional()
      .describe('Absolute path of the git repository to repair. Defaults to the first allowed folder (in VS Code: the first workspace folder).'),
    testCommand: z
      .string({ error: 'testCommand must be a shell command such as "npm test"' })
      .trim()
      .min(1, { error: 'testCommand must not be empty: leave it out to have it detected' })
      .max(INPUT_LIMITS.testCommandChars, { error: `testCommand must be at most ${INPUT_LIMITS.testCommandChars} characters` })
      .optional()
      .describe('Command that runs the tests, e.g. "npm test". Detected from the repository when left out.'),
    samples: wholeNumber('samples', INPUT_LIMITS.samples.min, INPUT_LIMITS.samples.max)
      .optional()
      .describe('Candidate patches asked for per round.'),
    rounds: wholeNumber('rounds', INPUT_LIMITS.rounds.min, INPUT_LIMITS.rounds.max)
      .optional()
      .describe('Rounds of search; later rounds refine the best failing candidates.'),
    budgetUsd: z
      .number({ error: 'budgetUsd must be a number of dollars, 0 or more' })
      .min(0, { error: (iss) => `budgetUsd must be a number of dollars, 0 or more (got ${JSON.stringify(iss.input)})` })
      .optional()
      .describe('Most dollars the model requests may cost.'),
    apply: z
      .boolean({ error: 'apply must be true or false' })
      .default(false)
      .describe('Write the winning patch into the workspace. By default the patch is only returned.'),
  },
  {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `unknown field${iss.keys.length === 1 ? '' : 's'} ${iss.keys.map((k) => `"${k}"`).join(', ')}: the tool takes task, workspace, testCommand, samples, rounds, budgetUsd and apply`
        : iss.code === 'invalid_type'
          ? 'the arguments must be an object such as { "task": "make the failing tests pass" }'
          : undefined,
  },
);

/** What a caller may send (before defaults). */
export type SolveToolArgs = z.input<typeof solveInputSchema>;
/** What the tool works with (after defaults). */
export type SolveToolInput = z.output<typeof solveInputSchema>;

/**
 * The input's JSON Schema. draft-07 from the input side: exactly what the MCP SDK publishes for the
 * same zod schema, so package.json's copy can be checked against this.
 */
export function toolInputJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(solveInputSchema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
}

export const TOOL_TITLE = 'Solve with Search';

/** For models choosing a tool: when this one helps, what it costs, what comes back. */
export const TOOL_DESCRIPTION = [
  'Finds a code change that makes a repository\'s tests pass by search: a model proposes many candidate patches,',
  'each is run against the repository\'s own test suite in an isolated git worktree, and the best verified candidate wins.',
  'Use it for a bug with a failing test, or a change the tests can check; it is slower and costlier than one edit',
  '(samples × rounds model answers and test runs), so give it a clear task.',
  'Returns a summary (verdict, why the winner won, tests before and after, cost), the winning unified diff,',
  'and a structured result with every candidate. The workspace is only written when apply is true.',
].join(' ');
