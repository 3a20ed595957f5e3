// Each kind of edit, applied to the in-memory workspace after its paths pass the guard.
import type { FileChange } from '../types';
import { checkEditable, checkMode, checkPath, reject } from './guard';
import { applyHunks } from './hunks';
import { applyBlock } from './replace';
import type { BaseReader, PatchPolicy, SearchReplaceBlock } from './types';
import type { FileDiff } from './unified';
import type { Workspace } from './workspace';

export interface EditContext {
  ws: Workspace;
  base: BaseReader;
  policy: PatchPolicy;
}

/** Applies one file section of a diff; returns whether it needed fuzzy matching. */
export async function applyFileDiff(ctx: EditContext, f: FileDiff): Promise<boolean> {
  const oldPath = f.oldPath === null ? null : checkPath(f.oldPath, ctx.base, ctx.policy);
  const newPath = f.newPath === null ? null : checkPath(f.newPath, ctx.base, ctx.policy);
  if (f.binary) reject(`The patch for ${newPath ?? oldPath} is a binary patch; only text changes are supported.`);
  if (oldPath === null) return addFile(ctx, f, newPath!);
  if (newPath === null) return deleteFile(ctx, oldPath);
  let kind = f.kind;
  if (kind === 'guess') {
    // Plain ---/+++ headers with two names: a rename if only the old file exists, else an edit of the new one.
    kind = !(await ctx.ws.get(newPath)) && (await ctx.ws.get(oldPath)) ? 'rename' : 'modify';
  }
  if (kind === 'rename' || kind === 'copy') return moveFile(ctx, f, oldPath, newPath, kind);
  return modifyFile(ctx, f, newPath);
}

async function addFile(ctx: EditContext, f: FileDiff, path: string): Promise<boolean> {
  const mode = f.newMode ?? '100644';
  checkMode(path, mode);
  // A new file's hunks start at line 0 whatever the header says (`@@ -1,0 …` would otherwise insert after an empty line).
  const patch = { ...f.patch, hunks: f.patch.hunks.map((h) => ({ ...h, oldStart: 1 })) };
  const r = applyHunks('', patch, path, f.hunkHeaders);
  if (!r.ok) reject(`The new file ${path} has hunks with context or removed lines; a new file may only add lines.`);
  const existing = await ctx.ws.get(path);
  if (existing && existing.text !== r.text) reject(`The patch creates ${path}, which already exists with different content; send a diff that modifies it instead.`);
  if (!existing) ctx.ws.put(path, { text: r.text, crlf: false, mode, binary: false });
  return r.fuzzy;
}

async function deleteFile(ctx: EditContext, path: string): Promise<boolean> {
  const existing = await ctx.ws.get(path);
  if (!existing) reject(`The patch deletes ${path}, which does not exist in the workspace.`);
  checkEditable(path, existing);
  // The removed lines are not checked: models often elide them, and the intent to delete is clear.
  ctx.ws.remove(path);
  return false;
}

async function moveFile(ctx: EditContext, f: FileDiff, from: string, to: string, kind: 'rename' | 'copy'): Promise<boolean> {
  const verb = kind === 'rename' ? 'renames' : 'copies';
  const src = await ctx.ws.get(from);
  if (!src) reject(`The patch ${verb} ${from}, which does not exist in the workspace.`);
  checkEditable(from, src);
  if (await ctx.ws.get(to)) reject(`The patch ${verb} ${from} to ${to}, which already exists.`);
  const r = applyHunks(src.text, f.patch, from, f.hunkHeaders);
  if (!r.ok) reject(r.reason);
  const mode = f.newMode ?? src.mode;
  checkMode(to, mode);
  ctx.ws.put(to, { ...src, text: r.text, mode, from: kind === 'rename' ? (src.from ?? from) : undefined });
  if (kind === 'rename') ctx.ws.remove(from);
  return r.fuzzy;
}

