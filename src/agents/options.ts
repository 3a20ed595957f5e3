// How a tool call becomes a search: the caller chooses the task, the workspace, the test command,
// samples, rounds, a dollar cap and apply; everything else (the model, its key, the other budgets)
// stays with whoever runs the tool.
import type { SolveFlags } from '../cli/args';
import type { SolveToolInput } from './schema';
import type { ValidToolInput } from './validate';

/** What a call may change in the user's settings (VS Code) or the server's flags (MCP). */
export interface CallOverrides {
  samples?: number;
  rounds?: number;
  budgetUsd?: number;
}

export function callOverrides(input: Pick<SolveToolInput, 'samples' | 'rounds' | 'budgetUsd'>): CallOverrides {
  return {
    ...(input.samples !== undefined ? { samples: input.samples } : {}),
    ...(input.rounds !== undefined ? { rounds: input.rounds } : {}),
    ...(input.budgetUsd !== undefined ? { budgetUsd: input.budgetUsd } : {}),
  };
}

/** The MCP server's flags with this call's choices, ready for the CLI's own flag resolution. */
export function callFlags(server: SolveFlags, input: ValidToolInput, testCommand: string): SolveFlags {
  const o = callOverrides(input);
  return {
    ...server,
    workspace: input.workspace,
    task: input.task,
    'test-command': testCommand,
    ...(o.samples !== undefined ? { samples: String(o.samples) } : {}),
    ...(o.rounds !== undefined ? { rounds: String(o.rounds) } : {}),
    ...(o.budgetUsd !== undefined ? { 'budget-usd': String(o.budgetUsd) } : {}),
    apply: input.apply,
  };
}

/** Settings with a call's overrides; the other budgets and everything else stay as the user set them. */
export function withOverrides<S extends { samples: number; rounds: number; budget: { usd?: number } }>(settings: S, o: CallOverrides = {}): S {
  return {
    ...settings,
    samples: o.samples ?? settings.samples,
    rounds: o.rounds ?? settings.rounds,
    budget: o.budgetUsd === undefined ? settings.budget : { ...settings.budget, usd: o.budgetUsd },
  };
}
