// "Solve with Search" as a quick fix on diagnostics and as a rewrite of a selection. Light on
// purpose: it is registered at activation and only builds commands.
import * as vscode from 'vscode';
import { COMMANDS } from './ids';

const MAX_DIAGNOSTICS = 3;
const MAX_TITLE = 60;

export class SolveCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite];

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri;
    if (!folder) return [];
    const actions: vscode.CodeAction[] = [];
    const rel = vscode.workspace.asRelativePath(document.uri, false);
    for (const d of context.diagnostics.slice(0, MAX_DIAGNOSTICS)) {
      const short = d.message.length > MAX_TITLE ? `${d.message.slice(0, MAX_TITLE)}…` : d.message;
      const action = new vscode.CodeAction(vscode.l10n.t('Solve with Search: {0}', short.split('\n')[0]!), vscode.CodeActionKind.QuickFix);
      action.diagnostics = [d];
      action.command = {
        command: COMMANDS.solve,
        title: action.title,
        arguments: [{ task: vscode.l10n.t('Fix the problem reported at {0}:{1}: {2}', rel, d.range.start.line + 1, d.message), folder }],
      };
      actions.push(action);
    }
    if (!range.isEmpty) {
      const action = new vscode.CodeAction(vscode.l10n.t('Solve with Search…'), vscode.CodeActionKind.RefactorRewrite);
      action.command = { command: COMMANDS.solve, title: action.title };
      actions.push(action);
    }
    return actions;
  }
}
