import type { BaseReader } from './patch';
import { applyToWorkspace, mergeText, releaseSnapshot, type ApplyResult, type Snapshot } from './sandbox';
import type { FileChange, Patch, SearchNode } from './types';

/**
 * What stays available after a search so a front end can review and apply candidates:
 * the snapshot (kept alive by its ref until dispose) and every unique candidate's changes.
 */
export interface Review {
  readonly searchId: string;
  readonly workspace: string;
  /** A workspace-relative file as it was in the snapshot, or null. */
  readBase(path: string): Promise<string | null>;
  /** A candidate's materialized changes; duplicates resolve to the node they repeat. */
  changes(nodeId: string): FileChange[] | undefined;
  /** 3-way merge of a candidate's text into the text the user has now (base = snapshot). */
  merge(path: string, current: string, candidate: string): Promise<{ clean: boolean; text: string }>;
  /** Writes a candidate into the workspace through the filesystem (the CLI's way). */
  apply(nodeId: string, opts?: { allowMerge?: boolean }): Promise<ApplyResult>;
  dispose(): Promise<void>;
}

export function createReview(
  snap: Snapshot,
  reader: BaseReader,
  patches: ReadonlyMap<string, Patch>,
  nodes: () => SearchNode[],
): Review {
  let disposed = false;
  const patchOf = (nodeId: string): Patch | undefined => {
    const node = nodes().find((n) => n.id === nodeId);
    return patches.get(node?.duplicateOf ?? nodeId);
  };
  const alive = () => {
    if (disposed) throw new Error('This search was closed; run it again to review its candidates.');
  };
  return {
    searchId: snap.searchId,
    workspace: snap.workspace,
    async readBase(path) {
      alive();
      return (await reader.read(path))?.content ?? null;
    },
    changes(nodeId) {
      return patchOf(nodeId)?.changes;
    },
    async merge(path, current, candidate) {
      alive();
      const base = (await reader.read(path))?.content ?? '';
      return mergeText(base, current, candidate);
    },
    async apply(nodeId, opts) {
      alive();
      const patch = patchOf(nodeId);
      if (!patch) return { applied: false, written: [], merged: [], conflicts: [], error: `Candidate ${nodeId} has no patch to apply.` };
      return applyToWorkspace(snap, patch, opts);
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await releaseSnapshot(snap);
    },
  };
}
