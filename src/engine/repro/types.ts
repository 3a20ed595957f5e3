// Reproduction tests: tests the model writes for a task that no test of the suite checks yet.
import type { ChatMessage } from '../llm';

/** One reproduction test as the model wrote it and the snapshot judged it. */
export interface ReproTest {
  /** 'r1', 'r2', ... in the order the answers came. */
  id: string;
  /** Workspace-relative path of its own file (in a folder the user's suite does not own). */
  file: string;
  /**
   * valid: it runs and fails on the snapshot with an assertion, so it is a target of every
   * candidate; discarded: it passes on the snapshot or fails for another reason.
   */
  status: 'valid' | 'discarded';
  /** Why it was discarded. */
  reason?: string;
  /** How it fails on the snapshot (assertion messages, trimmed stacks, head and tail of the output). */
  baseFailure?: string;
  /** Set when an identical test (same normalized content) was kept instead. */
  duplicateOf?: string;
  /** The file's content; empty when the answer held no test. */
  content: string;
  /** Test ids the file reported on the snapshot, to tell its results apart in a shared run. */
  testIds?: string[];
}

/** How one candidate did on the valid reproduction tests. */
export interface ReproOutcome {
  /** Ids of the reproduction tests it makes pass. */
  passed: string[];
  /** Ids of the ones still failing (a missing result counts as failing). */
  failed: string[];
  /** What failed, for refinement prompts and people. */
  excerpt: string;
}

/** The prompt and raw answers of the request that wrote the tests, for the trace. */
export interface ReproRequestRecord {
  messages: ChatMessage[];
  answers: string[];
}
