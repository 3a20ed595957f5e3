// Applies a candidate as ONE WorkspaceEdit, so one undo reverts it. Files the user edited since
// the search started are merged 3-way against the snapshot; any conflict means nothing at all
// is written (no partial apply).
import * as vscode from 'vscode';
import type { CandidateReview } from './candidates';
import type { FileChange } from '../../engine/types';

export interface ApplyOutcome {
  ok: boolean;
  message: string;
  /** Files written, created or deleted. */
  files: string[];
  merged: string[];
  /** Paths whose current text conflicts with the candidate. */
  conflicts: string[];
}

interface Plan {
  edit: vscode.WorkspaceEdit;
  files: string[];
  merged: string[];
  conflicts: Array<{ path: string; why: string }>;
  /** Documents to save afterwards: open and clean before the edit, or not open at all. */
  save: vscode.Uri[];
}

function fileUri(root: vscode.Uri, path: string): vscode.Uri {
  const parts = path.split('/');
  // The engine checked these paths already; a second check costs nothing at the edge that writes.
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.toLowerCase() === '.git')) throw new Error(`Refusing to write "${path}".`);
  return vscode.Uri.joinPath(root, ...parts);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** The text the user has now: the open buffer (unsaved edits included), else the file on disk. */
async function currentText(uri: vscode.Uri): Promise<{ doc: vscode.TextDocument; text: string } | undefined> {
  if (!(await exists(uri)) && !vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return undefined;
  const doc = await vscode.workspace.openTextDocument(uri);
  return { doc, text: doc.getText() };
}

/** What the file should hold, or a conflict: the base decides between replace and merge. */
async function resolveText(review: CandidateReview, plan: Plan, basePath: string, current: string, candidate: string): Promise<string | undefined> {
  if (current === candidate) return candidate;
  const base = await review.readBase(basePath);
  if (base === null) {
    plan.conflicts.push({ path: basePath, why: vscode.l10n.t('is not in the snapshot the candidate was made for') });
    return undefined;
  }
  if (current === base) return candidate;
  const merged = await review.merge(basePath, current, candidate);
  if (!merged.clean) {
    plan.conflicts.push({ path: basePath, why: vscode.l10n.t('has edits that overlap the candidate') });
    return undefined;
  }
  plan.merged.push(basePath);
  return merged.text;
}

function replaceAll(plan: Plan, doc: vscode.TextDocument, text: string, meta: vscode.WorkspaceEditEntryMetadata): void {
  if (doc.getText() === text) return;
  const end = doc.lineAt(doc.lineCount - 1).range.end;
  plan.edit.replace(doc.uri, new vscode.Range(0, 0, end.line, end.character), text, meta);
  if (!doc.isDirty) plan.save.push(doc.uri);
}

async function planChange(review: CandidateReview, root: vscode.Uri, plan: Plan, change: FileChange, meta: vscode.WorkspaceEditEntryMetadata): Promise<void> {
  const uri = fileUri(root, change.path);
  const content = change.content ?? '';
  if (change.kind === 'add') {
    const now = await currentText(uri);
    if (now && now.text !== content) plan.conflicts.push({ path: change.path, why: vscode.l10n.t('already exists with other content') });
    else if (!now) {
      plan.edit.createFile(uri, { contents: Buffer.from(content, 'utf8') }, meta);
      plan.files.push(change.path);
    }
    return;
  }
  const sourcePath = change.kind === 'rename' && change.oldPath ? change.oldPath : change.path;
  const sourceUri = fileUri(root, sourcePath);
  const now = await currentText(sourceUri);
  if (!now) {
    if (change.kind !== 'delete') plan.conflicts.push({ path: sourcePath, why: vscode.l10n.t('was deleted since the search started') });
    return;
  }
  if (change.kind === 'delete') {
    const base = await review.readBase(change.path);
    if (base !== null && now.text === base) {
      plan.edit.deleteFile(uri, { ignoreIfNotExists: true }, meta);
      plan.files.push(change.path);
    } else {
      plan.conflicts.push({ path: change.path, why: vscode.l10n.t('was edited since the search started, and the candidate deletes it') });
    }
    return;
  }
  const text = await resolveText(review, plan, sourcePath, now.text, content);
  if (text === undefined) return;
  if (sourcePath === change.path) {
    replaceAll(plan, now.doc, text, meta);
    plan.files.push(change.path);
    return;
  }
  // A rename is a delete and a create: both undo together with the rest of the edit.
  if (await exists(uri)) {
    plan.conflicts.push({ path: change.path, why: vscode.l10n.t('already exists') });
    return;
  }
  plan.edit.deleteFile(sourceUri, {}, meta);
  plan.edit.createFile(uri, { contents: Buffer.from(text, 'utf8') }, meta);
  plan.files.push(sourcePath, change.path);
}

/** Applies candidate `nodeId` of a search; `preview` routes the edit through Refactor Preview. */
export async function applyCandidateEdit(review: CandidateReview, nodeId: string, opts: { preview: boolean }): Promise<ApplyOutcome> {
  const fail = (message: string, conflicts: string[] = []): ApplyOutcome => ({ ok: false, message, files: [], merged: [], conflicts });
  const changes = review.changes(nodeId);
  if (!changes || changes.length === 0) return fail(vscode.l10n.t('Candidate {0} has no changes to apply.', nodeId));
  const root = vscode.Uri.file(review.workspace);
  const plan: Plan = { edit: new vscode.WorkspaceEdit(), files: [], merged: [], conflicts: [], save: [] };
  const meta: vscode.WorkspaceEditEntryMetadata = {
    label: vscode.l10n.t('Apply candidate {0}', nodeId),
    description: vscode.l10n.t('Solve with Search'),
    needsConfirmation: opts.preview,
  };
  for (const change of changes) await planChange(review, root, plan, change, meta);
  if (plan.conflicts.length > 0) {
    const list = plan.conflicts.map((c) => `${c.path} ${c.why}`).join('; ');
    return fail(vscode.l10n.t('Nothing was applied: {0}. Your files are unchanged. Compare the candidate with your files and apply the parts you want by hand.', list), [...new Set(plan.conflicts.map((c) => c.path))]);
  }
  if (plan.edit.size === 0) {
    return { ok: true, message: vscode.l10n.t('Candidate {0} is already in your files.', nodeId), files: [], merged: [], conflicts: [] };
  }
  const applied = await vscode.workspace.applyEdit(plan.edit, { isRefactoring: opts.preview });
  if (!applied) {
    return fail(opts.preview ? vscode.l10n.t('The candidate was not applied (the preview was discarded).') : vscode.l10n.t('VS Code did not apply the edit: the files changed meanwhile. Apply the candidate again.'));
  }
  // Written to disk like the CLI's apply, so the tests see it; a buffer with unsaved edits of the user's own stays unsaved.
  for (const uri of plan.save) {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc?.isDirty) await doc.save();
  }
  const merged = plan.merged.length ? ' ' + vscode.l10n.t('Merged with your edits in {0}.', plan.merged.join(', ')) : '';
  return {
    ok: true,
    message: vscode.l10n.t('Applied candidate {0} to {1} file(s).', nodeId, new Set(plan.files).size) + merged,
    files: [...new Set(plan.files)],
    merged: plan.merged,
    conflicts: [],
  };
}
