import { buildPatch, composeChanges, overlayReader, parseAnswer, patchFromChanges, type BaseReader, type PatchOutcome, type ParsedAnswer, type PatchPolicy } from './patch';
import type { WorktreePool } from './sandbox';
import { reward } from './score';
import type { Proposal } from './sources/source';
import type { SearchTree } from './tree';
import type { Patch, SearchNode, TestReport } from './types';
import { compareToBaseline, runTests } from './verify';

export interface EvaluateContext {
  tree: SearchTree;
  pool: WorktreePool;
  reader: BaseReader;
  policy: PatchPolicy;
  baseline: TestReport;
  targets: number;
  guard: number;
  flaky: ReadonlySet<string>;
  command: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  maxOutputBytes: number;
  signal: AbortSignal;
  /** Patches of unique candidates, for applying the winner. */
  patches: Map<string, Patch>;
  onVerified(node: SearchNode): void;
}

/**
 * A refinement is asked for against the original files, but models often answer against
 * the parent's version instead. When the answer does not apply to the snapshot, try it on
 * top of the parent's changes and keep the composed result.
 */
async function onTopOfParent(node: SearchNode, parsed: ParsedAnswer, ctx: EvaluateContext): Promise<PatchOutcome | undefined> {
  const parentNode = node.parent ? ctx.tree.get(node.parent) : undefined;
  const parent = parentNode ? ctx.patches.get(parentNode.duplicateOf ?? parentNode.id) : undefined;
  if (!parent) return undefined;
  const stacked = await buildPatch(parsed, overlayReader(ctx.reader, parent.changes), ctx.policy);
  if (!stacked.ok) return undefined;
  return patchFromChanges(composeChanges(parent.changes, stacked.patch.changes), ctx.reader, ctx.policy);
}

/** Turns a proposal into a verified node: parse → patch → dedup → sandboxed test run → verdict → reward. */
export async function evaluate(node: SearchNode, p: Proposal, ctx: EvaluateContext): Promise<void> {
  const { tree } = ctx;
  tree.addUsage(node, p.promptTokens, p.completionTokens, p.costUsd);
  node.timings.generateMs = p.latencyMs;
  if (p.error) return tree.setStatus(node, 'error', p.error);

  const t0 = performance.now();
  let outcome;
  if (p.changes) {
    outcome = await patchFromChanges(p.changes, ctx.reader, ctx.policy);
  } else {
    const parsed = parseAnswer(p.text ?? '');
    if (parsed.plan) node.plan = parsed.plan;
    outcome = await buildPatch(parsed, ctx.reader, ctx.policy);
    if (!outcome.ok && outcome.status === 'rejected') outcome = (await onTopOfParent(node, parsed, ctx)) ?? outcome;
  }
  if (p.plan) node.plan = p.plan;
  node.timings.patchMs = Math.round(performance.now() - t0);
  if (!outcome.ok) return tree.setStatus(node, outcome.status, outcome.reason);

  const patch = outcome.patch;
  const holder = tree.claimKey(patch.key, node);
  if (holder) {
    tree.update(holder, { votes: holder.votes + 1 });
    return tree.update(node, {
      status: 'duplicate',
      reason: `same change as ${holder.id}`,
      duplicateOf: holder.id,
      diff: patch.diff,
      files: patch.files,
      patchKey: patch.key,
    });
  }
  ctx.patches.set(node.id, patch);
  tree.update(node, { status: 'testing', diff: patch.diff, files: patch.files, patchKey: patch.key });

  const wt = await ctx.pool.acquire(ctx.signal);
  let report: TestReport;
  try {
    const r0 = performance.now();
    await wt.reset();
    const a0 = performance.now();
    await wt.write(patch.changes);
    const s0 = performance.now();
    node.timings.resetMs = Math.round(a0 - r0);
    node.timings.applyMs = Math.round(s0 - a0);
    tree.stats.testRuns++;
    report = await runTests({
      cwd: wt.cwd,
      command: ctx.command,
      env: ctx.env,
      signal: ctx.signal,
      timeoutMs: ctx.timeoutMs,
      maxOutputBytes: ctx.maxOutputBytes,
    });
    node.timings.testMs = Math.round(performance.now() - s0);
  } finally {
    ctx.pool.release(wt);
  }
  ctx.signal.throwIfAborted();
  const verdict = compareToBaseline(ctx.baseline, report, { flaky: ctx.flaky });
  tree.update(node, {
    status: verdict.passedAll ? 'passed' : 'failed',
    verdict,
    tests: verdict.tests,
    reward: reward(verdict, ctx.targets, ctx.guard),
    ...(report.timedOut ? { reason: `test run timed out after ${Math.round(ctx.timeoutMs / 1000)} s` } : {}),
  });
  ctx.onVerified(node);
}
