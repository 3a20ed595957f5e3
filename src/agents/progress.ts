// Progress of a search as a caller sees it: one step for the baseline, one per round and one per
// finished candidate, each with a sentence. Steps only grow, as MCP requires of progress values.
import { TERMINAL_STATUSES, type SearchEvent } from '../engine/types';

export interface ProgressStep {
  progress: number;
  /** Most steps the search can take (baseline + each round and its candidates); it may end earlier. */
  total: number;
  message: string;
}

export class SearchProgress {
  private step = 0;
  private readonly finished = new Set<string>();
  private passed = 0;
  private readonly total: number;

  constructor(
    private readonly plan: { samples: number; rounds: number },
    private readonly send: (step: ProgressStep) => void,
  ) {
    this.total = 1 + plan.rounds * (plan.samples + 1);
  }

  handle = (e: SearchEvent): void => {
    const message = this.message(e);
    if (message === undefined) return;
    this.step = Math.min(this.step + 1, this.total);
    this.send({ progress: this.step, total: this.total, message });
  };

  private message(e: SearchEvent): string | undefined {
    switch (e.type) {
      case 'baseline': {
        const t = e.report.tests;
        return `Baseline: ${t.passed}/${t.total} tests pass, ${t.failed} fail.`;
      }
      case 'round-started':
        return `Round ${e.round} of ${this.plan.rounds}: asking for up to ${this.plan.samples} candidates.`;
      case 'node': {
        const n = e.node;
        if (n.id === 'root' || !TERMINAL_STATUSES.has(n.status) || this.finished.has(n.id)) return undefined;
        this.finished.add(n.id);
        if (n.status === 'passed') this.passed++;
        const tests = n.tests ? ` ${n.tests.passed}/${n.tests.total} tests` : '';
        const reason = n.reason && n.status !== 'passed' ? ` (${n.reason})` : '';
        return `Candidate ${n.id} ${n.status}${tests}${reason}; ${this.finished.size} checked, ${this.passed} passed.`;
      }
      default:
        return undefined;
    }
  }
}
