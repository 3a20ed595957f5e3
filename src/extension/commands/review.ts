// Apply, Compare, Show Tree, Export Trace, and the tree's buttons: everything after a search.
import * as vscode from 'vscode';
import { redactor } from '../../engine/trace';
import { configurationReader, readSettings, SECTION } from '../config';
import { showError } from '../errors';
import { COMMANDS } from '../ids';
import type { SearchLog } from '../log';
import type { ActionMessage, TreePanel, TreePanels } from '../panel/treePanel';
import { applyCandidateEdit, type ApplyOutcome } from '../review/applyEdit';
import { openCandidateDiff, type CompareAgainst } from '../review/compare';
import { reviewUri } from '../review/documents';
import type { SearchService } from '../search/service';
import type { SearchRun } from '../search/run';

export interface CandidateArgs {
  searchId?: string;
  nodeId?: string;
  silent?: boolean;
}

interface Resolved {
  searchRun: SearchRun;
  nodeId: string;
}

function candidateArgs(arg: unknown): CandidateArgs {
  if (typeof arg !== 'object' || arg === null) return {};
  const a = arg as Record<string, unknown>;
  return {
    ...(typeof a.searchId === 'string' ? { searchId: a.searchId } : {}),
    ...(typeof a.nodeId === 'string' ? { nodeId: a.nodeId } : {}),
    ...(a.silent === true ? { silent: true } : {}),
  };
}

class CandidateProblem extends Error {}

export class ReviewCommands {
  constructor(
    private readonly service: SearchService,
    private readonly panels: TreePanels,
    private readonly log: SearchLog,
  ) {}

  /** The search and candidate named by the arguments; by default the last search's winner. */
  private resolve(args: CandidateArgs): Resolved {
    const searchRun = args.searchId ? this.service.find(args.searchId) : this.service.latest;
    if (!searchRun) {
      throw new CandidateProblem(
        args.searchId
          ? vscode.l10n.t('Search {0} is no longer open (only the last few are kept). Run it again.', args.searchId)
          : vscode.l10n.t('There is no search yet. Run "Solve with Search" first.'),
      );
    }
    if (searchRun.running) throw new CandidateProblem(vscode.l10n.t('The search is still running: wait for it to finish, or cancel it.'));
    if (!searchRun.review || !searchRun.result) throw new CandidateProblem(vscode.l10n.t('That search ended without candidates to review.'));
    const nodeId = args.nodeId ?? searchRun.result.best?.id;
    if (!nodeId) throw new CandidateProblem(vscode.l10n.t('No candidate passed, so there is nothing to apply by default. Pick one in the reasoning tree.'));
    return { searchRun, nodeId };
  }

  async apply(arg: unknown): Promise<ApplyOutcome> {
    const args = candidateArgs(arg);
    let outcome: ApplyOutcome;
    let target: Resolved | undefined;
    let reported = false;
    try {
      target = this.resolve(args);
      const settings = readSettings(configurationReader(vscode.workspace.getConfiguration(SECTION, target.searchRun.info.folder)));
      outcome = await applyCandidateEdit(target.searchRun.review!, target.nodeId, { preview: settings.applyMode === 'preview' });
    } catch (e) {
      outcome = { ok: false, message: e instanceof Error ? e.message : String(e), files: [], merged: [], conflicts: [] };
      if (!(e instanceof CandidateProblem) && !args.silent) {
        reported = true;
        await showError(e, this.log);
      }
    }
    this.log.info(outcome.message);
    if (target?.searchRun.searchId) {
      this.panels.current?.post({ type: 'applyResult', searchId: target.searchRun.searchId, nodeId: target.nodeId, ok: outcome.ok, message: outcome.message });
    }
    if (!args.silent && !reported) void this.announceApply(outcome, target);
    return outcome;
  }

  private async announceApply(outcome: ApplyOutcome, target: Resolved | undefined): Promise<void> {
    if (outcome.ok) {
      vscode.window.setStatusBarMessage(`$(check) ${outcome.message}`, 8000);
      return;
    }
    if (!target || outcome.conflicts.length === 0) {
      void vscode.window.showWarningMessage(outcome.message);
      return;
    }
    const compare = vscode.l10n.t('Compare');
    if ((await vscode.window.showWarningMessage(outcome.message, compare)) === compare) {
      await openCandidateDiff(target.searchRun.review!, target.nodeId, 'workspace');
    }
  }

  async compare(arg: unknown, against: CompareAgainst = 'workspace'): Promise<boolean> {
    const args = candidateArgs(arg);
    const side = typeof arg === 'object' && arg !== null && (arg as { against?: unknown }).against === 'base' ? 'base' : against;
    try {
      const { searchRun, nodeId } = this.resolve(args);
      const opened = await openCandidateDiff(searchRun.review!, nodeId, side);
      if (!opened && !args.silent) void vscode.window.showInformationMessage(vscode.l10n.t('Candidate {0} changes no file.', nodeId));
      return opened;
    } catch (e) {
      if (args.silent) throw e;
      await showError(e, this.log);
      return false;
    }
  }

  async showTree(): Promise<void> {
    this.panels.show(this.service.latest, false);
  }

  /** Writes the last search's trace as JSON Lines; secrets are replaced before anything is written. */
  async exportTrace(arg: unknown): Promise<vscode.Uri | undefined> {
    const given = typeof arg === 'object' && arg !== null ? (arg as { target?: unknown }).target : undefined;
    const searchRun = this.service.latest;
    if (!searchRun || searchRun.records.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('There is no search trace yet. Run a search first.'));
      return undefined;
    }
    const name = `search-${searchRun.searchId ?? 'trace'}.jsonl`;
    const target =
      given instanceof vscode.Uri
        ? given
        : await vscode.window.showSaveDialog({
            title: vscode.l10n.t('Export Search Trace'),
            defaultUri: vscode.Uri.joinPath(searchRun.info.folder, name),
            filters: { [vscode.l10n.t('JSON Lines')]: ['jsonl'] },
          });
    if (!target) return undefined;
    const redact = redactor(searchRun.info.secretValues);
    const text = searchRun.records.map((r) => redact(JSON.stringify(r))).join('\n') + '\n';
    await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
    if (!(given instanceof vscode.Uri)) vscode.window.setStatusBarMessage(vscode.l10n.t('Trace written to {0}', target.fsPath), 5000);
    return target;
  }

  /** A button in the tree's detail pane. */
  async nodeAction(msg: ActionMessage, panel: TreePanel): Promise<void> {
    const args = { searchId: msg.searchId, nodeId: msg.nodeId };
    switch (msg.action) {
      case 'apply':
        await this.apply(args);
        return;
      case 'diff':
        await this.compare(args, 'base');
        return;
      case 'output':
        await this.openOutput(msg, panel);
        return;
      case 'addRepro':
        await vscode.commands.executeCommand(COMMANDS.addReproTest, args);
        return;
    }
  }

  private async openOutput(msg: ActionMessage, panel: TreePanel): Promise<void> {
    if (!this.service.find(msg.searchId)?.result) {
      panel.post({ type: 'live', live: false });
      return;
    }
    const doc = await vscode.workspace.openTextDocument(reviewUri({ kind: 'output', searchId: msg.searchId, nodeId: msg.nodeId }));
    await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Active });
  }
}
