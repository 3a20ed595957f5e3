// From a command's text to a plan the engine may extend, and the targeted command of a plan.
import type { TestCaseResult } from '../../types';
import { matchRunner } from './adapters';
import { buildRunSpec } from './command';
import type { Invocation, RunnerKind, RunnerPlan } from './plan';
import { splitCommand } from './words';

/** The runner a simple command starts and where its flags go; null for anything else. */
export function invocationOf(text: string, binPath: boolean): { runner: RunnerKind; invocation: Invocation } | null {
  const split = splitCommand(text);
  if (!split) return null;
  const m = matchRunner(split.words);
  if (!m) return null;
  const insertAt = split.ends[m.argsFrom - 1]!;
  return { runner: m.adapter.kind, invocation: { text, words: split.words, argsFrom: m.argsFrom, insertAt, binPath } };
}

/**
 * The command (and environment) that runs only `failing` with the runner's own filter, as
 * a run would use it (report files go to `reportDir`); null when the runner cannot select them.
 */
export function targetedCommand(
  plan: RunnerPlan,
  failing: readonly TestCaseResult[],
  reportDir = '<report-dir>',
): { command: string; env: Record<string, string> } | null {
  const spec = buildRunSpec(plan, reportDir, { extend: true, only: failing, env: {} });
  return spec ? { command: spec.command, env: spec.env } : null;
}
