// How much one test run may write: a per-file cap the kernel enforces while it runs, and a
// total the engine checks afterwards (many files each under the cap still fill a disk).
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';

/** More files than this written by one run is a runaway, whatever their size. */
export const MAX_WRITTEN_FILES = 100_000;

/**
 * Runs `shell` under `ulimit -f`: a write past the cap fails with EFBIG (or SIGXFSZ). Blocks are
 * 512 bytes in POSIX sh. A failing ulimit (a lower hard limit already in place) is not an error.
 */
export function withFileSizeLimit(shell: readonly string[], maxBytes: number): string[] {
  const blocks = Math.max(1, Math.ceil(maxBytes / 512));
  return ['/bin/sh', '-c', `ulimit -f ${blocks} 2>/dev/null; exec "$@"`, 'solve-with-search-limits', ...shell];
}

export interface WriteUsage {
  bytes: number;
  files: number;
  /** Largest single file. */
  largest: number;
}

/** Sizes of `paths` (relative to `root`); symbolic links count as links, never followed. */
export async function measureWrites(root: string, paths: readonly string[]): Promise<WriteUsage> {
  const limit = pLimit(16);
  const sizes = await Promise.all(
    paths.map((p) => limit(async () => {
      const st = await lstat(join(root, p)).catch(() => null);
      return st?.isFile() ? st.size : 0;
    })),
  );
  return { bytes: sizes.reduce((a, b) => a + b, 0), files: paths.length, largest: Math.max(0, ...sizes) };
}

/** Why a run's writes break the limit, or undefined when they do not. */
export function writeLimitBroken(usage: WriteUsage, maxBytes: number): string | undefined {
  const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;
  if (usage.files > MAX_WRITTEN_FILES) {
    return `the test run wrote ${usage.files} files into its worktree (at most ${MAX_WRITTEN_FILES} are allowed)`;
  }
  if (usage.largest >= maxBytes) {
    return `the test run wrote a file of ${mb(usage.largest)}, the most one run may write (raise the write limit, --max-write-mb, if that is expected)`;
  }
  if (usage.bytes >= maxBytes) {
    return `the test run wrote ${mb(usage.bytes)} into its worktree, over the ${mb(maxBytes)} limit (raise it with --max-write-mb if that is expected)`;
  }
  return undefined;
}
