// Opens a candidate next to the snapshot or the workspace: `vscode.diff` for one file,
// the multi-file `vscode.changes` editor for several.
import * as vscode from 'vscode';
import type { CandidateReview } from './candidates';
import type { FileChange } from '../../engine/types';
import { reviewUri } from './documents';

export type CompareAgainst = 'base' | 'workspace';

function left(review: CandidateReview, change: FileChange, against: CompareAgainst): vscode.Uri {
  const path = change.kind === 'rename' && change.oldPath ? change.oldPath : change.path;
  // An added file has no left side in the snapshot; the base document of a missing path is empty.
  if (against === 'workspace' && change.kind !== 'add') return vscode.Uri.joinPath(vscode.Uri.file(review.workspace), ...path.split('/'));
  return reviewUri({ kind: 'base', searchId: review.searchId, path });
}

function right(review: CandidateReview, nodeId: string, change: FileChange): vscode.Uri {
  return reviewUri({ kind: 'candidate', searchId: review.searchId, nodeId, path: change.path });
}

export async function openCandidateDiff(review: CandidateReview, nodeId: string, against: CompareAgainst): Promise<boolean> {
  const changes = review.changes(nodeId);
  if (!changes || changes.length === 0) return false;
  const side = against === 'base' ? vscode.l10n.t('before the search') : vscode.l10n.t('your files');
  if (changes.length === 1) {
    const c = changes[0]!;
    const title = vscode.l10n.t('{0} ({1} ↔ candidate {2})', c.path, side, nodeId);
    await vscode.commands.executeCommand('vscode.diff', left(review, c, against), right(review, nodeId, c), title, { preview: true });
    return true;
  }
  const resources = changes.map((c) => [vscode.Uri.joinPath(vscode.Uri.file(review.workspace), ...c.path.split('/')), left(review, c, against), right(review, nodeId, c)]);
  await vscode.commands.executeCommand('vscode.changes', vscode.l10n.t('Candidate {0} ({1} ↔ candidate)', nodeId, side), resources);
  return true;
}
