// Where candidates come from, chosen from the settings: an OpenAI-compatible endpoint, a VS Code
// language model, or the mutation search that needs no model.
import type * as vscode from 'vscode';
import { createOpenAIProvider, isLocalEndpoint, priceFor, type ModelProvider, type Price } from '../engine/llm';
import { ModelSource } from '../engine/sources/model';
import { MutationSource } from '../engine/sources/mutation';
import type { CandidateSource } from '../engine/sources/source';
import { UserError } from '../engine/types';
import { apiKeyHost, SECTION, SettingError, type ExtensionSettings } from './config';
import { createLanguageModelProvider } from './models/lmProvider';
import type { ApiKeys } from './secrets';

export interface BuiltSource {
  source: CandidateSource;
  /** Values that must never reach a log, a trace or a test run. */
  secretValues: string[];
  /** Said once in the log: how the source was chosen. */
  note?: string;
}

/** The endpoint needs a key and none is stored; the message says how to add one. */
export class MissingApiKeyError extends UserError {
  constructor(readonly baseUrl: string) {
    super(
      `No API key for ${apiKeyHost(baseUrl)}. Run "Solve with Search: Set API Key" (it is kept in VS Code's secret storage), then search again.`,
    );
  }
}

export interface SourceRequest {
  /** The chat's model, used when the user has not chosen a provider (and for vscode-lm). */
  chatModel?: vscode.LanguageModelChat;
}

export interface LanguageModels {
  select(selector: vscode.LanguageModelChatSelector): Thenable<vscode.LanguageModelChat[]>;
}

export class SourceFactory {
  constructor(
    private readonly keys: ApiKeys,
    private readonly lm: LanguageModels | undefined,
  ) {}

  async create(settings: ExtensionSettings, req: SourceRequest = {}): Promise<BuiltSource> {
    if (req.chatModel && (settings.provider === 'vscode-lm' || !settings.providerExplicit)) {
      return { source: new ModelSource(this.languageModel(req.chatModel, settings.prices)), secretValues: [], note: `the chat's model ${req.chatModel.name}` };
    }
    switch (settings.provider) {
      case 'openai-compatible':
        return this.openAI(settings);
      case 'vscode-lm':
        return { source: new ModelSource(this.languageModel(await this.pickLanguageModel(settings.model), settings.prices)), secretValues: [] };
      case 'mutation':
        return {
          source: new MutationSource(),
          secretValues: [],
          ...(settings.providerExplicit ? {} : { note: 'no model is configured, so candidates come from program mutations' }),
        };
    }
  }

  private async openAI(s: ExtensionSettings): Promise<BuiltSource> {
    if (!s.baseUrl) throw new SettingError(`${SECTION}.baseUrl`, 'No model endpoint is set. Set solveWithSearch.baseUrl (for example http://127.0.0.1:11434/v1) or run "Solve with Search: Select Model".');
    if (!s.model) throw new SettingError(`${SECTION}.model`, 'No model name is set. Set solveWithSearch.model to a model your endpoint serves, or run "Solve with Search: Select Model".');
    const found = await this.keys.find(s.baseUrl);
    // A server on this machine or the local network takes no key; anything else needs one.
    if (!found && !isLocalEndpoint(s.baseUrl)) throw new MissingApiKeyError(s.baseUrl);
    const apiKey = found?.key ?? '';
    const price: Price = priceFor(s.model, s.baseUrl, s.prices);
    const provider = createOpenAIProvider({ baseURL: s.baseUrl, apiKey, model: s.model, price });
    return {
      source: new ModelSource(provider),
      secretValues: apiKey ? [apiKey] : [],
      ...(found ? { note: `API key from ${found.from}` } : {}),
    };
  }

  private languageModel(chat: vscode.LanguageModelChat, prices: Record<string, Price>): ModelProvider {
    // Subscription models have no per-token bill: zero unless the user prices the model.
    const price = prices[chat.id] ?? prices[chat.family];
    return createLanguageModelProvider(chat, price ? { price } : {});
  }

  private async pickLanguageModel(id: string): Promise<vscode.LanguageModelChat> {
    if (!this.lm) throw new UserError('This editor has no language model API. Choose another provider with "Solve with Search: Select Model".');
    const models = id ? await this.lm.select({ id }) : await this.lm.select({});
    const chosen = models[0];
    if (!chosen) {
      throw new SettingError(
        `${SECTION}.model`,
        id
          ? `The language model "${id}" is not available. Run "Solve with Search: Select Model" to pick one that is.`
          : 'No language model is available. Install and sign in to a model provider (for example GitHub Copilot), or choose another provider with "Solve with Search: Select Model".',
      );
    }
    return chosen;
  }
}
