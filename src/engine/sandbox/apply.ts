// Writes the winning patch into the user's workspace: only its files, all or nothing, merging
// with edits the user made while the search ran.
import { lstat, readFile } from 'node:fs/promises';
import type { FileChange, Patch } from '../types';
import { resolveInside, UnsafePathError, unlinkIfPresent, writeAtomic } from './fs-safe';
import { mergeFile } from './merge';
import { readEntryBytes, workspaceEntries } from './reader';
import type { Snapshot, TreeEntry } from './snapshot';

export interface ApplyResult {
  applied: boolean;
  /** Paths written or deleted. */
  written: string[];
  /** Paths the user had edited since the snapshot, merged 3-way cleanly. */
  merged: string[];
  /** Paths where the user's edits conflict. */
  conflicts: string[];
  /** What happened and what the user can do. */
  error?: string;
}

interface Current {
  bytes: Buffer;
  mode: number;
}

type Step =
  | { op: 'write'; path: string; abs: string; content: Buffer; mode: number; before: Current | null }
  | { op: 'delete'; path: string; abs: string; before: Current };

interface Conflict {
  path: string;
  why: string;
}

interface Context {
  snap: Snapshot;
  entries: Map<string, TreeEntry>;
  allowMerge: boolean;
  steps: Step[];
  merged: string[];
  conflicts: Conflict[];
}

async function readCurrent(abs: string, path: string): Promise<Current | null | 'folder'> {
  const st = await lstat(abs).catch(() => null);
  if (!st) return null;
  if (st.isDirectory()) return 'folder';
  if (!st.isFile()) throw new UnsafePathError(`${path} is not a regular file in your workspace.`);
  return { bytes: await readFile(abs), mode: st.mode & 0o7777 };
}

async function snapshotBytes(ctx: Context, path: string): Promise<Buffer | null> {
  const entry = ctx.entries.get(path);
  return entry ? readEntryBytes(ctx.snap, entry) : null;
}

function newFileMode(mode: string | undefined): number {
  return mode === '100755' ? 0o755 : 0o644;
}

// Keeps the user's permission bits; flips only the executable bits when the patch changes them.
function keptMode(current: number, change: FileChange, entry: TreeEntry | undefined): number {
  if (!change.mode || change.mode === entry?.mode) return current;
  if (change.mode === '100755') return current | ((current & 0o444) >> 2);
  if (change.mode === '100644') return current & ~0o111;
  return current;
}

/** Content the path should end with, or null after recording a conflict. */
async function resolveEdited(ctx: Context, path: string, current: Current | null, base: Buffer, wanted: Buffer): Promise<Buffer | null> {
  if (current === null) {
    ctx.conflicts.push({ path, why: 'was deleted since the search started' });
    return null;
  }
  if (current.bytes.equals(base)) return wanted;
  if (current.bytes.equals(wanted)) return wanted;
  if (!ctx.allowMerge) {
    ctx.conflicts.push({ path, why: 'was edited since the search started' });
    return null;
  }
  const m = await mergeFile(current.bytes, base, wanted, ctx.snap.gitBinary).catch(() => null);
  if (!m?.clean) {
    ctx.conflicts.push({ path, why: 'has edits that overlap the fix' });
    return null;
  }
  ctx.merged.push(path);
  return m.content;
}

async function planChange(ctx: Context, change: FileChange): Promise<void> {
  const ws = ctx.snap.workspace;
  const abs = await resolveInside(ws, change.path, false);
  const current = await readCurrent(abs, change.path);
  if (current === 'folder') {
    ctx.conflicts.push({ path: change.path, why: 'is a folder in your workspace' });
    return;
  }
  if (change.kind === 'delete') {
    const base = await snapshotBytes(ctx, change.path);
    if (current === null) return;
    if (base && current.bytes.equals(base)) ctx.steps.push({ op: 'delete', path: change.path, abs, before: current });
    else ctx.conflicts.push({ path: change.path, why: 'was edited since the search started, and the fix deletes it' });
    return;
  }
  const wanted = Buffer.from(change.content ?? '', 'utf8');
  if (change.kind === 'add') {
    if (current === null) ctx.steps.push({ op: 'write', path: change.path, abs, content: wanted, mode: newFileMode(change.mode), before: null });
    else if (!current.bytes.equals(wanted)) ctx.conflicts.push({ path: change.path, why: 'already exists with other content' });
    return;
  }
  const source = change.kind === 'rename' && change.oldPath !== undefined ? change.oldPath : change.path;
  const base = await snapshotBytes(ctx, source);
  if (base === null) {
    ctx.conflicts.push({ path: source, why: 'is not in the snapshot the fix was made for' });
    return;
  }
  if (source === change.path) {
    const result = await resolveEdited(ctx, change.path, current, base, wanted);
    if (result && current && !result.equals(current.bytes)) {
      const mode = keptMode(current.mode, change, ctx.entries.get(change.path));
      ctx.steps.push({ op: 'write', path: change.path, abs, content: result, mode, before: current });
    }
    return;
  }
  await planRename(ctx, change, source, base, wanted, { abs, current });
}

