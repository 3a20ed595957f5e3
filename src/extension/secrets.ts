// API keys live in SecretStorage, one per endpoint host; they never go into settings or logs.
import type { SecretStorage } from 'vscode';
import { apiKeyHost, secretKeyFor } from './config';

const OPENAI_HOST = 'api.openai.com';

export interface FoundKey {
  key: string;
  from: 'secret storage' | 'OPENAI_API_KEY';
}

export class ApiKeys {
  constructor(
    private readonly secrets: SecretStorage,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /**
   * The stored key for the endpoint's host; for OpenAI's own API also `OPENAI_API_KEY`. The
   * environment's key goes to OpenAI only: a workspace's settings can point the base URL
   * anywhere, and must not be able to collect the user's key that way.
   */
  async find(baseUrl: string): Promise<FoundKey | undefined> {
    const host = apiKeyHost(baseUrl);
    if (!host) return undefined;
    const stored = await this.secrets.get(secretKeyFor(baseUrl));
    if (stored) return { key: stored, from: 'secret storage' };
    const fromEnv = this.env.OPENAI_API_KEY;
    return fromEnv && host === OPENAI_HOST ? { key: fromEnv, from: 'OPENAI_API_KEY' } : undefined;
  }

  async store(baseUrl: string, key: string): Promise<void> {
    if (!apiKeyHost(baseUrl)) throw new Error(`"${baseUrl}" is not a URL, so the key cannot be tied to a host.`);
    await this.secrets.store(secretKeyFor(baseUrl), key);
  }

  async delete(baseUrl: string): Promise<void> {
    if (apiKeyHost(baseUrl)) await this.secrets.delete(secretKeyFor(baseUrl));
  }
}
