// What a test run changed in a worktree, found with one scan, and the targeted undo of exactly
// that. A full `reset --hard` plus `clean` walks the whole tree twice more; on large repositories
// those walks were most of the time spent around each test run (bench/: per-candidate overhead).
import { lstat, readdir, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { removeTree, resolveInside, unlinkIfPresent, writeNoFollow } from './fs-safe';
import { splitZ } from './git';
import { readEntryBytes } from './reader';
import { snapshotEntry, type Snapshot } from './snapshot';

export interface WorktreeScan {
  /** Tracked files modified, deleted or of another type or mode than in the snapshot. */
  tracked: string[];
  /** Untracked and ignored entries; folders end in '/' and stand for everything inside them (empty ones too). */
  untracked: string[];
}

/** Arguments of the one scan: `-t` tags each path, `--directory` reports new folders whole, empty ones included. */
export const SCAN_ARGS = ['ls-files', '-z', '-t', '--others', '--modified', '--directory'];

// Beyond this many untracked entries, checking each path's folders costs more than git's own walk.
const MAX_TARGETED_ENTRIES = 200;
// Files restored by hand keep stale stat data in the index, so later scans re-read them; beyond
// this many, `checkout-index -u` (which refreshes the index) is the cheaper way.
const MAX_HAND_RESTORED = 32;

export function parseScan(out: string, links: ReadonlySet<string>): WorktreeScan {
  const scan: WorktreeScan = { tracked: [], untracked: [] };
  const seen = new Set<string>();
  for (const rec of splitZ(out)) {
    const path = rec.slice(2);
    if (path === '' || seen.has(rec) || links.has(path.replace(/\/$/, ''))) continue;
    seen.add(rec);
    if (rec.startsWith('? ')) scan.untracked.push(path);
    else scan.tracked.push(path);
  }
  return scan;
}

/** Files the scan stands for, new folders expanded (symbolic links listed, never followed). */
export async function scannedFiles(root: string, scan: WorktreeScan): Promise<string[]> {
  const files = new Set(scan.tracked);
  for (const entry of scan.untracked) {
    if (entry.endsWith('/')) await listFolder(root, entry.slice(0, -1), files);
    else files.add(entry);
  }
  return [...files];
}

async function listFolder(root: string, rel: string, out: Set<string>): Promise<void> {
  const entries = await readdir(join(root, ...rel.split('/')), { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const child = `${rel}/${e.name}`;
    if (e.isDirectory()) await listFolder(root, child, out);
    else out.add(child);
  }
}

/** True when the scan is small enough for a targeted undo to beat a full reset. */
export function worthTargeting(scan: WorktreeScan): boolean {
  return scan.untracked.length <= MAX_TARGETED_ENTRIES;
}

/**
 * Removes the scan's untracked entries. Each entry's parent folders are checked first: a run may
 * have left a symbolic link where a folder was, and removing through it would reach outside
 * (the check throws then). An entry that is itself a link is unlinked, never followed.
 * Untracked entries go before tracked files are restored, since a file may stand where a
 * tracked folder belongs (or the reverse).
 */
export async function removeUntracked(root: string, scan: WorktreeScan): Promise<void> {
  for (const entry of scan.untracked) {
    const rel = entry.endsWith('/') ? entry.slice(0, -1) : entry;
    const parent = posix.dirname(rel);
    const dir = parent === '.' ? root : await resolveInside(root, parent, false);
    const abs = join(dir, posix.basename(rel));
    const st = await lstat(abs).catch(() => null);
    if (st?.isDirectory()) await removeTree(abs);
    else if (st) await unlinkIfPresent(abs);
  }
}

export interface OriginalFile {
  bytes: Buffer;
  mode: number;
}

// Per snapshot, so the worktrees of a pool share it and it goes when the snapshot does. Per path:
// the checkout's bytes and mode, or null for what only git can write (links, submodules).
const originals = new WeakMap<Snapshot, Map<string, Promise<OriginalFile | null>>>();

/** A tracked file as a checkout of the snapshot writes it; read once per path and kept. */
export function originalFile(snap: Snapshot, path: string): Promise<OriginalFile | null> {
  let files = originals.get(snap);
  if (!files) originals.set(snap, (files = new Map()));
  let file = files.get(path);
  if (!file) {
    file = readOriginal(snap, path);
    const cache = files;
    file.catch(() => cache.delete(path));
    files.set(path, file);
  }
  return file;
}

async function readOriginal(snap: Snapshot, path: string): Promise<OriginalFile | null> {
  const entry = await snapshotEntry(snap, path);
  if (!entry || (entry.mode !== '100644' && entry.mode !== '100755')) return null;
  return { bytes: await readEntryBytes(snap, entry), mode: entry.mode === '100755' ? 0o755 : 0o644 };
}

/**
 * Writes tracked files back from the snapshot without git, so the index is neither read nor
 * rewritten. Whatever stands at a path (a link, a folder, a hard link to a file elsewhere) is
 * removed first, never written through. Returns the paths left for git (links, submodules,
 * or all of them when there are many).
 */
export async function restoreTracked(root: string, paths: readonly string[], original: (path: string) => Promise<OriginalFile | null>): Promise<string[]> {
  if (paths.length > MAX_HAND_RESTORED) return [...paths];
  const rest: string[] = [];
  for (const path of paths) {
    const file = await original(path);
    if (!file) {
      rest.push(path);
      continue;
    }
    const abs = await resolveInside(root, path, true);
    const st = await lstat(abs).catch(() => null);
    if (st?.isDirectory()) await removeTree(abs);
    else if (st) await unlinkIfPresent(abs);
    await writeNoFollow(abs, file.bytes, file.mode);
  }
  return rest;
}

/**
 * Identity of the worktree's index and HEAD. A run outside the sandbox can stage files or move
 * HEAD; then the scan, which compares files against the index, no longer tells the whole story.
 */
export async function gitStateStamp(adminDir: string): Promise<string> {
  const parts: string[] = [];
  for (const name of ['index', 'HEAD']) {
    const st = await stat(join(adminDir, name), { bigint: true }).catch(() => null);
    parts.push(st ? `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}` : 'none');
  }
  return parts.join('|');
}
