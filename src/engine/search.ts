import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { runBaseline, type BaselineRun } from './baseline';
import { BudgetTracker } from './budget';
import { planForCommand } from './detect';
import { evaluate, type EvaluateContext } from './evaluate';
import type { SearchOptions } from './options';
import { DEFAULT_PROTECTED_GLOBS, isProtectedPath, type BaseReader, type PatchPolicy } from './patch';
import {
  DEFAULT_SHARE_DIRS,
  WorktreePool,
  applyToWorkspace,
  isolateRuns,
  listSnapshotFiles,
  listSubmodules,
  pruneLeftovers,
  releaseSnapshot,
  snapshotReader,
  takeSnapshot,
  type Snapshot,
} from './sandbox';
import { keepReproTests, reproCount, runReproPhase, sourceView, type ReproRunContext, type ReproSuite } from './repro';
import { createReview } from './review';
import { explainWinner, rankCandidates, selectParents } from './select';
import type { CandidateSource, Proposal } from './sources/source';
import { nodeRecord, redactor, type TraceSink } from './trace';
import { SearchTree } from './tree';
import { UserError, TERMINAL_STATUSES, type Patch, type SearchEvent, type SearchNode, type SearchResult, type TestReport } from './types';
import { scrubEnv } from './verify';
import { TestRunner } from './verify/runners';

export interface SearchDeps {
  source: CandidateSource;
  onEvent?: (e: SearchEvent) => void;
  /** Aborting cancels the search; it still cleans up and reports what was found. */
  signal?: AbortSignal;
  trace?: TraceSink;
  /** Keep the snapshot after the search so candidates can be reviewed and applied later (result.review; dispose it). */
  keepForReview?: boolean;
}

function withoutFlaky(report: TestReport, flaky: ReadonlySet<string>): TestReport {
  return flaky.size === 0 ? report : { ...report, tests: report.tests.filter((t) => !flaky.has(t.id)) };
}

/** Why an internal stop was requested; distinguishes a user's cancel from the engine's own decisions. */
class StopRequest extends Error {}

/**
 * One search: snapshot → baseline → rounds of proposals, each verified in a pooled worktree
 * → the best candidate, optionally applied. Always cleans up its worktrees and refs.
 */
export async function runSearch(opts: SearchOptions, deps: SearchDeps): Promise<SearchResult> {
  const search = new Search(opts, deps);
  return search.run();
}

class Search {
  private readonly searchId = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  private readonly startedAt = Date.now();
  private readonly stop = new AbortController();
  private readonly signal: AbortSignal;
  private readonly tree: SearchTree;
  private readonly budget: BudgetTracker;
  private readonly patches = new Map<string, Patch>();
  private readonly traceExtras = new Map<string, Proposal>();
  private readonly traced = new Set<string>();
  private readonly pending = new Set<Promise<void>>();
  private stopReason: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Reproduction tests written for the task, when any were asked for. */
  private repro: ReproSuite | null = null;

  constructor(
    private readonly opts: SearchOptions,
    private readonly deps: SearchDeps,
  ) {
    this.signal = deps.signal ? AbortSignal.any([deps.signal, this.stop.signal]) : this.stop.signal;
    // Every candidate waiting for a worktree or running its tests listens on this signal: a search
    // of many candidates has hundreds of listeners by design, not a leak worth a warning.
    setMaxListeners(0, this.signal);
    this.tree = new SearchTree((n) => this.onNode(n));
    this.budget = new BudgetTracker(opts.budget, this.tree.stats, this.startedAt);
  }

  private emit(e: SearchEvent): void {
    this.deps.onEvent?.(e);
  }

  private log(level: 'info' | 'warn' | 'error', message: string, topic?: 'isolation'): void {
    this.emit({ type: 'log', level, message, ...(topic ? { topic } : {}) });
  }

