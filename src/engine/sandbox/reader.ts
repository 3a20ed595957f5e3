// Reads files of the snapshot, in the form a checkout writes them to disk.
import pLimit from 'p-limit';
import type { BaseFile, BaseReader } from '../patch';
import { gitBytes } from './git';
import { repoGit, snapshotEntries, type Snapshot, type TreeEntry } from './snapshot';

const SYMLINK = '120000';
const GITLINK = '160000';

// One git process per read; a cap keeps a burst of reads from flooding a small machine.
const limit = pLimit(4);

/** Same heuristic as git: a NUL byte in the first 8000 bytes means binary. */
export function isBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8000).includes(0);
}

/**
 * Bytes of an entry as a checkout produces them: `--filters` applies eol conversion and
 * smudge filters, so they match what is in the worktree and the user's files byte for byte.
 */
export function readEntryBytes(snap: Snapshot, entry: TreeEntry): Promise<Buffer> {
  const at = repoGit(snap);
  const args =
    entry.mode === SYMLINK
      ? [...at.args, 'cat-file', 'blob', entry.oid]
      : [...at.args, 'cat-file', '--filters', `${snap.commit}:${entry.path}`];
  return limit(async () => (await gitBytes(args, { cwd: at.cwd, gitBinary: snap.gitBinary })).stdout);
}

/** Workspace-relative path → entry, for the snapshot's files under the workspace. */
export async function workspaceEntries(snap: Snapshot): Promise<Map<string, TreeEntry>> {
  const map = new Map<string, TreeEntry>();
  for (const e of await snapshotEntries(snap)) {
    if (e.mode === GITLINK || !e.path.startsWith(snap.prefix)) continue;
    map.set(e.path.slice(snap.prefix.length), e);
  }
  return map;
}

/** A reader over the snapshot; paths are workspace-relative. Binary files read as empty content. */
export async function snapshotReader(snap: Snapshot): Promise<BaseReader> {
  const entries = await workspaceEntries(snap);
  const symlinks = new Set([...entries].filter(([, e]) => e.mode === SYMLINK).map(([p]) => p));
  const cache = new Map<string, Promise<BaseFile | null>>();
  const load = async (path: string): Promise<BaseFile | null> => {
    const entry = entries.get(path);
    if (!entry) return null;
    const bytes = await readEntryBytes(snap, entry);
    const binary = entry.mode !== SYMLINK && isBinary(bytes);
    return { content: binary ? '' : bytes.toString('utf8'), mode: entry.mode, binary };
  };
  return {
    symlinks,
    read(path) {
      let p = cache.get(path);
      if (!p) {
        p = load(path);
        p.catch(() => cache.delete(path));
        cache.set(path, p);
      }
      return p;
    },
  };
}
