import { buildPrompt, estimateTokens, selectContextFiles, type ChatMessage, type ModelProvider } from '../llm';
import type { Answer, SearchNode } from '../types';
import type { CandidateSource, Proposal, ProposeRequest, SourceContext, TestWriteRequest } from './source';

/** Candidates from a chat model: one prompt per parent, `n` samples per request. */
export class ModelSource implements CandidateSource {
  readonly kind = 'model' as const;
  private ctx: SourceContext | undefined;
  private files: Array<{ path: string; content: string; readOnly: boolean }> = [];
  private promptTokensEstimate = 0;

  constructor(private readonly provider: ModelProvider) {}

  get label(): string {
    return `${this.provider.name} model ${this.provider.model}`;
  }

  async prepare(ctx: SourceContext): Promise<void> {
    this.ctx = ctx;
    this.files = await selectContextFiles({
      task: ctx.task,
      failureOutput: ctx.baselineFailure,
      roots: ctx.roots,
      files: ctx.files,
      read: async (p) => (await ctx.reader.read(p))?.content ?? null,
      isProtected: (p) => ctx.isProtected(p),
    });
    this.promptTokensEstimate = this.promptTokens(null);
  }

  private promptTokens(parent: SearchNode | null): number {
    const messages = this.messages(parent ? { parent, parentFailure: parent.verdict?.outputExcerpt ?? '' } : null);
    return estimateTokens(messages.map((m) => m.content).join('\n'));
  }

  /** The largest prompt among `parents`: refinements carry a diff and test output, so they outgrow the first prompt. */
  private largestPrompt(parents: ReadonlyArray<SearchNode | null>): number {
    return Math.max(this.promptTokensEstimate, ...parents.map((p) => (p ? this.promptTokens(p) : 0)));
  }

  /** The prompt for a first sample (parent null) or for refining a failing candidate. */
  messages(req: Pick<ProposeRequest, 'parent' | 'parentFailure'> | null): ChatMessage[] {
    const ctx = this.ctx!;
    const parent = req?.parent;
    return buildPrompt({
      task: ctx.task,
      failureOutput: ctx.baselineFailure,
      files: this.files,
      protectedNote: 'Test files, test-runner configuration and snapshots are read-only: a change to them is rejected.',
      parent: parent?.diff
        ? { diff: parent.diff, failureOutput: req?.parentFailure ?? '', ...(parent.plan ? { plan: parent.plan } : {}) }
        : undefined,
    });
  }

  async propose(req: ProposeRequest, onProposal: (p: Proposal, index: number) => void, onRequest: () => void): Promise<void> {
    const ctx = this.ctx!;
    const messages = this.messages(req);
    onRequest();
    await this.provider.complete(
      { messages, n: req.count, temperature: ctx.temperature, maxTokens: ctx.maxTokens, signal: req.signal },
      (a, index) =>
        onProposal(
          {
            text: a.text,
            promptTokens: a.promptTokens,
            completionTokens: a.completionTokens,
            costUsd: a.costUsd,
            latencyMs: a.latencyMs,
            messages,
            ...(a.error ? { error: a.error } : {}),
          },
          index,
        ),
    );
  }

  estimateTokens(count: number, parents: ReadonlyArray<SearchNode | null>): number {
    // Completions of a repair are usually far below max_tokens; a quarter is a conservative middle.
    return count * (this.largestPrompt(parents) + Math.ceil(this.ctx!.maxTokens / 4));
  }

  estimateCostUsd(count: number, parents: ReadonlyArray<SearchNode | null>): number {
    return count * this.provider.estimateCostUsd(this.largestPrompt(parents), Math.ceil(this.ctx!.maxTokens / 4));
  }

  /** Reproduction tests come from the same model as the candidates, one test per sample. */
  async writeTests(req: TestWriteRequest, onRequest: () => void): Promise<Answer[]> {
    onRequest();
    return this.provider.complete({ messages: req.messages, n: req.n, temperature: req.temperature, maxTokens: req.maxTokens, signal: req.signal });
  }

  estimateTestsCostUsd(promptTokens: number, completionTokens: number): number {
    return this.provider.estimateCostUsd(promptTokens, completionTokens);
  }
}
