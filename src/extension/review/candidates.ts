// What a finished search keeps for review: each candidate's changes and the snapshot text of
// the files they touch, copied into memory so the engine's snapshot (a ref in the user's
// repository and a folder in the temp dir) is released as soon as the search ends.
import type { Review } from '../../engine/review';
import { mergeText } from '../../engine/sandbox';
import type { FileChange, SearchNode } from '../../engine/types';

/** The part of the engine's Review that diffs and apply need. */
export type CandidateReview = Pick<Review, 'searchId' | 'workspace' | 'readBase' | 'changes' | 'merge'>;

/** Copies changes and base texts out of `review`; the caller may dispose `review` afterwards. */
export async function captureReview(review: Review, nodes: readonly SearchNode[]): Promise<CandidateReview> {
  const changes = new Map<string, FileChange[]>();
  const bases = new Map<string, string | null>();
  for (const node of nodes) {
    if (node.id === 'root' || node.duplicateOf) continue;
    const list = review.changes(node.id);
    if (!list || list.length === 0) continue;
    changes.set(node.id, list);
    for (const c of list) {
      for (const path of [c.path, c.oldPath]) {
        if (path !== undefined && !bases.has(path)) bases.set(path, await review.readBase(path));
      }
    }
  }
  const originals = new Map(nodes.filter((n) => n.duplicateOf).map((n) => [n.id, n.duplicateOf!]));
  return {
    searchId: review.searchId,
    workspace: review.workspace,
    async readBase(path) {
      return bases.get(path) ?? null;
    },
    changes(nodeId) {
      return changes.get(originals.get(nodeId) ?? nodeId);
    },
    async merge(path, current, candidate) {
      return mergeText(bases.get(path) ?? '', current, candidate);
    },
  };
}
