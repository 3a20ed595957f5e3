// The engine's ModelProvider over VS Code's Language Model API (Copilot and other installed
// models): the chat API answers once per request, so the sampler fans out and throttles.
import * as vscode from 'vscode';
import type { ChatMessage, Price } from '../../engine/llm';
import { SamplingProvider, type ChatBackend, type SamplerOptions } from './sampler';

/** The API has no system role: the system prompt leads the first user message. */
export function toChatMessages(messages: ChatMessage[]): vscode.LanguageModelChatMessage[] {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content);
  const rest = messages.filter((m) => m.role !== 'system');
  const out = rest.map((m, i) => {
    const content = i === 0 && system.length > 0 && m.role === 'user' ? `${system.join('\n\n')}\n\n${m.content}` : m.content;
    return m.role === 'assistant' ? vscode.LanguageModelChatMessage.Assistant(content) : vscode.LanguageModelChatMessage.User(content);
  });
  if (out.length === 0 && system.length > 0) out.push(vscode.LanguageModelChatMessage.User(system.join('\n\n')));
  return out;
}

function isRateLimited(e: unknown): boolean {
  if (e instanceof vscode.LanguageModelError && e.code === vscode.LanguageModelError.Blocked.name) return true;
  return /rate.?limit|too many requests|\b429\b|quota/i.test(e instanceof Error ? e.message : String(e));
}

function describe(e: unknown): string {
  if (e instanceof vscode.LanguageModelError) {
    switch (e.code) {
      case vscode.LanguageModelError.NoPermissions.name:
        return vscode.l10n.t('The language model refused the request: allow Solve with Search to use it when VS Code asks, then search again.');
      case vscode.LanguageModelError.NotFound.name:
        return vscode.l10n.t('The language model is no longer available: pick another one with "Solve with Search: Select Model".');
      case vscode.LanguageModelError.Blocked.name:
        return vscode.l10n.t('The language model is rate limited or over its quota: lower the samples or concurrency, or try again later.');
    }
    return vscode.l10n.t('The language model failed: {0}', e.message);
  }
  return e instanceof Error ? e.message : String(e);
}

function backend(chat: vscode.LanguageModelChat): ChatBackend<vscode.LanguageModelChatMessage> {
  return {
    name: 'vscode-lm',
    model: `${chat.vendor}/${chat.family}`,
    toMessages: toChatMessages,
    countTokens: async (input) => chat.countTokens(input),
    async *send(messages, signal) {
      const cancel = new vscode.CancellationTokenSource();
      const onAbort = () => cancel.cancel();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const response = await chat.sendRequest(
          messages,
          { justification: vscode.l10n.t('Solve with Search asks the model for candidate fixes and checks each one with your tests.') },
          cancel.token,
        );
        yield* response.text;
      } finally {
        signal?.removeEventListener('abort', onAbort);
        cancel.dispose();
      }
    },
    isRateLimited,
    describe,
  };
}

export function createLanguageModelProvider(chat: vscode.LanguageModelChat, opts: SamplerOptions & { price?: Price } = {}): SamplingProvider<vscode.LanguageModelChatMessage> {
  return new SamplingProvider(backend(chat), opts);
}