  private onNode(n: SearchNode): void {
    this.emit({ type: 'node', node: { ...n, tokens: { ...n.tokens }, timings: { ...n.timings } } });
    if (this.deps.trace && n.id !== 'root' && TERMINAL_STATUSES.has(n.status) && !this.traced.has(n.id)) {
      this.traced.add(n.id);
      const p = this.traceExtras.get(n.id);
      this.deps.trace(nodeRecord(this.searchId, n, { ...(p?.messages ? { messages: p.messages } : {}), ...(p?.text !== undefined ? { answer: p.text } : {}) }));
    }
  }

  private halt(reason: string): void {
    if (!this.stopReason) this.stopReason = reason;
    if (!this.stop.signal.aborted) this.stop.abort(new StopRequest(reason));
  }

  async run(): Promise<SearchResult> {
    const { opts } = this;
    let snap: Snapshot | undefined;
    let pool: WorktreePool | undefined;
    let baseline: BaselineRun | undefined;
    let reader: Awaited<ReturnType<typeof snapshotReader>> | undefined;
    let error: string | undefined;
    let userError: UserError | undefined;
    if (opts.budget.timeMs !== undefined) {
      this.timer = setTimeout(() => this.halt(`time budget reached (${Math.round(opts.budget.timeMs! / 1000)} s)`), opts.budget.timeMs);
    }
    try {
      const pruned = await pruneLeftovers(opts.workspace).catch(() => ({ worktrees: 0, refs: 0 }));
      if (pruned.worktrees + pruned.refs > 0) {
        this.log('info', `Removed ${pruned.worktrees} worktree(s) and ${pruned.refs} ref(s) left by an interrupted search.`);
      }
      snap = await takeSnapshot(opts.workspace, { searchId: this.searchId });
      this.emit({ type: 'search-started', searchId: this.searchId, task: opts.task, workspace: opts.workspace, testCommand: opts.testCommand, snapshot: snap.commit });
      const submodules = await listSubmodules(snap);
      if (submodules.length > 0) {
        this.log(
          'warn',
          `Submodules are not checked out in the test worktrees, so their folders are empty there: ${submodules.join(', ')}. Tests that need their files will fail; run the search in the submodule itself to work on its code.`,
        );
      }
      pool = await WorktreePool.create(snap, {
        size: opts.concurrency,
        shareDirs: opts.shareDirs.length > 0 ? opts.shareDirs : DEFAULT_SHARE_DIRS,
      });
      const isolation = await isolateRuns(opts, snap, pool.sharedDirs);
      this.log(isolation.notice.level, isolation.notice.message, 'isolation');
      const env = scrubEnv(process.env, { allow: opts.envAllow, secretValues: opts.secretValues });
      const runner = new TestRunner(planForCommand(opts.testCommand, opts.workspace));
      const limits = { timeoutMs: opts.testTimeoutMs, maxOutputBytes: opts.maxOutputBytes, isolation };
      baseline = await runBaseline(pool, runner, env, limits, this.signal, { staged: opts.staged !== false });
      this.emit({ type: 'baseline', report: baseline.summary });
      // The checkouts of the other slots overlap the wait for the model's first answers.
      pool.prewarm(opts.samples);
      for (const note of baseline.notes) this.log(note.level, note.message);
      // Flaky tests failed once but are no target: they do not make a task.
      const failed = baseline.report.counts.failed - baseline.flaky.size;
      if (baseline.failing.size === 0 && failed === 0 && !opts.task.trim()) {
        throw new UserError(
          baseline.flaky.size > 0
            ? `No test fails reliably (the ${baseline.flaky.size} failing test(s) passed when re-run, so they are flaky) and no task was given: describe the change you want (--task).`
            : `All ${baseline.report.counts.total} tests already pass and no task was given: describe the change you want (--task).`,
        );
      }
      const reproWanted = reproCount(opts, failed, this.deps.source);
      if (failed === 0 && reproWanted === 0) {
        this.log('warn', 'No test fails on the current workspace: candidates are verified against regressions only.');
      }
      reader = await snapshotReader(snap);
      const files = await listSnapshotFiles(snap);
      const protectedGlobs = opts.protectedGlobs.length > 0 ? opts.protectedGlobs : DEFAULT_PROTECTED_GLOBS;
      const policy: PatchPolicy = { protectedGlobs };
      this.deps.trace?.({
        type: 'search',
        searchId: this.searchId,
        task: opts.task,
        workspace: opts.workspace,
        testCommand: opts.testCommand,
        source: this.deps.source.label,
        snapshot: snap.commit,
        startedAt: new Date(this.startedAt).toISOString(),
        options: { samples: opts.samples, rounds: opts.rounds, concurrency: opts.concurrency, stopPolicy: opts.stopPolicy, budget: opts.budget, temperature: opts.temperature },
      });
      // A candidate may loop forever; give it a few baseline durations, never more than the user's limit.
      const runTimeoutMs = Math.min(opts.testTimeoutMs, Math.max(10_000, baseline.report.durationMs * 3 + 5_000));
      if (reproWanted > 0) {
        const run = { pool, env, timeoutMs: runTimeoutMs, maxOutputBytes: opts.maxOutputBytes, isolation, signal: this.signal };
        this.repro = await this.reproduce(reproWanted, baseline, files, reader, run);
        if (this.repro) policy.protectedPaths = this.repro.files;
        if (failed === 0 && !this.repro?.valid.length) this.log('warn', 'No test fails on the current workspace and no reproduction test is valid: candidates are verified against regressions only.');
      }
      const hasTargets = failed > 0 || (this.repro?.valid.length ?? 0) > 0;
      const seen = sourceView(this.repro, { files, reader, baselineFailure: baseline.excerpt });
      await this.deps.source.prepare({
        task: opts.task,
        // The model is not asked to fix a test that passes on its own when re-run.
        baseline: withoutFlaky(baseline.report, baseline.flaky),
        baselineFailure: seen.baselineFailure,
        files: seen.files,
        reader: seen.reader,
        roots: [pool.root, snap.repoRoot, opts.workspace],
        isProtected: (p) => isProtectedPath(p, protectedGlobs) || (this.repro?.files.includes(p) ?? false),
        temperature: opts.temperature,
        maxTokens: opts.maxTokens,
      });
      const ctx: EvaluateContext = {
        tree: this.tree,
        pool,
        reader,
        policy,
        baseline: baseline.report,
        targets: baseline.failing.size || baseline.report.counts.failed,
        guard: baseline.passing.size || baseline.report.counts.passed,
        flaky: baseline.flaky,
        runner: baseline.runner,
        stage1: baseline.stage1,
        env,
        timeoutMs: runTimeoutMs,
        maxOutputBytes: opts.maxOutputBytes,
        isolation,
        signal: this.signal,
        patches: this.patches,
        ...(this.repro && this.repro.valid.length > 0 ? { repro: this.repro } : {}),
        onVerified: (n) => {
          // Without targets, passing is only "broke nothing": the budget is spent, then the best picked.
          if (n.status === 'passed' && opts.stopPolicy === 'first-pass' && hasTargets) this.halt(`${n.id} passed every test (first-pass)`);
        },
      };
      await this.rounds(ctx);
    } catch (e) {
      if (e instanceof UserError) userError = e;
      else if (!this.signal.aborted) error = e instanceof Error ? e.message : String(e);
    } finally {
      clearTimeout(this.timer);
      await Promise.allSettled(this.pending);
    }
    // Worktrees go first; the snapshot stays until the winner is applied from it.
    const problems: string[] = [];
    await pool?.dispose().catch((e: Error) => problems.push(`removing worktrees: ${e.message}`));
    let keep = false;
    try {
      if (userError) throw userError;
      const result = await this.finish(snap, baseline, error, problems);
      if (this.deps.keepForReview && snap && reader) {
        result.review = createReview(snap, reader, this.patches, () => this.tree.candidates());
        keep = true;
      }
      return result;
    } finally {
      if (snap && !keep) await releaseSnapshot(snap).catch(() => undefined);
    }
  }

