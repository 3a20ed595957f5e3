// Three-way merge of one file with `git merge-file`, on temp files outside the workspace.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitBytes } from './git';
import { removeTree } from './fs-safe';

export interface MergeResult {
  clean: boolean;
  /** The merged bytes; with conflict markers when not clean. */
  content: Buffer;
  conflicts: number;
}

// Exit code = number of conflicts (capped at 127); a negative code (255 here) is an error.
const CONFLICT_CODES = Array.from({ length: 127 }, (_, i) => i + 1);

/** Merges `theirs` into `ours` given their common `base`. */
export async function mergeFile(ours: Uint8Array, base: Uint8Array, theirs: Uint8Array, gitBinary?: string): Promise<MergeResult> {
  const dir = await mkdtemp(join(tmpdir(), 'sws-merge-'));
  try {
    const [o, b, t] = ['ours', 'base', 'theirs'].map((n) => join(dir, n)) as [string, string, string];
    await Promise.all([writeFile(o, ours), writeFile(b, base), writeFile(t, theirs)]);
    const labels = ['-L', 'your version', '-L', 'snapshot', '-L', 'fix'];
    const r = await gitBytes(['merge-file', '-p', ...labels, o, b, t], { cwd: dir, gitBinary, okCodes: CONFLICT_CODES });
    return { clean: r.exitCode === 0, content: r.stdout, conflicts: r.exitCode };
  } finally {
    await removeTree(dir);
  }
}

/** 3-way merge of a candidate's text into the text the user has now (base = snapshot); conflict markers when not clean. */
export async function mergeText(base: string, current: string, candidate: string): Promise<{ clean: boolean; text: string }> {
  const r = await mergeFile(Buffer.from(current, 'utf8'), Buffer.from(base, 'utf8'), Buffer.from(candidate, 'utf8'));
  return { clean: r.clean, text: r.content.toString('utf8') };
}
