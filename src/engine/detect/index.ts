// Which test command a workspace uses, and what the engine may do with it.
import { invocationOf, type RunnerPlan } from '../verify/runners';
import { detectBuildFile } from './ecosystems';
import { detectPackageScript, managerOf, readPackageJson, runnerNamedIn, scriptNameOf, scriptPlan } from './package-json';
import { detectPython } from './python';

export type { RunnerPlan } from '../verify/runners';

export interface DetectedCommand {
  command: string;
  /** Why this command, in words shown to the user. */
  reason: string;
}

/**
 * The workspace's test command when none is configured: a package.json "test" script first,
 * then Python, Go, Rust and Java build files. Null when nothing fits.
 */
export function detectRunner(workspace: string): RunnerPlan | null {
  return detectPackageScript(workspace) ?? detectPython(workspace) ?? detectBuildFile(workspace);
}

/** detectRunner's command and reason. */
export function detectTestCommand(workspace: string): DetectedCommand | null {
  const plan = detectRunner(workspace);
  return plan ? { command: plan.command, reason: plan.reason } : null;
}

/**
 * The plan for a command the user chose: a package script is looked into, a single runner
 * command may be extended, anything else runs exactly as written.
 */
export function planForCommand(command: string, workspace: string): RunnerPlan {
  const pkg = readPackageJson(workspace);
  const script = pkg ? scriptNameOf(command, pkg) : null;
  if (pkg && script) return scriptPlan(pkg, script, command, managerOf(workspace, pkg).why);
  const found = invocationOf(command, false);
  if (found) return { runner: found.runner, command, reason: `"${command}" runs ${found.runner}`, invocation: found.invocation };
  const named = runnerNamedIn(command);
  return {
    runner: named,
    command,
    reason: `"${command}" is run exactly as written${named ? ` (it mentions ${named})` : ''}`,
    invocation: null,
  };
}
