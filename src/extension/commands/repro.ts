// "Add Reproduction Test to My Suite": the one way a generated test reaches the workspace.
import * as vscode from 'vscode';
import type { ReproTest } from '../../engine/repro';
import { UserError } from '../../engine/types';
import { showError } from '../errors';
import type { SearchLog } from '../log';
import type { SearchService } from '../search/service';

interface ReproArgs {
  searchId?: string;
  /** The reproduction test's id ('r1'); the tree's action sends it as nodeId. */
  nodeId?: string;
}

function reproArgs(arg: unknown): ReproArgs {
  if (typeof arg !== 'object' || arg === null) return {};
  const a = arg as Record<string, unknown>;
  return {
    ...(typeof a.searchId === 'string' ? { searchId: a.searchId } : {}),
    ...(typeof a.nodeId === 'string' ? { nodeId: a.nodeId } : {}),
  };
}

/**
 * Adds one valid reproduction test of a finished search to the workspace as a new file, through
 * an undoable edit, and opens it. An existing file is never overwritten. Resolves with the path.
 */
export async function addReproTest(service: SearchService, log: SearchLog, arg: unknown): Promise<string | undefined> {
  try {
    const args = reproArgs(arg);
    const searchRun = args.searchId ? service.find(args.searchId) : service.latest;
    if (!searchRun) throw new UserError(vscode.l10n.t('There is no search yet. Run "Solve with Search" first.'));
    if (searchRun.running) throw new UserError(vscode.l10n.t('The search is still running: wait for it to finish, or cancel it.'));
    const valid = (searchRun.result?.reproTests ?? []).filter((t) => t.status === 'valid');
    if (valid.length === 0) throw new UserError(vscode.l10n.t('That search has no valid reproduction test to add.'));
    const test = args.nodeId ? valid.find((t) => t.id === args.nodeId) : await pick(valid);
    if (!test) {
      if (args.nodeId) throw new UserError(vscode.l10n.t('Reproduction test {0} is not a valid test of that search.', args.nodeId));
      return undefined;
    }
    const uri = vscode.Uri.joinPath(searchRun.info.folder, ...test.file.split('/'));
    const exists = await vscode.workspace.fs.stat(uri).then(
      () => true,
      () => false,
    );
    if (exists) throw new UserError(vscode.l10n.t('{0} already exists in your workspace: it was not overwritten.', test.file));
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(uri, { contents: new TextEncoder().encode(test.content), ignoreIfExists: false, overwrite: false });
    if (!(await vscode.workspace.applyEdit(edit))) throw new UserError(vscode.l10n.t('{0} could not be created. Check that the folder is writable.', test.file));
    log.info(`Added reproduction test ${test.id} as ${test.file}.`);
    await vscode.window.showTextDocument(uri, { preview: false });
    return test.file;
  } catch (e) {
    await showError(e, log);
    return undefined;
  }
}

async function pick(tests: readonly ReproTest[]): Promise<ReproTest | undefined> {
  if (tests.length === 1) return tests[0];
  const items = tests.map((t) => ({ label: t.id, description: t.file, test: t }));
  return (await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Reproduction test to add to your suite') }))?.test;
}
