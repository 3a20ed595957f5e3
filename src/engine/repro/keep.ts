// Writing valid reproduction tests into the user's workspace, only when asked.
import { patchFromChanges, type BaseReader } from '../patch';
import { applyToWorkspace, type Snapshot } from '../sandbox';
import { reproChanges } from './run';
import type { ReproTest } from './types';

/**
 * Adds the tests as new files, all or none. A file the user created at the same path in the
 * meantime is never overwritten: nothing is written then.
 */
export async function keepReproTests(snap: Snapshot, reader: BaseReader, tests: readonly ReproTest[]): Promise<{ written: string[]; error?: string }> {
  const valid = tests.filter((t) => t.status === 'valid');
  if (valid.length === 0) return { written: [] };
  const built = await patchFromChanges(reproChanges(valid), reader, { protectedGlobs: [] });
  if (!built.ok) return { written: [], error: built.reason };
  const res = await applyToWorkspace(snap, built.patch, { allowMerge: false });
  return res.applied ? { written: res.written } : { written: [], error: res.error ?? 'the workspace changed during the search' };
}
