import { UserError, type SearchNode } from '../types';
import type { CandidateSource, Proposal, ProposeRequest, SourceContext } from './source';

export interface MixedOptions {
  /** Share of each request given to mutations, 0..1 (default 0.5); the model gets the rest. */
  mutationShare?: number;
}

/**
 * A model and the mutation search side by side: each request is split between them. Mutants
 * are made first (they are local and take milliseconds) and start testing at once; the model is
 * then asked for the rest, including any share the mutations could not fill.
 */
export class MixedSource implements CandidateSource {
  /** Budget checks and unlabelled nodes treat the whole as a model source: that is where the cost is. */
  readonly kind = 'model' as const;
  private readonly share: number;

  constructor(
    private readonly model: CandidateSource,
    private readonly mutation: CandidateSource,
    opts: MixedOptions = {},
  ) {
    const share = opts.mutationShare ?? 0.5;
    if (!(share >= 0 && share <= 1)) throw new UserError(`The mutation share must be between 0 and 1 (got ${share}); 0.5 splits each round evenly.`);
    this.share = share;
  }

  get label(): string {
    return `${this.model.label} + ${this.mutation.label}`;
  }

  async prepare(ctx: SourceContext): Promise<void> {
    await Promise.all([this.model.prepare(ctx), this.mutation.prepare(ctx)]);
  }

  /** How many of `count` go to mutations; the model always gets at least one when it gets any share. */
  mutationCount(count: number): number {
    const m = Math.round(count * this.share);
    return this.share < 1 && m === count && count > 1 ? count - 1 : m;
  }

  async propose(req: ProposeRequest, onProposal: (p: Proposal, index: number) => void, onRequest: () => void): Promise<void> {
    let made = 0;
    const wanted = this.mutationCount(req.count);
    if (wanted > 0) {
      await this.mutation.propose(
        { ...req, count: wanted },
        (p) => {
          // A mutation that could not be made (nothing to aim at) leaves its place to the model.
          if (made >= wanted || p.error) return;
          onProposal(label(p, 'mutation'), made++);
        },
        onRequest,
      );
    }
    const rest = req.count - made;
    if (rest <= 0 || req.signal.aborted) return;
    await this.model.propose({ ...req, count: rest }, (p, i) => (i < rest ? onProposal(label(p, 'model'), made + i) : undefined), onRequest);
  }

  /** The model may have to fill every place (mutations run out), so its estimate covers all of them. */
  estimateCostUsd(count: number, parents: ReadonlyArray<SearchNode | null>): number {
    return this.model.estimateCostUsd(count, parents);
  }

  estimateTokens(count: number, parents: ReadonlyArray<SearchNode | null>): number {
    return this.model.estimateTokens(count, parents);
  }
}

/** The engine labels the node with the proposal's source. */
function label(p: Proposal, source: 'model' | 'mutation'): Proposal {
  return { ...p, source };
}
