// Checks every path and file a patch touches before anything is applied.
import type { Entry } from './workspace';
import { normalizePath, protectedReason, unsafeModeReason, unsafePathReason } from './safety';
import type { BaseReader, PatchPolicy } from './types';

/** A candidate the engine refuses; the message is the node's reason. */
export class Rejection extends Error {
  override name = 'Rejection';
}

export function reject(reason: string): never {
  throw new Rejection(reason);
}

/** The normalized path, or a rejection when it is unsafe or protected. */
export function checkPath(path: string, base: BaseReader, policy: PatchPolicy): string {
  const unsafe = unsafePathReason(path, base.symlinks);
  if (unsafe) reject(unsafe);
  const norm = normalizePath(path);
  // Normalizing may land on a different name (`a/../link/x`), so check that one too.
  const unsafeNorm = unsafePathReason(norm, base.symlinks);
  if (unsafeNorm) reject(unsafeNorm);
  const prot = protectedReason(norm, policy);
  if (prot) reject(prot);
  return norm;
}

export function checkMode(path: string, mode: string): void {
  const why = unsafeModeReason(path, mode);
  if (why) reject(why);
}

/** An existing file the patch may change as text. */
export function checkEditable(path: string, e: Entry): void {
  if (e.binary) reject(`${path} is a binary file; patches may only change text files.`);
  if (e.mode === '120000' || e.mode === '160000') checkMode(path, e.mode);
}
