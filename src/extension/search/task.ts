// What to search for and where: from command arguments, a test item, the selection or an input box.
import * as vscode from 'vscode';
import { UserError } from '../../engine/types';

/** Arguments of `solveWithSearch.solve` for programmatic use. */
export interface SolveArgs {
  task?: string;
  folder?: vscode.Uri;
  /** No prompts, no notifications: the caller awaits the result. */
  silent?: boolean;
}

export interface SearchTarget {
  task: string;
  folder: vscode.Uri;
  silent: boolean;
}

const MAX_PREFILL = 500;

function isTestItem(arg: unknown): arg is vscode.TestItem {
  return typeof arg === 'object' && arg !== null && 'children' in arg && 'label' in arg && 'id' in arg;
}

function isSolveArgs(arg: unknown): arg is SolveArgs {
  if (typeof arg !== 'object' || arg === null || arg instanceof vscode.Uri || isTestItem(arg)) return false;
  const a = arg as Record<string, unknown>;
  return (
    (a.task === undefined || typeof a.task === 'string') &&
    (a.folder === undefined || a.folder instanceof vscode.Uri) &&
    (a.silent === undefined || typeof a.silent === 'boolean')
  );
}

function folderOf(uri: vscode.Uri | undefined): vscode.Uri | undefined {
  return uri ? vscode.workspace.getWorkspaceFolder(uri)?.uri : undefined;
}

function defaultFolder(): vscode.Uri {
  const folder = folderOf(vscode.window.activeTextEditor?.document.uri) ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) throw new UserError(vscode.l10n.t('Open the folder of your project first: the search runs its tests.'));
  return folder;
}

function testTask(item: vscode.TestItem): string {
  const where = item.uri ? ` (${vscode.workspace.asRelativePath(item.uri, false)})` : '';
  return vscode.l10n.t('Make the failing test "{0}"{1} pass.', item.label, where);
}

/** The selection as context for the task, and a one-line prefill for the input box. */
function selectionContext(): { prefill: string; context: string } | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return undefined;
  const text = editor.document.getText(editor.selection);
  if (!text.trim()) return undefined;
  const rel = vscode.workspace.asRelativePath(editor.document.uri, false);
  const { start, end } = editor.selection;
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return {
    prefill: oneLine.length > MAX_PREFILL ? `${oneLine.slice(0, MAX_PREFILL)}…` : oneLine,
    context: `\n\n${rel}, lines ${start.line + 1}-${end.line + 1}:\n\`\`\`\n${text}\n\`\`\``,
  };
}

/**
 * Resolves the search's task and folder from whatever invoked the command. Undefined when the
 * user dismissed the input box.
 */
export async function resolveTarget(arg: unknown, opts: { failingTests: boolean }): Promise<SearchTarget | undefined> {
  if (isTestItem(arg)) return { task: testTask(arg), folder: folderOf(arg.uri) ?? defaultFolder(), silent: false };
  const args: SolveArgs = isSolveArgs(arg) ? arg : {};
  const folder = args.folder ?? folderOf(arg instanceof vscode.Uri ? arg : undefined) ?? defaultFolder();
  const silent = args.silent === true;
  if (opts.failingTests) return { task: args.task ?? '', folder, silent };
  if (args.task !== undefined || silent) return { task: args.task ?? '', folder, silent };
  const selection = selectionContext();
  const input = await vscode.window.showInputBox({
    title: vscode.l10n.t('Solve with Search'),
    prompt: vscode.l10n.t('Describe the change. Leave it empty to make the failing tests pass.'),
    placeHolder: vscode.l10n.t('e.g. "pageItems drops the last partial page"'),
    value: selection?.prefill ?? '',
    ignoreFocusOut: true,
  });
  if (input === undefined) return undefined;
  const task = input.trim();
  return { task: task && selection ? task + selection.context : task, folder, silent };
}
