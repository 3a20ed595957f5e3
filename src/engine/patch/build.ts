// From a parsed answer (or ready-made changes) to a checked, normalized Patch.
import type { FileChange } from '../types';
import { applyChange, applyFileDiff, applySearchReplace, type EditContext } from './edits';
import { reject, Rejection } from './guard';
import { patchKey, renderChanges } from './render';
import type { BaseReader, ParsedAnswer, PatchOutcome, PatchPolicy } from './types';
import { parseUnifiedDiff, type FileDiff } from './unified';
import { Workspace } from './workspace';

const DEFAULT_MAX_FILES = 50;
const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

/** Applies every diff and SEARCH/REPLACE block of the answer to the snapshot contents, checks safety, and returns the normalized Patch. */
export async function buildPatch(answer: ParsedAnswer, base: BaseReader, policy: PatchPolicy): Promise<PatchOutcome> {
  const problem = answer.problems?.[0];
  if (problem !== undefined) return { ok: false, status: 'unparseable', reason: problem };
  const files: FileDiff[] = [];
  for (const text of answer.diffs) {
    const parsed = parseUnifiedDiff(text);
    if (!parsed.ok) return { ok: false, status: 'unparseable', reason: parsed.reason };
    files.push(...parsed.files);
  }
  if (files.length === 0 && answer.blocks.length === 0) {
    const reason = answer.diffs.length > 0
      ? 'The diff in the answer names no file: it needs --- a/path and +++ b/path headers.'
      : 'The answer contains no diff and no SEARCH/REPLACE block.';
    return { ok: false, status: 'unparseable', reason };
  }
  return settle(base, policy, async (ctx) => {
    let fuzzy = false;
    for (const f of files) fuzzy = (await applyFileDiff(ctx, f)) || fuzzy;
    for (const [i, b] of answer.blocks.entries()) fuzzy = (await applySearchReplace(ctx, b, i)) || fuzzy;
    return fuzzy;
  });
}

/** Checks and normalizes ready-made changes (e.g. from a program transformation) into a Patch. */
export async function patchFromChanges(changes: FileChange[], base: BaseReader, policy: PatchPolicy): Promise<PatchOutcome> {
  return settle(base, policy, async (ctx) => {
    for (const c of changes) await applyChange(ctx, c);
    return false;
  });
}

/** Runs the edits on a fresh in-memory workspace and turns the result, or the first rejection, into an outcome. */
async function settle(base: BaseReader, policy: PatchPolicy, edit: (ctx: EditContext) => Promise<boolean>): Promise<PatchOutcome> {
  const ws = new Workspace(base);
  try {
    const fuzzy = await edit({ ws, base, policy });
    const changes = await ws.changes();
    checkLimits(changes, policy);
    const r = await renderChanges(changes, base);
    const files = [...new Set(changes.flatMap((c) => (c.oldPath !== undefined ? [c.oldPath, c.path] : [c.path])))].sort();
    const patch = { changes, diff: r.diff, key: patchKey(r.diff), files, linesAdded: r.linesAdded, linesRemoved: r.linesRemoved };
    return { ok: true, patch, fuzzy };
  } catch (e) {
    if (e instanceof Rejection) return { ok: false, status: 'rejected', reason: e.message };
    throw e;
  }
}

function checkLimits(changes: readonly FileChange[], policy: PatchPolicy): void {
  if (changes.length === 0) reject('The patch changes nothing: every file it produces is identical to the workspace.');
  const maxFiles = policy.maxFiles ?? DEFAULT_MAX_FILES;
  if (changes.length > maxFiles) reject(`The patch changes ${changes.length} files, more than the limit of ${maxFiles}.`);
  let bytes = 0;
  for (const c of changes) {
    if (c.content?.includes('\u0000')) reject(`The patch writes binary content (NUL bytes) to ${c.path}.`);
    bytes += Buffer.byteLength(c.content ?? '', 'utf8');
  }
  const maxBytes = policy.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes > maxBytes) reject(`The patch writes ${bytes} bytes of content, more than the limit of ${maxBytes}.`);
}
