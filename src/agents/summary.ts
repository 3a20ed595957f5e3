// What a calling model reads first: the verdict, why the winner won, the tests before and after,
// the cost, and then the winning diff on its own so it can be applied as is.
import type { SearchResult } from '../engine/types';
import { formatCost, formatTokens } from '../shared/format';

type Result = Omit<SearchResult, 'review'>;

/** The diff is returned whole in the structured result; the text copy is cut to stay readable. */
export const MAX_DIFF_CHARS = 50_000;

export interface SummaryContext {
  task: string;
  workspace: string;
  testCommand: string;
  /** Said when the winner was not applied because the call did not ask for it. */
  notAppliedHint?: string;
}

export function summaryText(r: Result, ctx: SummaryContext): string {
  const lines = [verdict(r), ''];
  lines.push(`Task: ${oneLine(ctx.task) || 'make the failing tests pass'}`);
  lines.push(`Workspace: ${ctx.workspace} (tests: ${ctx.testCommand})`);
  if (r.best && r.why.length > 0) lines.push(`Why ${r.best.id} ${r.status === 'solved' ? 'won' : 'ranks first'}: ${r.why.join('; ')}.`);
  lines.push(...testLines(r));
  lines.push(candidateLine(r), costLine(r));
  if (r.stopReason) lines.push(`Stopped: ${r.stopReason}.`);
  const apply = applyLine(r, ctx);
  if (apply) lines.push(apply);
  return lines.join('\n');
}

function verdict(r: Result): string {
  const best = r.best;
  const tests = best?.tests ? ` (${best.tests.passed}/${best.tests.total} tests)` : '';
  switch (r.status) {
    case 'solved':
      return `Solved: candidate ${best!.id} passes every test${tests}.`;
    case 'unsolved':
      return best
        ? `Not solved: no candidate passes every test; the best, ${best.id}, passes ${best.tests?.passed ?? 0}/${best.tests?.total ?? 0}.`
        : 'Not solved: no candidate could be tested.';
    case 'cancelled':
      return 'Cancelled: the search stopped early; its worktrees are removed and the workspace is untouched.';
    case 'error':
      return `The search failed: ${r.error ?? 'unknown error'}`;
  }
}

function testLines(r: Result): string[] {
  const b = r.baseline;
  if (!b) return [];
  const failing = b.failing;
  const names = failing.slice(0, 5).join('; ') + (failing.length > 5 ? `; +${failing.length - 5} more` : '');
  const before = `Tests before: ${b.tests.passed}/${b.tests.total} pass${b.tests.failed > 0 ? `, ${b.tests.failed} fail${names ? ` (${names})` : ''}` : ''}.`;
  const lines = [before];
  const t = r.best?.tests;
  if (r.best && t) lines.push(`Tests after ${r.best.id}: ${t.passed}/${t.total} pass${t.failed > 0 ? `, ${t.failed} fail` : ''}.`);
  if (!r.hasTargets) lines.push('No test failed before the search, so candidates were only checked for regressions.');
  return lines;
}

function candidateLine(r: Result): string {
  const counts = new Map<string, number>();
  for (const n of r.nodes) counts.set(n.status, (counts.get(n.status) ?? 0) + 1);
  const byStatus = [...counts].map(([s, c]) => `${c} ${s}`).join(', ');
  return `Candidates: ${r.nodes.length}${byStatus ? ` (${byStatus})` : ''}.`;
}

function costLine(r: Result): string {
  const s = r.stats;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return (
    `Cost: ${plural(s.llmRequests, 'model request')}, ${formatTokens(s.promptTokens + s.completionTokens)} tokens, ${formatCost(s.costUsd)}; ` +
    `${plural(s.testRuns, 'test run')}; ${(s.wallMs / 1000).toFixed(1)} s.`
  );
}

function applyLine(r: Result, ctx: SummaryContext): string | undefined {
  if (r.applied) return `Applied to the workspace: ${(r.best?.files ?? []).join(', ')}.`;
  if (r.applyError) return `Not applied: ${r.applyError}`;
  if (r.status === 'solved') return ctx.notAppliedHint ?? 'Not applied: the workspace is unchanged; the diff follows.';
  return undefined;
}

/** The winner's diff as text, or undefined when nothing passed (a partial candidate is no answer to apply). */
export function winningDiff(r: Result): string | undefined {
  if (r.status !== 'solved' || !r.best?.diff) return undefined;
  const diff = r.best.diff;
  return diff.length > MAX_DIFF_CHARS ? `${diff.slice(0, MAX_DIFF_CHARS)}\n… (cut; the structured result has the whole diff)\n` : diff;
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 299)}…` : flat;
}
