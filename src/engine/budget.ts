import type { Budget } from './options';
import type { SearchStats } from './types';

/** Enforces every budget together; answers with the reason a limit was reached. */
export class BudgetTracker {
  private candidates = 0;
  constructor(
    private readonly budget: Budget,
    private readonly stats: SearchStats,
    private readonly startedAt: number,
  ) {}

  /** Reason the search must stop spending, or null. */
  exhausted(now = Date.now()): string | null {
    const b = this.budget;
    if (b.candidates !== undefined && this.candidates >= b.candidates) return `candidate budget reached (${b.candidates})`;
    if (b.tokens !== undefined && this.stats.promptTokens + this.stats.completionTokens >= b.tokens) {
      return `token budget reached (${b.tokens})`;
    }
    if (b.usd !== undefined && this.stats.costUsd >= b.usd) return `dollar budget reached ($${b.usd})`;
    if (b.timeMs !== undefined && now - this.startedAt >= b.timeMs) return `time budget reached (${Math.round(b.timeMs / 1000)} s)`;
    return null;
  }

  /** How many of `wanted` new candidates the candidate budget still allows. */
  grant(wanted: number): number {
    const left = this.budget.candidates === undefined ? wanted : Math.max(0, this.budget.candidates - this.candidates);
    const n = Math.min(wanted, left);
    this.candidates += n;
    return n;
  }

  /** Would spending `estimatedUsd` (and `estimatedTokens`) more stay within the dollar and token budgets? */
  affords(estimatedUsd: number, estimatedTokens: number): boolean {
    const b = this.budget;
    if (b.usd !== undefined && this.stats.costUsd + estimatedUsd > b.usd) return false;
    if (b.tokens !== undefined && this.stats.promptTokens + this.stats.completionTokens + estimatedTokens > b.tokens) return false;
    return true;
  }

  /** Milliseconds left of the time budget (Infinity without one). */
  timeLeft(now = Date.now()): number {
    return this.budget.timeMs === undefined ? Infinity : Math.max(0, this.budget.timeMs - (now - this.startedAt));
  }
}
