import type { Patch } from '../types';

export interface SearchReplaceBlock {
  path: string;
  search: string;
  replace: string;
}

export interface ParsedAnswer {
  /** One-line reasoning summary: a leading `Plan: ...` line, else the first sentence of prose before the first fence; trimmed to ~200 chars. */
  plan: string | undefined;
  format: 'diff' | 'search-replace' | 'mixed' | 'none';
  /** Raw unified-diff texts found in ```diff / ```patch fences (or a bare diff with ---/+++ headers if there are no fences). */
  diffs: string[];
  blocks: SearchReplaceBlock[];
  /** Edits the answer started but did not finish (e.g. a SEARCH block cut off); any entry makes the answer unparseable. */
  problems?: string[];
}

/** One file of the snapshot the patch applies to. */
export interface BaseFile {
  content: string;
  mode: string;
  binary: boolean;
}

/** Read access to the snapshot the patch applies to. Paths are workspace-relative POSIX. */
export interface BaseReader {
  /** null when no such file in the snapshot. */
  read(path: string): Promise<BaseFile | null>;
  /** Paths that are symlinks in the snapshot (mode 120000). */
  symlinks: ReadonlySet<string>;
}

export interface PatchPolicy {
  /** picomatch globs (matched against workspace-relative paths, dot:true) that candidates may not touch. */
  protectedGlobs: string[];
  /** Extra paths that may not be touched (e.g. generated reproduction tests). */
  protectedPaths?: string[];
  /** Default 50. */
  maxFiles?: number;
  /** Total bytes of new content, default 2 MB. */
  maxBytes?: number;
}

export type PatchOutcome =
  | { ok: true; patch: Patch; fuzzy: boolean }
  | { ok: false; status: 'unparseable' | 'rejected'; reason: string };
