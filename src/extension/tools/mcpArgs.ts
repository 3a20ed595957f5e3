// The command line of the MCP server VS Code announces: the bundled CLI's `mcp` command with the
// user's endpoint, model and budgets. The API key never goes on the command line (other users can
// read it there); it travels in the environment, under a name of our own.
import type { ExtensionSettings } from '../config';

/** Environment variable carrying the stored key to the server. */
export const MCP_KEY_VAR = 'SOLVE_WITH_SEARCH_API_KEY';

export interface McpLaunch {
  args: string[];
  env: Record<string, string>;
}

export function mcpLaunch(cliPath: string, settings: ExtensionSettings, folders: readonly string[], apiKey: string | undefined): McpLaunch {
  const b = settings.budget;
  const opt = (flag: string, v: number | undefined) => (v === undefined ? [] : [flag, String(v)]);
  return {
    args: [
      cliPath,
      'mcp',
      '--base-url',
      settings.baseUrl,
      '--model',
      settings.model,
      // Always our own variable, even when empty: the CLI would otherwise read OPENAI_API_KEY, and a
      // workspace's settings may point the base URL at any host.
      '--api-key-env',
      MCP_KEY_VAR,
      ...folders.flatMap((f) => ['--allow-root', f]),
      ...opt('--samples', settings.samples),
      ...opt('--rounds', settings.rounds),
      ...opt('--concurrency', settings.concurrency),
      ...opt('--temperature', settings.temperature),
      ...opt('--max-tokens', settings.maxTokens),
      '--stop',
      settings.stopPolicy,
      ...opt('--test-timeout-s', settings.testTimeoutSeconds),
      ...opt('--budget-usd', b.usd),
      ...opt('--budget-tokens', b.tokens),
      ...opt('--max-candidates', b.candidates),
      ...opt('--timeout-s', b.timeSeconds),
      // Always explicit, so the server's test runs are isolated as the user's searches in the editor are.
      '--sandbox',
      settings.sandbox,
      ...opt('--max-write-mb', settings.maxWriteMb),
      ...settings.allowEnv.flatMap((name) => ['--allow-env', name]),
    ],
    env: { [MCP_KEY_VAR]: apiKey ?? '' },
  };
}
