// Where a search keeps its private files, and the check that nobody else planted them.
import { createHash } from 'node:crypto';
import { lstat, mkdir, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../types';

export const REF_NAMESPACE = 'refs/solve-with-search/';

// Search ids become ref names and folder names: keep them to characters both accept.
const SEARCH_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function checkSearchId(searchId: string): void {
  if (!SEARCH_ID.test(searchId) || searchId.includes('..') || searchId.endsWith('.lock')) {
    throw new Error(`Invalid search id "${searchId}": use letters, digits, '.', '_' and '-' only.`);
  }
}

export function searchRef(searchId: string): string {
  return REF_NAMESPACE + searchId;
}

/** A short stable name for a repository (its common git dir) or a plain folder. */
export function repoKey(absolutePath: string): string {
  return createHash('sha256').update(absolutePath).digest('hex').slice(0, 16);
}

function toolRootPath(): string {
  return join(tmpdir(), 'solve-with-search');
}

/**
 * The tool's folder in the system temp dir, created private (0700). On a shared /tmp another
 * user could pre-create it (or a symlink in its place) to read our sources or steer our
 * writes, so an existing folder must be a real directory owned by us.
 */
export async function toolRoot(): Promise<string> {
  const root = toolRootPath();
  await mkdir(root, { recursive: true, mode: 0o700 });
  const st = await lstat(root);
  const uid = process.getuid?.();
  if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) {
    throw new UserError(
      `${root} is not a private folder of the current user. Remove it (or set TMPDIR to a private folder) and try again.`,
    );
  }
  return realpath(root);
}

/** Folder holding every search of one repository: <tool root>/<repo key>. */
export async function repoFolder(key: string): Promise<string> {
  return join(await toolRoot(), key);
}

/** Cleanup's view: the repository's folder if the tool root exists and is ours; nothing is created. */
export async function existingRepoFolder(key: string): Promise<string | null> {
  const root = toolRootPath();
  const st = await lstat(root).catch(() => null);
  const uid = process.getuid?.();
  if (!st?.isDirectory() || (uid !== undefined && st.uid !== uid)) return null;
  return join(await realpath(root), key);
}
