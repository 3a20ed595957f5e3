// The command line and environment of one run: the user's command, plus the flags that ask
// for per-test reports and, for a targeted run, the ones that select tests.
import type { TestCaseResult } from '../../types';
import { adapterFor, type ReportSetup, type RunnerWords, type Selection } from './adapters';
import type { RunnerPlan } from './plan';
import { shellQuote } from './words';

export interface RunSpec {
  command: string;
  /** Added to the run's environment. */
  env: Record<string, string>;
  /** Report files the run was told to write. */
  files: string[];
}

export interface SpecOptions {
  /** Ask the runner for per-test reports (false runs the user's command exactly). */
  extend: boolean;
  /** Run only these tests. */
  only?: readonly TestCaseResult[];
  /** The environment the run starts from, to append to the user's own settings. */
  env: NodeJS.ProcessEnv;
}

// One argument longer than this cannot be passed to a program on Linux (MAX_ARG_STRLEN is
// 128 KiB); a selection that long is no faster than the full suite anyway.
const MAX_SELECTION_CHARS = 64 * 1024;

/** The run for `plan`; null when `only` was asked for and the runner cannot select those tests. */
export function buildRunSpec(plan: RunnerPlan, dir: string, opts: SpecOptions): RunSpec | null {
  const adapter = opts.extend ? adapterFor(plan.runner) : undefined;
  const inv = opts.extend ? plan.invocation : null;
  const words: RunnerWords | null = inv ? { head: inv.words.slice(0, inv.argsFrom), args: inv.words.slice(inv.argsFrom) } : null;
  const report = adapter?.report(dir, words) ?? null;
  let selection: Selection | null = null;
  if (opts.only) {
    selection = adapter?.select(opts.only, words) ?? null;
    if (!selection || size(selection) > MAX_SELECTION_CHARS) return null;
  }
  const command = inv ? extendText(inv.text, inv.insertAt, report, selection) : plan.command;
  return { command, env: mergeEnv(opts.env, [report?.env, selection?.env]), files: report?.files ?? [] };
}

function extendText(text: string, insertAt: number, report: ReportSetup | null, selection: Selection | null): string {
  const options = [...(report?.options ?? []), ...(selection?.options ?? [])];
  const rest = selection?.replaceArgs ? join(selection.replaceArgs) : text.slice(insertAt);
  return `${text.slice(0, insertAt)}${join(options)}${rest}${join(selection?.positionals ?? [])}`;
}

/** Words quoted for the shell, each with the space before it. */
function join(words: readonly string[]): string {
  return words.map((w) => ` ${shellQuote(w)}`).join('');
}

/** Values for one variable are joined with spaces, after the user's own value. */
function mergeEnv(base: NodeJS.ProcessEnv, parts: Array<Record<string, string> | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of parts) {
    for (const [k, v] of Object.entries(part ?? {})) out[k] = out[k] !== undefined ? `${out[k]} ${v}` : v;
  }
  for (const [k, v] of Object.entries(out)) {
    const user = base[k];
    if (user) out[k] = `${user} ${v}`;
  }
  return out;
}

function size(s: Selection): number {
  const words = [...(s.options ?? []), ...(s.positionals ?? []), ...(s.replaceArgs ?? []), ...Object.values(s.env ?? {})];
  return words.reduce((n, w) => n + w.length + 1, 0);
}
