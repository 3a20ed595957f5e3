import { localize, refocus, type LocalizeInput } from '../mutation/localize';
import { MutantSpace, type MutantProposal, type Refocus } from '../mutation/space';
import type { SearchNode } from '../types';
import type { CandidateSource, Proposal, ProposeRequest, SourceContext } from './source';

/**
 * Candidates with no model at all: small program mutations (a comparison, a bound, a
 * condition, a variable, a guard) at the lines the failing tests point to, most likely first.
 * Free, deterministic, and exhausted when no single edit is left to try.
 */
export class MutationSource implements CandidateSource {
  readonly kind = 'mutation' as const;
  readonly label = 'built-in mutation search (no model)';
  private space: MutantSpace | undefined;
  private noTargets = false;
  /** Candidates refined so far, to walk back from a mutant that helped nothing. */
  private readonly parentsSeen = new Map<string, SearchNode>();
  private baselinePassed = 0;

  async prepare(ctx: SourceContext): Promise<void> {
    const input: LocalizeInput = {
      baseline: ctx.baseline,
      files: ctx.files,
      roots: ctx.roots,
      read: async (p) => {
        const f = await ctx.reader.read(p);
        return f && !f.binary ? f.content : null;
      },
      isProtected: (p) => ctx.isProtected(p),
    };
    const loc = await localize(input);
    this.noTargets = loc.failing === 0;
    this.baselinePassed = ctx.baseline.counts.passed;
    const refocused: Refocus = async (parent, texts) => {
      const report = parent.verdict ? refocus(ctx.baseline, parent.verdict) : null;
      if (!report) return null;
      return localize({ ...input, baseline: report, read: async (p) => texts.get(p) ?? input.read(p) });
    };
    this.space = await MutantSpace.create(loc, ctx.reader, refocused);
  }

  /** Never calls `onRequest`: no model is asked. */
  async propose(req: ProposeRequest, onProposal: (p: Proposal, index: number) => void, _onRequest?: () => void): Promise<void> {
    const space = this.space;
    if (!space) throw new Error('MutationSource.propose was called before prepare.');
    if (this.noTargets) {
      // Without a failing test every harmless mutant would "pass": there is nothing to aim at.
      const error = 'Mutation search needs a failing test to aim at; the tests already pass. Add a test that shows the bug, or use a model.';
      for (let i = 0; i < req.count; i++) onProposal({ error, promptTokens: 0, completionTokens: 0, costUsd: 0, latencyMs: 0 }, i);
      return;
    }
    const picks = await this.pick(space, req);
    picks.forEach((p, i) => onProposal(toProposal(p), i));
  }

  /**
   * From the root: the next ranked mutants. Under a parent: its change plus one more mutation
   * (second-order), near its edit or on a suspicious line, for half of the places when the parent
   * fixed some target tests or came from a model. The other places go on with the first-order
   * ranking ("instead of" the parent): single-edit fixes are far more common than two-edit ones,
   * and the engine only asks the root once. A mutation parent that fixed nothing is all replaced:
   * stacking onto an edit that helped nothing mostly adds noise.
   */
  private async pick(space: MutantSpace, req: ProposeRequest): Promise<MutantProposal[]> {
    const { count, signal } = req;
    if (!req.parent) return space.firstOrder(count, signal);
    this.parentsSeen.set(req.parent.id, req.parent);
    const parent = this.effectiveParent(req.parent);
    const progress = madeProgress(parent, this.baselinePassed);
    const stackedShare = progress || parent.source !== 'mutation' ? Math.ceil(count / 2) : 0;
    const stacked = await space.onTopOf(parent, stackedShare, signal);
    const fresh = await space.firstOrder(count - stacked.length, signal, `instead of ${req.parent.id}: `);
    const more = stacked.length + fresh.length < count ? await space.onTopOf(parent, count - stacked.length - fresh.length, signal) : [];
    return [...stacked, ...fresh, ...more];
  }

  /**
   * A mutant that scored no better than the candidate it was stacked on added nothing; its
   * refinements continue from that candidate instead (plans say "on top of" the one they build on).
   */
  private effectiveParent(node: SearchNode): SearchNode {
    let n = node;
    for (;;) {
      const up = n.source === 'mutation' && n.parent ? this.parentsSeen.get(n.parent) : undefined;
      if (!up || (n.reward ?? 0) > (up.reward ?? 0)) return n;
      n = up;
    }
  }

  estimateCostUsd(): number {
    return 0;
  }

  estimateTokens(): number {
    return 0;
  }
}

function madeProgress(n: SearchNode, baselinePassed: number): boolean {
  const v = n.verdict;
  if (!v) return false;
  return v.level === 'per-test' ? v.fixed.length > 0 : v.tests.passed > baselinePassed;
}

function toProposal(p: MutantProposal): Proposal {
  return { changes: p.changes, plan: p.plan, promptTokens: 0, completionTokens: 0, costUsd: 0, latencyMs: p.latencyMs };
}
