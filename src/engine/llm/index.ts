// The model side of the search: providers, prices, prompts and the files they show.
export type { ChatMessage, CompletionRequest, ModelProvider } from './provider';
export { createOpenAIProvider, MAX_ANSWER_CHARS, type OpenAIProviderOptions } from './openai-provider';
export { DEFAULT_PRICES, priceFor, isLocalEndpoint, costUsd, type Price } from './prices';
export { estimateTokens } from './tokens';
export { buildPrompt, SYSTEM_PROMPT, type PromptInput } from './prompt';
export { selectContextFiles, type ContextFile, type ContextFileQuery } from './context-files';
