// A search runs the workspace's own tests, which is running the workspace's code: only in
// trusted workspaces.
import * as vscode from 'vscode';
import { UserError } from '../engine/types';

/** Why a search cannot run here, or undefined when it can. */
export function untrustedRefusal(isTrusted: boolean): string | undefined {
  if (isTrusted) return undefined;
  return vscode.l10n.t(
    'Solve with Search runs this workspace\'s tests, which executes its code, so it only works in a trusted workspace. Use "Manage Workspace Trust" to trust this folder, then run the search again.',
  );
}

export class UntrustedWorkspaceError extends UserError {}

/** Throws an UntrustedWorkspaceError in a restricted window. */
export function requireTrust(isTrusted: boolean = vscode.workspace.isTrusted): void {
  const refusal = untrustedRefusal(isTrusted);
  if (refusal) throw new UntrustedWorkspaceError(refusal);
}
