// File operations that never follow a symbolic link out of the folder they are meant for.
import { constants } from 'node:fs';
import { chmod, lstat, mkdir, open, readdir, rename, rm, unlink } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { randomBytes } from 'node:crypto';

/** A candidate path that would escape its folder, write through a symlink, or touch git's own files. */
export class UnsafePathError extends Error {
  override name = 'UnsafePathError';
}

/**
 * Checks a POSIX relative path from a patch: no absolute paths, no '..', no '.git' component
 * (writing into a .git folder or file would let a candidate rewrite hooks or config).
 */
export function checkRelativePath(rel: string): string[] {
  if (rel === '' || rel.includes('\0') || rel.includes('\\') || posix.isAbsolute(rel) || /^[A-Za-z]:/.test(rel)) {
    throw new UnsafePathError(`Refusing path "${rel}": paths must be relative and use '/'.`);
  }
  const parts = rel.split('/');
  for (const p of parts) {
    if (p === '' || p === '.' || p === '..') throw new UnsafePathError(`Refusing path "${rel}": empty, '.' or '..' segment.`);
    // Case-insensitive file systems (macOS, Windows) treat .GIT as .git.
    if (p.toLowerCase() === '.git') throw new UnsafePathError(`Refusing path "${rel}": it points into git's own files.`);
  }
  return parts;
}

async function lstatOrNull(path: string) {
  try {
    return await lstat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Resolves `rel` under `root`, failing if any existing component is a symlink or an existing
 * parent is not a folder. Missing parents are created when `createParents` is set.
 */
export async function resolveInside(root: string, rel: string, createParents: boolean): Promise<string> {
  const parts = checkRelativePath(rel);
  let current = root;
  for (let i = 0; i < parts.length; i++) {
    current = join(current, parts[i]!);
    const st = await lstatOrNull(current);
    const last = i === parts.length - 1;
    if (st?.isSymbolicLink()) {
      throw new UnsafePathError(`Refusing to write ${rel}: ${parts.slice(0, i + 1).join('/')} is a symbolic link.`);
    }
    if (last) break;
    if (st === null) {
      if (!createParents) return join(root, ...parts);
      await mkdir(current);
    } else if (!st.isDirectory()) {
      throw new UnsafePathError(`Refusing to write ${rel}: ${parts.slice(0, i + 1).join('/')} is a file, not a folder.`);
    }
  }
  return current;
}

// O_NOFOLLOW closes the gap between the lstat check and the write (not available on Windows).
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/** Writes bytes in place without following a symlink at `path`. */
export async function writeNoFollow(path: string, data: Uint8Array, mode: number): Promise<void> {
  const fh = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | NOFOLLOW, mode);
  try {
    await fh.writeFile(data);
    await fh.chmod(mode);
  } finally {
    await fh.close();
  }
}

/** Writes through a temp file in the same folder and renames it over `path`: readers see old or new, never half. */
export async function writeAtomic(path: string, data: Uint8Array, mode: number): Promise<void> {
  const tmp = join(dirname(path), `.${randomBytes(6).toString('hex')}.sws-tmp`);
  try {
    await writeNoFollow(tmp, data, mode);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Removes a file or symlink itself (never its target). Missing is fine. */
export async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, 0o700).catch(() => undefined);
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (entry.isDirectory()) await makeWritable(join(dir, entry.name));
  }
}

/**
 * Deletes a folder tree. Node's rm unlinks symlinks rather than descending into them, so
 * shared dependency folders linked into a worktree survive. A test run may leave read-only
 * folders behind; those are made writable and the removal retried.
 */
export async function removeTree(path: string): Promise<void> {
  try {
    await rm(path, { recursive: true, force: true, maxRetries: 2 });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM') throw err;
    await makeWritable(path);
    await rm(path, { recursive: true, force: true, maxRetries: 2 });
  }
}