  private async rounds(ctx: EvaluateContext): Promise<void> {
    const { opts } = this;
    let bestReward = -1;
    let flatRounds = 0;
    for (let round = 1; round <= opts.rounds; round++) {
      if (this.signal.aborted) return;
      const spent = this.budget.exhausted();
      if (spent) return this.halt(spent);
      const candidates = this.tree.candidates();
      const parents: Array<SearchNode | null> = round === 1 ? [null] : selectParents(candidates, opts.expandWidth, (id) => this.tree.children(id));
      if (parents.length === 0) parents.push(null);
      // Shrink the round to what the dollar and token budgets can pay for, by estimate, before asking.
      const src = this.deps.source;
      let wanted = opts.samples;
      while (wanted > 0 && !this.budget.affords(src.estimateCostUsd(wanted, parents), src.estimateTokens(wanted, parents))) wanted--;
      if (wanted === 0) {
        const est = src.estimateCostUsd(1, parents);
        return this.halt(`the next sample (about ${src.estimateTokens(1, parents)} tokens, $${est.toFixed(4)}) would exceed the budget`);
      }
      const count = this.budget.grant(wanted);
      if (count === 0) return this.halt(this.budget.exhausted() ?? 'candidate budget reached');
      this.emit({ type: 'round-started', round });
      this.tree.update(this.tree.root, { status: 'testing' });
      const shares = parents.map((_, i) => Math.floor(count / parents.length) + (i < count % parents.length ? 1 : 0));
      await Promise.allSettled(parents.map((parent, i) => (shares[i]! > 0 ? this.expand(ctx, round, parent, shares[i]!) : Promise.resolve())));
      await Promise.allSettled(this.pending);
      this.emit({ type: 'stats', stats: this.currentStats() });
      if (this.signal.aborted) return;
      const roundBest = Math.max(-1, ...this.tree.candidates().map((n) => n.reward ?? -1));
      if (roundBest > bestReward) {
        bestReward = roundBest;
        flatRounds = 0;
      } else if (opts.plateauRounds > 0 && ++flatRounds >= opts.plateauRounds) {
        return this.halt(`no better reward in ${flatRounds} round(s) (plateau)`);
      }
    }
    this.stopReason ??= `all ${opts.rounds} round(s) done`;
  }

