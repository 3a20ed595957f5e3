// The "Solve with Search" log: the engine's events, one line each, with every secret removed.
import type { LogOutputChannel } from 'vscode';
import { redactor } from '../engine/trace';
import { TERMINAL_STATUSES, type SearchEvent } from '../engine/types';
import { formatCost, formatTokens } from '../shared/format';

export class SearchLog {
  constructor(readonly channel: LogOutputChannel) {}

  /** Logs one event; `secrets` are replaced even if a message happens to contain one. */
  event(e: SearchEvent, secrets: readonly string[]): void {
    const redact = redactor([...secrets]);
    const out = this.channel;
    switch (e.type) {
      case 'search-started':
        out.info(redact(`Search ${e.searchId} started in ${e.workspace} (tests: ${e.testCommand}); task: ${e.task || '(make the failing tests pass)'}`));
        return;
      case 'baseline': {
        const t = e.report.tests;
        out.info(`Baseline: ${t.passed}/${t.total} tests pass${e.report.failing.length ? `; failing: ${e.report.failing.slice(0, 10).join('; ')}` : ''}`);
        return;
      }
      case 'round-started':
        out.info(`Round ${e.round}`);
        return;
      case 'node': {
        const n = e.node;
        if (n.id === 'root') return;
        const parts = [`${n.id} ${n.status}`];
        if (n.tests) parts.push(`${n.tests.passed}/${n.tests.total} tests`);
        if (n.reward !== undefined) parts.push(`reward ${n.reward.toFixed(2)}`);
        if (n.reason) parts.push(n.reason);
        const line = redact(parts.join(' · '));
        if (TERMINAL_STATUSES.has(n.status)) out.info(line);
        else out.trace(line);
        return;
      }
      case 'log':
        out[e.level](redact(e.message));
        return;
      case 'stats':
        out.debug(`${e.stats.testRuns} test runs, ${e.stats.llmRequests} model requests, ${formatTokens(e.stats.promptTokens + e.stats.completionTokens)} tokens, ${formatCost(e.stats.costUsd)}`);
        return;
      case 'search-finished': {
        const r = e.result;
        const best = r.best ? `best ${r.best.id} (${r.why.join(', ')})` : 'no candidate passed';
        out.info(redact(`Search ${r.searchId} ${r.status}: ${best}${r.stopReason ? `; stopped: ${r.stopReason}` : ''}${r.error ? `; error: ${r.error}` : ''}`));
        return;
      }
    }
  }

  error(message: string, secrets: readonly string[] = []): void {
    this.channel.error(redactor([...secrets])(message));
  }

  info(message: string): void {
    this.channel.info(message);
  }
}
