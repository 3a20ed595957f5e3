// solve_with_search as a language-model tool: Copilot's agent (or any extension) calls the same
// search the commands run, through the same service, so it shows in the reasoning tree, obeys
// the settings and the one-search-at-a-time rule, and applies only through the undoable edit.
import * as vscode from 'vscode';
import type { SolveToolArgs } from '../../agents/schema';
import { summaryText, winningDiff } from '../../agents/summary';
import { UserError } from '../../engine/types';
import { COMMANDS } from '../ids';
import type { SearchLog } from '../log';
import type { ApplyOutcome } from '../review/applyEdit';
import type { PlainResult } from '../search/run';
import type { SearchService } from '../search/service';
import { describeCall, planCall, type PlannedCall } from './invocation';

export class SolveTool implements vscode.LanguageModelTool<SolveToolArgs> {
  constructor(
    private readonly service: SearchService,
    private readonly log: SearchLog,
  ) {}

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<SolveToolArgs>): vscode.PreparedToolInvocation {
    const text = describeCall(planCall(options.input));
    return {
      invocationMessage: text.invocationMessage,
      confirmationMessages: { title: text.title, message: new vscode.MarkdownString(text.message) },
    };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<SolveToolArgs>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    // Checked again: the folder or the settings may have changed while the confirmation was open.
    const plan = planCall(options.input);
    if (this.service.busy) {
      throw new UserError(vscode.l10n.t('A search is already running. Wait for it to finish, or cancel it ("Solve with Search: Cancel Search"), then call the tool again.'));
    }
    if (token.isCancellationRequested) throw new vscode.CancellationError();
    const subscriptions: vscode.Disposable[] = [];
    let testCommand = plan.test.command;
    try {
      const { result } = await this.service.start({
        folder: plan.folder,
        task: plan.input.task,
        overrides: plan.overrides,
        onStart: (searchRun) => {
          testCommand = searchRun.info.testCommand;
          subscriptions.push(token.onCancellationRequested(() => searchRun.cancel()));
          if (token.isCancellationRequested) searchRun.cancel();
        },
      });
      const final = plan.input.apply ? await this.applyWinner(result) : result;
      this.log.info(`Tool ${final.searchId}: ${final.status}${final.applied ? ', applied' : ''}`);
      return this.toolResult(final, plan, testCommand);
    } finally {
      for (const s of subscriptions) s.dispose();
    }
  }

  /** Through the Apply command: one WorkspaceEdit, refused when the files changed in a way that conflicts. */
  private async applyWinner(result: PlainResult): Promise<PlainResult> {
    if (result.status !== 'solved' || !result.best) return result;
    const outcome = await vscode.commands.executeCommand<ApplyOutcome>(COMMANDS.applyCandidate, { searchId: result.searchId, nodeId: result.best.id, silent: true });
    return outcome?.ok ? { ...result, applied: true } : { ...result, applied: false, applyError: outcome?.message ?? vscode.l10n.t('the apply did not run') };
  }

  private toolResult(result: PlainResult, plan: PlannedCall, testCommand: string): vscode.LanguageModelToolResult {
    let summary = summaryText(result, {
      task: plan.input.task,
      workspace: plan.input.workspace,
      testCommand,
      notAppliedHint: vscode.l10n.t('Not applied (the call did not set apply): the user can apply it from the reasoning tree or with "Solve with Search: Apply Candidate".'),
    });
    if (plan.ignoredTestCommand) {
      summary += `\n${vscode.l10n.t('The test command of the call ({0}) was not used: VS Code runs the configured one.', plan.ignoredTestCommand)}`;
    }
    const diff = winningDiff(result);
    return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(summary), ...(diff ? [new vscode.LanguageModelTextPart(diff)] : [])]);
  }
}
