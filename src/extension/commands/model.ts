// Select Model and Set API Key: choosing where candidates come from.
import * as vscode from 'vscode';
import { isLocalEndpoint } from '../../engine/llm';
import { apiKeyHost, configurationReader, readSettings, SECTION } from '../config';
import { COMMANDS } from '../ids';
import type { SearchLog } from '../log';
import type { ApiKeys } from '../secrets';

type Pick =
  | { kind: 'lm'; model: vscode.LanguageModelChat }
  | { kind: 'openai' }
  | { kind: 'mutation' };

type Item = vscode.QuickPickItem & { pick?: Pick };

function folderUri(): vscode.Uri | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  return (active && vscode.workspace.getWorkspaceFolder(active)?.uri) ?? vscode.workspace.workspaceFolders?.[0]?.uri;
}

/** Writes where the value already lives: the workspace if it overrides it, else the user settings. */
async function update(key: string, value: unknown): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION, folderUri());
  const where = config.inspect(key);
  const target =
    where?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : where?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  await config.update(key, value, target);
}

export class ModelCommands {
  constructor(
    private readonly keys: ApiKeys,
    private readonly log: SearchLog,
  ) {}

  async selectModel(): Promise<void> {
    const current = readSettings(configurationReader(vscode.workspace.getConfiguration(SECTION, folderUri())));
    const items: Item[] = [];
    const models = await this.languageModels();
    items.push({ label: vscode.l10n.t('VS Code language models'), kind: vscode.QuickPickItemKind.Separator });
    if (models.length === 0) items.push({ label: `$(info) ${vscode.l10n.t('None installed (for example GitHub Copilot)')}`, alwaysShow: true });
    for (const model of models) {
      items.push({
        label: model.name,
        description: `${model.vendor} · ${model.family}`,
        detail: vscode.l10n.t('up to {0} input tokens', model.maxInputTokens),
        picked: current.provider === 'vscode-lm' && current.model === model.id,
        pick: { kind: 'lm', model },
      });
    }
    items.push({ label: vscode.l10n.t('OpenAI-compatible endpoint'), kind: vscode.QuickPickItemKind.Separator });
    items.push({
      label: `$(globe) ${vscode.l10n.t('Enter a base URL and model…')}`,
      ...(current.baseUrl ? { description: vscode.l10n.t('now: {0} at {1}', current.model || '?', current.baseUrl) } : {}),
      detail: vscode.l10n.t('OpenAI, OpenRouter, Ollama, vLLM, LM Studio, llama.cpp…'),
      pick: { kind: 'openai' },
    });
    items.push({ label: vscode.l10n.t('No model'), kind: vscode.QuickPickItemKind.Separator });
    items.push({ label: `$(symbol-misc) ${vscode.l10n.t('Mutation search')}`, detail: vscode.l10n.t('Small program changes, no model, no cost'), pick: { kind: 'mutation' } });
    const chosen = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Select Model'), placeHolder: vscode.l10n.t('Where should candidate fixes come from?') });
    if (!chosen?.pick) return;
    await this.apply(chosen.pick, current.baseUrl, current.model);
  }

  private async languageModels(): Promise<vscode.LanguageModelChat[]> {
    try {
      return (await vscode.lm?.selectChatModels()) ?? [];
    } catch {
      return [];
    }
  }

  private async apply(pick: Pick, baseUrl: string, model: string): Promise<void> {
    if (pick.kind === 'mutation') {
      await update('provider', 'mutation');
      return;
    }
    if (pick.kind === 'lm') {
      await update('provider', 'vscode-lm');
      await update('model', pick.model.id);
      return;
    }
    const url = await vscode.window.showInputBox({
      title: vscode.l10n.t('Base URL of the OpenAI-compatible API'),
      value: baseUrl || 'http://127.0.0.1:11434/v1',
      ignoreFocusOut: true,
      validateInput: (v) => (apiKeyHost(v.trim()) && /^https?:\/\//.test(v.trim()) ? undefined : vscode.l10n.t('Enter an http:// or https:// URL')),
    });
    if (url === undefined) return;
    const name = await vscode.window.showInputBox({
      title: vscode.l10n.t('Model name'),
      value: model,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter the model name the endpoint serves')),
    });
    if (name === undefined) return;
    await update('provider', 'openai-compatible');
    await update('baseUrl', url.trim());
    await update('model', name.trim());
    if (!isLocalEndpoint(url.trim()) && !(await this.keys.find(url.trim()))) {
      const set = vscode.l10n.t('Set API Key');
      const choice = await vscode.window.showInformationMessage(vscode.l10n.t('{0} needs an API key.', apiKeyHost(url.trim())), set);
      if (choice === set) await vscode.commands.executeCommand(COMMANDS.setApiKey, { baseUrl: url.trim() });
    }
  }

  /** Stores a key for the configured endpoint's host (or the one passed in) in SecretStorage. */
  async setApiKey(arg: unknown): Promise<void> {
    const given = typeof arg === 'object' && arg !== null ? (arg as { baseUrl?: unknown }).baseUrl : undefined;
    const settings = readSettings(configurationReader(vscode.workspace.getConfiguration(SECTION, folderUri())));
    let baseUrl = typeof given === 'string' && given ? given : settings.baseUrl;
    if (!baseUrl) {
      const entered = await vscode.window.showInputBox({
        title: vscode.l10n.t('Which endpoint is the key for?'),
        value: 'https://api.openai.com/v1',
        ignoreFocusOut: true,
        validateInput: (v) => (apiKeyHost(v.trim()) ? undefined : vscode.l10n.t('Enter a URL')),
      });
      if (!entered) return;
      baseUrl = entered.trim();
    }
    const host = apiKeyHost(baseUrl);
    const key = await vscode.window.showInputBox({
      title: vscode.l10n.t('API key for {0}', host),
      prompt: vscode.l10n.t('Kept in VS Code\'s secret storage and sent only to {0}. Leave empty to remove the stored key.', host),
      password: true,
      ignoreFocusOut: true,
    });
    if (key === undefined) return;
    if (key.trim() === '') {
      await this.keys.delete(baseUrl);
      this.log.info(`Removed the stored API key for ${host}.`);
      vscode.window.setStatusBarMessage(vscode.l10n.t('API key for {0} removed.', host), 5000);
      return;
    }
    await this.keys.store(baseUrl, key.trim());
    // The host only: the key itself never reaches the log.
    this.log.info(`Stored an API key for ${host}.`);
    vscode.window.setStatusBarMessage(vscode.l10n.t('API key for {0} stored.', host), 5000);
  }
}