async function planRename(
  ctx: Context,
  change: FileChange,
  source: string,
  base: Buffer,
  wanted: Buffer,
  target: { abs: string; current: Current | null },
): Promise<void> {
  const srcAbs = await resolveInside(ctx.snap.workspace, source, false);
  const srcCurrent = await readCurrent(srcAbs, source);
  if (srcCurrent === 'folder') {
    ctx.conflicts.push({ path: source, why: 'is a folder in your workspace' });
    return;
  }
  const result = await resolveEdited(ctx, source, srcCurrent, base, wanted);
  if (!result || !srcCurrent) return;
  if (target.current && !target.current.bytes.equals(result)) {
    ctx.conflicts.push({ path: change.path, why: 'already exists with other content' });
    return;
  }
  const mode = keptMode(srcCurrent.mode, change, ctx.entries.get(source));
  ctx.steps.push({ op: 'delete', path: source, abs: srcAbs, before: srcCurrent });
  if (!target.current) ctx.steps.push({ op: 'write', path: change.path, abs: target.abs, content: result, mode, before: null });
}

function conflictMessage(conflicts: Conflict[]): string {
  const list = conflicts.map((c) => `${c.path} ${c.why}`).join('; ');
  return (
    `Nothing was applied: ${list}. Your files are unchanged. ` +
    'Review the fix and apply it by hand, or undo those edits and apply it again.'
  );
}

async function unchangedSincePlan(step: Step): Promise<boolean> {
  const now = await readCurrent(step.abs, step.path).catch(() => 'error' as const);
  if (step.before === null) return now === null;
  return typeof now === 'object' && now !== null && now.bytes.equals(step.before.bytes);
}

async function undo(done: Step[]): Promise<void> {
  for (const step of done.reverse()) {
    if (step.before) await writeAtomic(step.abs, step.before.bytes, step.before.mode).catch(() => undefined);
    else await unlinkIfPresent(step.abs).catch(() => undefined);
  }
}

async function execute(ws: string, steps: Step[]): Promise<void> {
  const done: Step[] = [];
  try {
    for (const step of steps) {
      if (step.op === 'delete') {
        await unlinkIfPresent(step.abs);
      } else {
        // Re-resolved with parent creation: the check and the folders happen in one pass.
        const abs = await resolveInside(ws, step.path, true);
        await writeAtomic(abs, step.content, step.mode);
      }
      done.push(step);
    }
  } catch (err) {
    await undo(done);
    throw err;
  }
}

/**
 * Writes the winner into the user's workspace. Only touches the patch's files. A file the user
 * changed since the snapshot is merged 3-way (git merge-file) or, on conflict, nothing at all is
 * written.
 */
export async function applyToWorkspace(snap: Snapshot, patch: Patch, opts: { allowMerge?: boolean } = {}): Promise<ApplyResult> {
  const ctx: Context = {
    snap,
    entries: await workspaceEntries(snap),
    allowMerge: opts.allowMerge ?? true,
    steps: [],
    merged: [],
    conflicts: [],
  };
  const fail = (error: string, conflicts: string[] = []): ApplyResult => ({ applied: false, written: [], merged: [], conflicts, error });
  try {
    for (const change of patch.changes) await planChange(ctx, change);
  } catch (err) {
    if (err instanceof UnsafePathError) return fail(`Nothing was applied: ${err.message} Apply the fix by hand.`);
    throw err;
  }
  if (ctx.conflicts.length > 0) return fail(conflictMessage(ctx.conflicts), [...new Set(ctx.conflicts.map((c) => c.path))]);
  for (const step of ctx.steps) {
    if (!(await unchangedSincePlan(step))) {
      return fail(`Nothing was applied: ${step.path} changed while the fix was being applied. Apply it again.`, [step.path]);
    }
  }
  try {
    await execute(snap.workspace, ctx.steps);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return fail(`Nothing was applied: writing the fix failed (${reason}); the files already written were put back. Check the files' permissions and apply it again.`);
  }
  return { applied: true, written: [...new Set(ctx.steps.map((s) => s.path))], merged: ctx.merged, conflicts: [] };
}
