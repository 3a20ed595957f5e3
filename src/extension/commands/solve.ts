// Solve, Solve Failing Tests and Cancel: start a search with progress, report how it ended.
import * as vscode from 'vscode';
import { UserError, type SearchEvent } from '../../engine/types';
import { showError } from '../errors';
import { COMMANDS } from '../ids';
import type { SearchLog } from '../log';
import type { TreePanels } from '../panel/treePanel';
import type { SearchService } from '../search/service';
import type { PlainResult, SearchRun } from '../search/run';
import { resolveTarget, type SearchTarget } from '../search/task';
import { requireTrust } from '../trust';

function isSilent(arg: unknown): boolean {
  return typeof arg === 'object' && arg !== null && (arg as { silent?: unknown }).silent === true;
}

export class SolveCommands {
  constructor(
    private readonly service: SearchService,
    private readonly panels: TreePanels,
    private readonly log: SearchLog,
  ) {}

  /** Runs a search; programmatic callers (`silent: true`) get the result or the error. */
  async solve(arg: unknown, failingTests: boolean): Promise<PlainResult | undefined> {
    const silent = isSilent(arg);
    try {
      requireTrust();
      const target = await resolveTarget(arg, { failingTests });
      if (!target) return undefined;
      if (this.service.busy && !(await this.makeRoom(target))) return undefined;
      return await (target.silent ? this.runSilently(target) : this.runWithProgress(target));
    } catch (e) {
      if (silent) throw e;
      await showError(e, this.log);
      return undefined;
    }
  }

  async cancel(): Promise<boolean> {
    const cancelled = await this.service.cancel();
    if (!cancelled) vscode.window.setStatusBarMessage(vscode.l10n.t('No search is running.'), 3000);
    return cancelled;
  }

  /** One search at a time: a second one asks to cancel the first, or is refused when nobody can be asked. */
  private async makeRoom(target: SearchTarget): Promise<boolean> {
    if (target.silent) throw new UserError(vscode.l10n.t('A search is already running. Cancel it ("Solve with Search: Cancel Search") before starting another.'));
    const stop = vscode.l10n.t('Cancel It and Start');
    const keep = vscode.l10n.t('Keep It Running');
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('A search is already running. Cancel it and start the new one?'), stop, keep);
    if (choice !== stop) return false;
    await this.service.cancel();
    return true;
  }

  private async runSilently(target: SearchTarget): Promise<PlainResult> {
    // A silent search opens nothing; an open tree follows it all the same.
    const { result } = await this.service.start({ folder: target.folder, task: target.task });
    return result;
  }

  private runWithProgress(target: SearchTarget): Thenable<PlainResult> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Solve with Search'), cancellable: true },
      async (progress, token) => {
        let searchRun: SearchRun | undefined;
        // Through the service: a click while the settings are still being read cancels too.
        const sub = token.onCancellationRequested(() => void this.service.cancel());
        try {
          const { result } = await this.service.start({
            folder: target.folder,
            task: target.task,
            onStart: (s) => {
              searchRun = s;
              this.panels.show(s, true);
            },
            onEvent: (e) => {
              const message = progressMessage(e, searchRun);
              if (message) progress.report({ message });
            },
          });
          void this.announce(result);
          return result;
        } finally {
          sub.dispose();
        }
      },
    );
  }

  /** How the search ended, without a modal dialog. */
  private async announce(result: PlainResult): Promise<void> {
    const best = result.best;
    const showTree = vscode.l10n.t('Show Tree');
    if (result.status === 'solved' && best) {
      const apply = vscode.l10n.t('Apply');
      const compare = vscode.l10n.t('Compare');
      const choice = await vscode.window.showInformationMessage(
        vscode.l10n.t('Found a candidate that passes the tests: {0} ({1}).', best.id, result.why.join(', ')),
        apply,
        compare,
        showTree,
      );
      const ref = { searchId: result.searchId, nodeId: best.id };
      if (choice === apply) await vscode.commands.executeCommand(COMMANDS.applyCandidate, ref);
      else if (choice === compare) await vscode.commands.executeCommand(COMMANDS.compareCandidate, ref);
      else if (choice === showTree) await vscode.commands.executeCommand(COMMANDS.showTree);
      return;
    }
    if (result.status === 'cancelled') {
      vscode.window.setStatusBarMessage(vscode.l10n.t('Search cancelled.'), 5000);
      return;
    }
    const message =
      result.status === 'error'
        ? vscode.l10n.t('The search failed: {0}', result.error ?? '')
        : best
          ? vscode.l10n.t('No candidate passed every test; the best one, {0}, passes {1}/{2}.', best.id, best.tests?.passed ?? 0, best.tests?.total ?? 0)
          : vscode.l10n.t('No candidate could be tested ({0}).', result.stopReason ?? '');
    const choice = await vscode.window.showWarningMessage(message, showTree);
    if (choice === showTree) await vscode.commands.executeCommand(COMMANDS.showTree);
  }
}

function progressMessage(e: SearchEvent, searchRun: SearchRun | undefined): string | undefined {
  switch (e.type) {
    case 'search-started':
      return vscode.l10n.t('Running the tests on your workspace…');
    case 'baseline':
      return vscode.l10n.t('Baseline: {0}/{1} tests pass', e.report.tests.passed, e.report.tests.total);
    case 'round-started':
      return vscode.l10n.t('Round {0}: asking for candidates…', e.round);
    case 'node': {
      if (!searchRun || e.node.id === 'root') return undefined;
      const nodes = searchRun.model.nodes.filter((n) => n.id !== 'root' && n.round === e.node.round);
      const done = nodes.filter((n) => !['pending', 'generating', 'testing'].includes(n.status)).length;
      const passed = nodes.filter((n) => n.status === 'passed').length;
      return vscode.l10n.t('Round {0}: {1}/{2} candidates checked, {3} passed', e.node.round, done, nodes.length, passed);
    }
    default:
      return undefined;
  }
}
