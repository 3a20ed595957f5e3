// Shared vocabulary of the engine. Data flows in this order:
// task → prompt → answers → patches → sandbox → verdicts → scores → tree → apply.
// Nothing under src/engine imports `vscode`.

/** Lifecycle of one candidate node in the search tree. */
export type NodeStatus =
  | 'pending'
  | 'generating'
  | 'testing'
  | 'passed'
  | 'failed'
  | 'rejected'
  | 'duplicate'
  | 'unparseable'
  | 'error';

export const TERMINAL_STATUSES: ReadonlySet<NodeStatus> = new Set([
  'passed',
  'failed',
  'rejected',
  'duplicate',
  'unparseable',
  'error',
]);

export interface TestCounts {
  passed: number;
  failed: number;
  total: number;
  skipped?: number;
}

/** One test as reported by a runner, normalized across TAP, JUnit XML and JSON reporters. */
export interface TestCaseResult {
  /** Stable identity across runs: file + full name (suite path joined with " > "). */
  id: string;
  name: string;
  file?: string;
  status: 'passed' | 'failed' | 'skipped';
  durationMs?: number;
  message?: string;
  /** Trimmed stack (a few frames, project files first). */
  stack?: string;
}

/** How much the verifier could learn from a run, best first. */
export type ReportLevel = 'per-test' | 'summary' | 'exit-code';

/** Result of one run of the test command. */
export interface TestReport {
  level: ReportLevel;
  counts: TestCounts;
  /** Per-test results; empty unless level is 'per-test'. */
  tests: TestCaseResult[];
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** The run was cut short because its output exceeded the cap. */
  outputLimited: boolean;
  durationMs: number;
  /** Combined stdout+stderr, head and tail kept when over the cap. */
  output: string;
  /** True when `output` lost its middle. */
  truncated: boolean;
}

/** Did this run pass as a whole? Counts beat the exit code when they exist. */
export function reportPassed(r: TestReport): boolean {
  if (r.timedOut || r.outputLimited) return false;
  if (r.level !== 'exit-code') return r.counts.failed === 0 && r.exitCode === 0;
  return r.exitCode === 0;
}

/** A file change of a candidate, fully materialized against the snapshot. */
export interface FileChange {
  /** Workspace-relative POSIX path after the change (for deletes: the deleted path). */
  path: string;
  /** Set when the file was renamed: the path in the snapshot. */
  oldPath?: string;
  kind: 'modify' | 'add' | 'delete' | 'rename';
  /** New content (utf8 text); null for deletes. */
  content: string | null;
  /** File mode to write, e.g. '100644' or '100755'. */
  mode?: string;
}

/** A candidate patch after parsing, application to the snapshot and normalization. */
export interface Patch {
  changes: FileChange[];
  /** Canonical unified diff against the snapshot (a/ b/ prefixes, LF, no timestamps). */
  diff: string;
  /** Hash of the normalized diff; equal keys mean equal candidates. */
  key: string;
  files: string[];
  linesAdded: number;
  linesRemoved: number;
}

/** What the model said, before any patch is built from it. */
export interface Answer {
  text: string;
  promptTokens: number;
  completionTokens: number;
  /** Dollar cost attributed to this answer. */
  costUsd: number;
  /** Set when the request for this answer failed. */
  error?: string;
  latencyMs: number;
  /** Provider-side finish reason ('stop', 'length', ...). */
  finishReason?: string;
}

export interface Tokens {
  prompt: number;
  completion: number;
}

/** Phase timings of a node in milliseconds. */
export interface NodeTimings {
  generateMs?: number;
  patchMs?: number;
  resetMs?: number;
  applyMs?: number;
  /** Both stages of verification: the targeted stage 1 (when it ran) and the full suite. */
  testMs?: number;
  /** The targeted stage-1 run alone (only the tests failing on the snapshot). */
  stage1Ms?: number;
  /** The run of the reproduction tests on the candidate. */
  reproMs?: number;
  totalMs?: number;
}

