// Turns a failure into a non-modal message with the action that fixes it.
import * as vscode from 'vscode';
import { UserError } from '../engine/types';
import { SettingError } from './config';
import { COMMANDS } from './ids';
import type { SearchLog } from './log';
import { MissingApiKeyError } from './sources';

export async function showError(e: unknown, log: SearchLog): Promise<void> {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof MissingApiKeyError) {
    const set = vscode.l10n.t('Set API Key');
    if ((await vscode.window.showErrorMessage(message, set)) === set) await vscode.commands.executeCommand(COMMANDS.setApiKey, { baseUrl: e.baseUrl });
    return;
  }
  if (e instanceof SettingError) return showWithSetting('error', message, e.setting);
  if (e instanceof UserError) {
    void vscode.window.showErrorMessage(message);
    return;
  }
  log.error(e instanceof Error && e.stack ? e.stack : message);
  const show = vscode.l10n.t('Show Log');
  if ((await vscode.window.showErrorMessage(vscode.l10n.t('Solve with Search failed: {0}', message), show)) === show) log.channel.show(true);
}

/** A message with an "Open Settings" button that opens the setting deciding the matter. */
export async function showWithSetting(level: 'error' | 'warning', message: string, setting: string): Promise<void> {
  const open = vscode.l10n.t('Open Settings');
  const picked = level === 'error' ? await vscode.window.showErrorMessage(message, open) : await vscode.window.showWarningMessage(message, open);
  if (picked === open) await vscode.commands.executeCommand('workbench.action.openSettings', setting);
}
