// The sandbox: snapshot the workspace, test candidates in throwaway worktrees, apply the winner.
export { takeSnapshot, listSnapshotFiles, listSubmodules, releaseSnapshot, type Snapshot } from './snapshot';
export { snapshotReader } from './reader';
export { WorktreePool, type PoolOptions } from './pool';
export type { Worktree } from './worktree';
export { DEFAULT_SHARE_DIRS } from './share';
export { pruneLeftovers } from './prune';
export { applyToWorkspace, type ApplyResult } from './apply';
export { mergeText } from './merge';
export { UnsafePathError } from './fs-safe';
export { GitError } from './git';
export { isolateRuns, probeJail, type RunIsolation } from './jail';
