import { equivalenceKey } from './patch/equivalence';
import { buildPatch, composeChanges, overlayReader, parseAnswer, patchFromChanges, type BaseReader, type PatchOutcome, type ParsedAnswer, type PatchPolicy } from './patch';
import { reproNodeFields, reproReward, withRepro, type ReproOutcome, type ReproSuite } from './repro';
import type { RunIsolation, Worktree, WorktreePool } from './sandbox';
import { reward } from './score';
import type { Proposal } from './sources/source';
import type { SearchTree } from './tree';
import type { Patch, SearchNode, TestCaseResult, TestReport, Verdict } from './types';
import { compareToBaseline } from './verify';
import { stopsAtStage1, type Stage1, type TestRunner } from './verify/runners';

export interface EvaluateContext {
  tree: SearchTree;
  pool: WorktreePool;
  reader: BaseReader;
  policy: PatchPolicy;
  baseline: TestReport;
  targets: number;
  guard: number;
  flaky: ReadonlySet<string>;
  /** Runs the user's test command, asking the runner for per-test reports when it can. */
  runner: TestRunner;
  /** When set, a candidate first runs only the baseline's failing tests; one that fixes none stops there. */
  stage1: Stage1 | null;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  maxOutputBytes: number;
  /** Sandbox and write limit of every run; absent, runs are neither wrapped nor checked. */
  isolation?: RunIsolation;
  signal: AbortSignal;
  /** Patches of unique candidates, for applying the winner. */
  patches: Map<string, Patch>;
  /** Valid reproduction tests: targets of every candidate, run after its suite run. */
  repro?: ReproSuite;
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
  const codeKey = equivalenceKey(patch.changes);
  const claim = tree.claimKey(codeKey === null ? [patch.key] : [patch.key, `code:${codeKey}`], node);
  if (claim) {
    const { holder } = claim;
    tree.update(holder, { votes: holder.votes + 1 });
    return tree.update(node, {
      status: 'duplicate',
      reason: claim.matched === 0 ? `same change as ${holder.id}` : `same code as ${holder.id}; differs only in comments or formatting`,
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
  let overLimit: string | undefined;
  let reproRun: ReproOutcome | undefined;
  // Set when the candidate fixed none of the targets in stage 1: the full suite never runs.
  let stopped: Verdict | undefined;
  try {
    const r0 = performance.now();
    await wt.reset();
    const a0 = performance.now();
    await wt.write(patch.changes);
    const s0 = performance.now();
    node.timings.resetMs = Math.round(a0 - r0);
    node.timings.applyMs = Math.round(s0 - a0);
    const run = async (only?: readonly TestCaseResult[]) => {
      tree.stats.testRuns++;
      const r = await ctx.runner.run({
        cwd: wt.cwd,
        env: ctx.env,
        signal: ctx.signal,
        timeoutMs: ctx.timeoutMs,
        maxOutputBytes: ctx.maxOutputBytes,
        ...(ctx.isolation ? { wrap: ctx.isolation.wrapFor(wt) } : {}),
        ...(only ? { only } : {}),
      });
      overLimit ??= await ctx.isolation?.checkWrites(wt);
      return r;
    };
    if (ctx.stage1) {
      tree.stats.stage1Runs = (tree.stats.stage1Runs ?? 0) + 1;
      report = await run(ctx.stage1.tests);
      node.timings.stage1Ms = Math.round(performance.now() - s0);
      const first = compareToBaseline(ctx.stage1.baseline, report, { flaky: ctx.flaky });
      if (overLimit || stopsAtStage1(first, report, ctx.flaky)) stopped = first;
      else {
        // What stage 1 left behind (caches, output files) must not colour the full run.
        await wt.reset();
        await wt.write(patch.changes);
      }
    }
    if (!stopped) report = await run();
    node.timings.testMs = Math.round(performance.now() - s0);
    if (ctx.repro) reproRun = await checkRepro(ctx.repro, wt, patch, node);
  } finally {
    ctx.pool.release(wt);
  }
  ctx.signal.throwIfAborted();
  const compared = stopped ?? compareToBaseline(ctx.baseline, report!, { flaky: ctx.flaky });
  // A run that wrote past the limit cannot win, whatever its tests said.
  const suiteVerdict = overLimit ? { ...compared, passedAll: false } : compared;
  const verdict = reproRun ? withRepro(suiteVerdict, reproRun) : suiteVerdict;
  tree.update(node, {
    status: verdict.passedAll ? 'passed' : 'failed',
    verdict,
    tests: verdict.tests,
    reward: reproRun ? reproReward(verdict, reproRun, ctx.targets, ctx.guard) : reward(verdict, ctx.targets, ctx.guard),
    ...(reproRun ? reproNodeFields(suiteVerdict, reproRun) : {}),
    ...(report!.timedOut
      ? { reason: `test run timed out after ${Math.round(ctx.timeoutMs / 1000)} s${stopped ? ' (stage 1)' : ''}` }
      : overLimit
        ? { reason: overLimit }
        : stopped
          ? { reason: `fixes none of the ${ctx.stage1!.tests.length} target test${ctx.stage1!.tests.length === 1 ? '' : 's'} (stage 1)` }
          : {}),
  });
  ctx.onVerified(node);
}

/** The reproduction tests run on the candidate in the same worktree, after the suite and apart from it. */
async function checkRepro(repro: ReproSuite, wt: Worktree, patch: Patch, node: SearchNode): Promise<ReproOutcome> {
  const t0 = performance.now();
  const outcome = await repro.check(wt, patch.changes);
  node.timings.reproMs = Math.round(performance.now() - t0);
  return outcome;
}
