import type { Answer } from '../types';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CompletionRequest {
  messages: ChatMessage[];
  n: number;
  temperature: number;
  maxTokens: number;
  signal?: AbortSignal;
}

/**
 * A source of model answers. The extension adds a second implementation over VS Code's
 * Language Model API, so nothing here mentions a particular client library.
 */
export interface ModelProvider {
  readonly name: string;
  readonly model: string;
  /**
   * Resolves with exactly `n` answers; failed samples are answers with `error` set (the search
   * goes on with the others). `onAnswer` fires once per answer as it completes. Rejects only on abort.
   */
  complete(req: CompletionRequest, onAnswer?: (a: Answer, index: number) => void): Promise<Answer[]>;
  /** Rough dollar estimate for a request of this size, for budget checks before sending. */
  estimateCostUsd(promptTokens: number, completionTokens: number): number;
}
