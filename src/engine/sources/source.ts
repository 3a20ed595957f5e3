import type { ChatMessage } from '../llm';
import type { BaseReader } from '../patch';
import type { Answer, FileChange, SearchNode, TestReport } from '../types';

/** One proposed candidate, from a model's answer or from a program transformation. */
export interface Proposal {
  /** A model's raw answer; the engine parses it into a patch. */
  text?: string;
  /** Ready-made changes (no parsing needed). */
  changes?: FileChange[];
  plan?: string;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  latencyMs: number;
  /** The request for this proposal failed; the node reports it. */
  error?: string;
  /** Which kind of source made it, when a source mixes several. */
  source?: 'model' | 'mutation';
  /** Prompt that produced it, kept for the trace. */
  messages?: ChatMessage[];
}

export interface ProposeRequest {
  round: number;
  /** The failing candidate to refine; null samples from the task itself. */
  parent: SearchNode | null;
  /** The parent's failing output (names, assertion messages, trimmed stacks). */
  parentFailure?: string;
  count: number;
  signal: AbortSignal;
}

/** What a source learns once the baseline has run. */
export interface SourceContext {
  task: string;
  baseline: TestReport;
  /** Failing tests' output excerpt from the baseline. */
  baselineFailure: string;
  files: string[];
  reader: BaseReader;
  /** Absolute folders that prefix paths in test output (worktree and workspace roots). */
  roots: string[];
  isProtected(path: string): boolean;
  temperature: number;
  maxTokens: number;
}

/** A request for tests (reproduction tests of a task no test checks yet): n samples of one prompt. */
export interface TestWriteRequest {
  messages: ChatMessage[];
  n: number;
  temperature: number;
  maxTokens: number;
  signal: AbortSignal;
}

export interface CandidateSource {
  readonly kind: 'model' | 'mutation';
  /** Human description, e.g. "gpt-4o-mini at http://127.0.0.1:8080/v1". */
  readonly label: string;
  prepare(ctx: SourceContext): Promise<void>;
  /** Produces up to `count` proposals, reporting each as it arrives, and resolves when all are in. Counts one request per call to `onRequest`. */
  propose(req: ProposeRequest, onProposal: (p: Proposal, index: number) => void, onRequest: () => void): Promise<void>;
  /** Dollar estimate of `count` more proposals under `parents` (null = the task), checked against the budget before asking. */
  estimateCostUsd(count: number, parents: ReadonlyArray<SearchNode | null>): number;
  /** Token estimate of `count` more proposals under `parents`. */
  estimateTokens(count: number, parents: ReadonlyArray<SearchNode | null>): number;
  /** Writes tests for the prompt (one per answer); absent when the source cannot (mutation search). Counts its request with `onRequest`. */
  writeTests?(req: TestWriteRequest, onRequest: () => void): Promise<Answer[]>;
  /** Dollar estimate of a writeTests request of this size, checked against the budget before asking. */
  estimateTestsCostUsd?(promptTokens: number, completionTokens: number): number;
}