/** Verifier's verdict for a candidate relative to the baseline run. */
export interface Verdict {
  tests: TestCounts;
  level: ReportLevel;
  /** Baseline-failing tests that now pass. */
  fixed: string[];
  /** Baseline-passing tests that now fail. */
  regressed: string[];
  /** Baseline-failing tests that still fail. */
  stillFailing: string[];
  passedAll: boolean;
  /** Head/tail excerpt of the run's output for humans and refinement prompts. */
  outputExcerpt: string;
  /** Failing tests with messages, for refinement prompts. */
  failures: Array<Pick<TestCaseResult, 'id' | 'name' | 'message' | 'stack'>>;
  timedOut: boolean;
  durationMs: number;
}

/** One node of the search tree. The root (id 'root') is the task. */
export interface SearchNode {
  id: string;
  parent: string | null;
  round: number;
  status: NodeStatus;
  /** Why the node is rejected/unparseable/error/duplicate (duplicates name their original). */
  reason?: string;
  /** One-line reasoning summary from the answer ("Plan: ..."). */
  plan?: string;
  diff?: string;
  files?: string[];
  patchKey?: string;
  /** Set on duplicates: the node whose verdict they share. */
  duplicateOf?: string;
  /** Identical samples folded into this node (itself included). */
  votes: number;
  tests?: TestCounts;
  verdict?: Verdict;
  reward?: number;
  tokens: Tokens;
  costUsd: number;
  timings: NodeTimings;
  /** Which candidate source produced it. */
  source: 'model' | 'mutation' | 'root';
  /** Ids of the valid reproduction tests it makes pass and of those still failing. */
  repro?: { passed: string[]; failed: string[] };
}

export interface SearchStats {
  /** Every run of the test command on a candidate: full-suite runs plus stage-1 runs. */
  testRuns: number;
  /** The targeted stage-1 runs among testRuns; absent when no candidate had one. */
  stage1Runs?: number;
  /** Runs of reproduction tests (validating them on the snapshot, checking candidates); not in testRuns. */
  reproRuns?: number;
  uniqueCandidates: number;
  llmRequests: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  wallMs: number;
}

export type SearchStatus = 'solved' | 'unsolved' | 'cancelled' | 'error';

/** Events emitted on every change; the webview and the CLI render these. */
export type SearchEvent =
  | { type: 'search-started'; searchId: string; task: string; workspace: string; testCommand: string; snapshot: string }
  | { type: 'baseline'; report: BaselineSummary }
  /** The reproduction tests written for the task, after validation on the snapshot. */
  | { type: 'repro'; tests: import('./repro/types').ReproTest[] }
  | { type: 'round-started'; round: number }
  | { type: 'node'; node: SearchNode }
  /** `topic` marks the one notice per search that says how test runs are isolated, for front ends that show it prominently. */
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string; topic?: 'isolation' }
  | { type: 'stats'; stats: SearchStats }
  | { type: 'search-finished'; result: SearchResult };

export interface BaselineSummary {
  tests: TestCounts;
  level: ReportLevel;
  failing: string[];
  passing: number;
  durationMs: number;
  outputExcerpt: string;
  /** Tests that failed on the snapshot but passed when re-run unchanged; ignored as targets and as regressions. */
  flaky?: string[];
}

export interface SearchResult {
  searchId: string;
  status: SearchStatus;
  applied: boolean;
  /** Why the result was not applied when apply was asked for. */
  applyError?: string;
  best: SearchNode | null;
  /** Human reasons the winner won. */
  why: string[];
  nodes: SearchNode[];
  stats: SearchStats;
  baseline: BaselineSummary | null;
  error?: string;
  /** Why the search stopped when it did (a budget, the stop policy, the rounds). */
  stopReason?: string;
  /** False when the snapshot had no failing test and no reproduction test is valid, so candidates were checked against regressions only. */
  hasTargets: boolean;
  /** Reproduction tests written for the task, valid and discarded; absent when none were asked for. */
  reproTests?: import('./repro/types').ReproTest[];
  /** Reproduction test files written into the workspace (keepRepro after a solved search). */
  reproKept?: string[];
  snapshot: string;
  /** Present when the search was asked to keep its snapshot for review (front ends dispose it). */
  review?: import('./review').Review;
}

/** Raised for problems the user can fix (bad workspace, bad config). Message says what to do. */
export class UserError extends Error {
  override name = 'UserError';
}