async function modifyFile(ctx: EditContext, f: FileDiff, path: string): Promise<boolean> {
  const existing = await ctx.ws.get(path);
  // Models often create a file with `--- a/x` instead of `--- /dev/null`; only-added lines make the intent clear.
  if (!existing && onlyAdds(f)) return addFile(ctx, f, path);
  if (!existing) reject(`The patch modifies ${path}, which does not exist in the workspace; a new file needs --- /dev/null.`);
  checkEditable(path, existing);
  const r = applyHunks(existing.text, f.patch, path, f.hunkHeaders);
  if (!r.ok) reject(r.reason);
  const mode = f.newMode ?? existing.mode;
  checkMode(path, mode);
  ctx.ws.put(path, { ...existing, text: r.text, mode });
  return r.fuzzy;
}

function onlyAdds(f: FileDiff): boolean {
  return f.patch.hunks.length > 0 && f.patch.hunks.every((h) => h.lines.every((l) => l[0] === '+' || l[0] === '\\'));
}

/** Applies one SEARCH/REPLACE block; returns whether it needed whitespace-tolerant matching. */
export async function applySearchReplace(ctx: EditContext, b: SearchReplaceBlock, index: number): Promise<boolean> {
  const path = checkPath(b.path, ctx.base, ctx.policy);
  const label = `block ${index + 1}`;
  const existing = await ctx.ws.get(path);
  if (b.search === '') {
    if (!existing) {
      ctx.ws.put(path, { text: b.replace, crlf: false, mode: '100644', binary: false });
      return false;
    }
    checkEditable(path, existing);
    // Appending is only safe to a file this patch created or to an empty one; otherwise the model did not know the file.
    if (existing.text !== '' && !(await ctx.ws.isNew(path))) {
      reject(`The SEARCH part of ${label} is empty but ${path} already exists; quote the lines to replace.`);
    }
    ctx.ws.put(path, { ...existing, text: existing.text + b.replace });
    return false;
  }
  if (!existing) reject(`The patch edits ${path} (${label}), which does not exist in the workspace; use an empty SEARCH part to create it.`);
  checkEditable(path, existing);
  const r = applyBlock(existing.text, { ...b, path }, label);
  if (!r.ok) reject(r.reason);
  ctx.ws.put(path, { ...existing, text: r.text });
  return r.fuzzy;
}

/** Applies one ready-made change. */
export async function applyChange(ctx: EditContext, c: FileChange): Promise<void> {
  const path = checkPath(c.path, ctx.base, ctx.policy);
  const existing = await ctx.ws.get(path);
  if (c.kind === 'delete') {
    await deleteFile(ctx, path);
    return;
  }
  if (c.content === null) reject(`The change to ${path} has no content.`);
  if (c.kind === 'modify') {
    if (!existing) reject(`The change modifies ${path}, which does not exist in the workspace.`);
    checkEditable(path, existing);
    const mode = c.mode ?? existing.mode;
    checkMode(path, mode);
    ctx.ws.put(path, { ...existing, text: c.content, crlf: false, mode });
    return;
  }
  if (c.kind === 'add') {
    const mode = c.mode ?? '100644';
    checkMode(path, mode);
    if (existing && (existing.crlf ? existing.text.replace(/\n/g, '\r\n') : existing.text) !== c.content) {
      reject(`The change adds ${path}, which already exists with different content.`);
    }
    if (!existing) ctx.ws.put(path, { text: c.content, crlf: false, mode, binary: false });
    return;
  }
  if (c.oldPath === undefined) reject(`The rename to ${path} does not say which file it renames.`);
  const from = checkPath(c.oldPath, ctx.base, ctx.policy);
  const src = await ctx.ws.get(from);
  if (!src) reject(`The change renames ${from}, which does not exist in the workspace.`);
  checkEditable(from, src);
  if (existing) reject(`The change renames ${from} to ${path}, which already exists.`);
  const mode = c.mode ?? src.mode;
  checkMode(path, mode);
  ctx.ws.put(path, { text: c.content, crlf: false, mode, binary: false, from: src.from ?? from });
  ctx.ws.remove(from);
}
