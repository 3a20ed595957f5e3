// `@search` in the chat: the same search, from the prompt, with progress, the tree's summary,
// the winning diff and an Apply button.
import * as vscode from 'vscode';
import { UserError, type SearchEvent } from '../engine/types';
import { formatCost, formatTokens } from '../shared/format';
import { COMMANDS } from './ids';
import type { SearchLog } from './log';
import type { SearchService } from './search/service';
import type { PlainResult } from './search/run';
import { untrustedRefusal } from './trust';

const MAX_DIFF_CHARS = 20_000;

export class ChatHandler {
  constructor(
    private readonly service: SearchService,
    private readonly log: SearchLog,
  ) {}

  async handle(request: vscode.ChatRequest, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
    const refusal = untrustedRefusal(vscode.workspace.isTrusted);
    if (refusal) {
      stream.markdown(refusal);
      return { errorDetails: { message: refusal } };
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!folder) {
      stream.markdown(vscode.l10n.t('Open the folder of your project first: the search runs its tests.'));
      return {};
    }
    if (this.service.busy) {
      stream.markdown(vscode.l10n.t('A search is already running. Cancel it first.'));
      stream.button({ command: COMMANDS.cancel, title: vscode.l10n.t('Cancel Search') });
      return {};
    }
    const task = request.prompt.trim();
    stream.progress(task ? vscode.l10n.t('Searching: {0}', task) : vscode.l10n.t('Searching for a change that makes the failing tests pass…'));
    let cancel: vscode.Disposable | undefined;
    try {
      const { result } = await this.service.start({
        folder,
        task,
        chatModel: request.model,
        onStart: (searchRun) => {
          cancel = token.onCancellationRequested(() => searchRun.cancel());
        },
        onEvent: (e) => {
          const line = progressLine(e);
          if (line) stream.progress(line);
        },
      });
      this.render(result, stream);
      return { metadata: { searchId: result.searchId, status: result.status } };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (!(e instanceof UserError)) this.log.error(`Chat search failed: ${message}`);
      stream.markdown(message);
      return { errorDetails: { message } };
    } finally {
      cancel?.dispose();
    }
  }

  private render(result: PlainResult, stream: vscode.ChatResponseStream): void {
    stream.markdown(summaryMarkdown(result));
    const best = result.best;
    if (best?.diff) {
      const diff = best.diff.length > MAX_DIFF_CHARS ? best.diff.slice(0, MAX_DIFF_CHARS) + '\n… (cut; open the diff for the rest)' : best.diff;
      stream.markdown(`\n\n\`\`\`diff\n${diff.replace(/```/g, '`\u200b``')}\n\`\`\`\n`);
    }
    if (best && result.status === 'solved') {
      stream.button({ command: COMMANDS.applyCandidate, arguments: [{ searchId: result.searchId, nodeId: best.id }], title: vscode.l10n.t('Apply {0}', best.id) });
    }
    if (best) {
      stream.button({ command: COMMANDS.compareCandidate, arguments: [{ searchId: result.searchId, nodeId: best.id }], title: vscode.l10n.t('Compare') });
    }
    stream.button({ command: COMMANDS.showTree, title: vscode.l10n.t('Show Reasoning Tree') });
  }
}

function progressLine(e: SearchEvent): string | undefined {
  switch (e.type) {
    case 'baseline':
      return vscode.l10n.t('Baseline: {0}/{1} tests pass', e.report.tests.passed, e.report.tests.total);
    case 'round-started':
      return vscode.l10n.t('Round {0}: generating and testing candidates…', e.round);
    default:
      return undefined;
  }
}

/** The tree in a few lines: outcome, counts per status, the winner and why. */
export function summaryMarkdown(result: PlainResult): string {
  const counts = new Map<string, number>();
  for (const n of result.nodes) counts.set(n.status, (counts.get(n.status) ?? 0) + 1);
  const byStatus = [...counts].map(([s, c]) => `${c} ${s}`).join(', ');
  const s = result.stats;
  const lines = [
    `**${headline(result)}**`,
    '',
    `- ${vscode.l10n.t('{0} candidates: {1}', result.nodes.length, byStatus || '0')}`,
    `- ${vscode.l10n.t('{0} test runs, {1} model requests, {2} tokens, {3}, {4} s', s.testRuns, s.llmRequests, formatTokens(s.promptTokens + s.completionTokens), formatCost(s.costUsd), Math.round(s.wallMs / 1000))}`,
  ];
  if (result.best) lines.push(`- ${vscode.l10n.t('Winner {0}: {1}', result.best.id, result.why.join('; '))}`);
  if (result.best?.plan) lines.push(`- ${vscode.l10n.t('Plan: {0}', result.best.plan)}`);
  if (result.stopReason) lines.push(`- ${vscode.l10n.t('Stopped: {0}', result.stopReason)}`);
  if (result.error) lines.push(`- ${vscode.l10n.t('Error: {0}', result.error)}`);
  return lines.join('\n');
}

function headline(result: PlainResult): string {
  switch (result.status) {
    case 'solved':
      return vscode.l10n.t('Solved: a candidate passes every test.');
    case 'unsolved':
      return vscode.l10n.t('Not solved: no candidate passes every test.');
    case 'cancelled':
      return vscode.l10n.t('Cancelled.');
    case 'error':
      return vscode.l10n.t('The search failed.');
  }
}
