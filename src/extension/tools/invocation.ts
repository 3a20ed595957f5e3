// What a tool call will do, worked out before it runs: the folder, the test command the search will
// execute, the budget and where candidates come from. The confirmation shows exactly this.
import { realpathSync } from 'node:fs';
import * as vscode from 'vscode';
import { callOverrides, withOverrides, type CallOverrides } from '../../agents/options';
import { validateToolInput, type ValidToolInput, type WorkspacePolicy } from '../../agents/validate';
import { configurationReader, readSettings, resolveTestCommand, SECTION, type ExtensionSettings, type ResolvedTestCommand } from '../config';
import { requireTrust } from '../trust';

export interface PlannedCall {
  input: ValidToolInput;
  folder: vscode.Uri;
  overrides: CallOverrides;
  settings: ExtensionSettings;
  test: ResolvedTestCommand;
  /** Set when the call named a test command other than the one that will run. */
  ignoredTestCommand?: string;
}

/** The open folders are the only ones a call may name; symlinks are resolved on both sides. */
export function workspacePolicy(): WorkspacePolicy {
  const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => realOrSelf(f.uri.fsPath));
  return {
    roots,
    ...(roots[0] ? { defaultWorkspace: roots[0] } : {}),
    widenHint: vscode.l10n.t('open that folder in VS Code first (File > Add Folder to Workspace)'),
  };
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Checks trust, the arguments and the folder, and reads the settings the search will use. */
export function planCall(raw: unknown): PlannedCall {
  requireTrust();
  const input = validateToolInput(raw, workspacePolicy());
  const folder = vscode.Uri.file(input.workspace);
  const overrides = callOverrides(input);
  const settings = withOverrides(readSettings(configurationReader(vscode.workspace.getConfiguration(SECTION, folder))), overrides);
  const test = resolveTestCommand(settings, input.workspace);
  // The user's configured (or detected) command runs, never one a model names: it executes in the workspace.
  const ignored = input.testCommand && input.testCommand !== test.command ? input.testCommand : undefined;
  return { input, folder, overrides, settings, test, ...(ignored ? { ignoredTestCommand: ignored } : {}) };
}

export interface InvocationText {
  invocationMessage: string;
  title: string;
  /** Markdown. */
  message: string;
}

export function describeCall(plan: PlannedCall): InvocationText {
  const { input, settings, test } = plan;
  const candidates = settings.samples * settings.rounds;
  const cap = settings.budget.usd !== undefined ? vscode.l10n.t('at most ${0}', settings.budget.usd.toFixed(2)) : vscode.l10n.t('no dollar cap');
  const lines = [
    vscode.l10n.t('Solve with Search will run candidate patches against the tests of this workspace, which executes its code.'),
    '',
    `- ${vscode.l10n.t('Task: {0}', oneLine(input.task))}`,
    `- ${vscode.l10n.t('Workspace: {0}', code(input.workspace))}`,
    `- ${vscode.l10n.t('Test command: {0}', code(test.command))}${test.detected ? ` (${vscode.l10n.t('detected: {0}', test.detected)})` : ` (${vscode.l10n.t('from the settings')})`}`,
    `- ${vscode.l10n.t('Budget: up to {0} samples × {1} rounds = {2} candidates, {3}', settings.samples, settings.rounds, candidates, cap)}`,
    `- ${vscode.l10n.t('Candidates from: {0}', source(settings))}`,
    `- ${input.apply ? vscode.l10n.t('The winner is written into the workspace if it passes every test.') : vscode.l10n.t('Nothing is written: the winning diff is returned for review.')}`,
  ];
  if (plan.ignoredTestCommand) {
    lines.push(`- ${vscode.l10n.t('The call asked for {0}; the command above runs instead.', code(plan.ignoredTestCommand))}`);
  }
  return {
    invocationMessage: vscode.l10n.t('Searching for a verified fix: {0}', oneLine(input.task, 80)),
    title: vscode.l10n.t('Run a verified search?'),
    message: lines.join('\n'),
  };
}

function source(s: ExtensionSettings): string {
  switch (s.provider) {
    case 'openai-compatible':
      return `${s.model} (${hostOf(s.baseUrl)})`;
    case 'vscode-lm':
      return s.model || vscode.l10n.t('the first available language model');
    case 'mutation':
      return vscode.l10n.t('program mutations (no model)');
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function code(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}

function oneLine(s: string, max = 300): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