  /** Asks the source for `count` proposals under `parent`, verifying each as it arrives. */
  private async expand(ctx: EvaluateContext, round: number, parent: SearchNode | null, count: number): Promise<void> {
    const parentId = parent?.id ?? 'root';
    const nodes = Array.from({ length: count }, () => this.tree.create(parentId, round, this.deps.source.kind));
    const arrived = new Set<number>();
    try {
      await this.deps.source.propose(
        { round, parent, parentFailure: parent?.verdict?.outputExcerpt ?? '', count, signal: this.signal },
        (p, index) => {
          const node = nodes[index];
          if (!node || arrived.has(index)) return;
          arrived.add(index);
          if (p.source && p.source !== node.source) this.tree.update(node, { source: p.source });
          this.traceExtras.set(node.id, p);
          this.track(evaluate(node, p, ctx).catch((e) => this.fail(node, e)));
        },
        () => this.tree.stats.llmRequests++,
      );
    } catch (e) {
      if (!this.signal.aborted) this.log('error', `Request for candidates failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    for (const [i, node] of nodes.entries()) {
      if (!arrived.has(i)) this.tree.setStatus(node, 'error', this.signal.aborted ? `not generated: ${this.abortReason()}` : 'no answer');
    }
  }

  private track(p: Promise<void>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private abortReason(): string {
    return this.stopReason ?? 'search cancelled';
  }

  private fail(node: SearchNode, e: unknown): void {
    if (TERMINAL_STATUSES.has(node.status)) return;
    const reason = this.signal.aborted ? `stopped before its verdict: ${this.abortReason()}` : `internal error: ${e instanceof Error ? e.message : String(e)}`;
    this.tree.setStatus(node, 'error', reason);
  }

  private currentStats() {
    this.tree.stats.wallMs = Date.now() - this.startedAt;
    return { ...this.tree.stats };
  }

  private async finish(
    snap: Snapshot | undefined,
    baseline: BaselineRun | undefined,
    error: string | undefined,
    problems: string[],
  ): Promise<SearchResult> {
    const nodes = this.tree.candidates();
    const best = rankCandidates(nodes)[0] ?? null;
    const userCancelled = this.deps.signal?.aborted === true;
    const solved = best?.verdict?.passedAll === true;
    const status: SearchResult['status'] = error ? 'error' : userCancelled ? 'cancelled' : solved ? 'solved' : 'unsolved';
    if (userCancelled) this.stopReason = 'cancelled by the user';
    let applied = false;
    let applyError: string | undefined;
    if (this.opts.apply && status === 'solved' && best && snap) {
      const res = await applyToWorkspace(snap, this.patches.get(best.id)!, { allowMerge: this.opts.allowMerge });
      applied = res.applied;
      if (!res.applied) applyError = res.error ?? 'the workspace changed during the search';
      else if (res.merged.length > 0) this.log('info', `Merged with your edits in ${res.merged.join(', ')}.`);
    }
    const reproKept = this.opts.keepRepro && status === 'solved' && snap ? await this.keepRepro(snap) : undefined;
    if (problems.length > 0) this.log('warn', `Cleanup was incomplete (${problems.join('; ')}); the next search removes the leftovers.`);
    const redact = redactor(this.opts.secretValues);
    const result: SearchResult = {
      searchId: this.searchId,
      status,
      applied,
      ...(applyError ? { applyError } : {}),
      best,
      why: best ? explainWinner(best, nodes) : [],
      nodes,
      stats: this.currentStats(),
      baseline: baseline?.summary ?? null,
      ...(error ? { error: redact(error) } : {}),
      ...(this.stopReason ? { stopReason: this.stopReason } : {}),
      hasTargets: (baseline?.report.counts.failed ?? 0) > 0 || (this.repro?.valid.length ?? 0) > 0,
      snapshot: snap?.commit ?? '',
      ...(this.repro ? { reproTests: this.repro.tests.map((t) => ({ ...t })) } : {}),
      ...(reproKept?.length ? { reproKept } : {}),
    };
    this.tree.update(this.tree.root, { status: solved ? 'passed' : 'failed' });
    this.emit({ type: 'search-finished', result });
    this.deps.trace?.({
      type: 'summary',
      searchId: this.searchId,
      status,
      best: best?.id ?? null,
      why: result.why,
      ...(this.stopReason ? { stopReason: this.stopReason } : {}),
      stats: result.stats,
      applied,
      finishedAt: new Date().toISOString(),
    });
    return result;
  }

  /** Asks for reproduction tests and validates them on the snapshot; their cost counts like any other. */
  private async reproduce(
    count: number,
    baseline: BaselineRun,
    files: string[],
    reader: BaseReader,
    run: Omit<ReproRunContext, 'runner' | 'onRun'>,
  ): Promise<ReproSuite | null> {
    const stats = this.tree.stats;
    const suite = await runReproPhase({
      source: this.deps.source,
      count,
      task: this.opts.task,
      testCommand: this.opts.testCommand,
      plan: baseline.runner.plan,
      files,
      reader,
      temperature: this.opts.temperature,
      maxTokens: this.opts.maxTokens,
      run: { ...run, onRun: () => (stats.reproRuns = (stats.reproRuns ?? 0) + 1) },
      affords: (usd, tokens) => this.budget.affords(usd, tokens),
      searchId: this.searchId,
      stats,
      log: (level, message) => this.log(level, message),
      ...(this.deps.trace ? { trace: this.deps.trace } : {}),
    });
    if (suite) this.emit({ type: 'repro', tests: suite.tests.map((t) => ({ ...t })) });
    return suite;
  }

  /** Writes the valid reproduction tests into the workspace (asked for with keepRepro). */
  private async keepRepro(snap: Snapshot): Promise<string[]> {
    if (!this.repro || this.repro.valid.length === 0) return [];
    const kept = await keepReproTests(snap, await snapshotReader(snap), this.repro.valid);
    if (kept.error) this.log('warn', `The reproduction tests were not added to your workspace: ${kept.error}`);
    else this.log('info', `Added the reproduction test${kept.written.length === 1 ? '' : 's'} ${kept.written.join(', ')} to your workspace.`);
    return kept.written;
  }
}
