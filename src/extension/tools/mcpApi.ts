// The MCP server definition API arrived in VS Code 1.101; the extension supports 1.95, whose types
// do not have it. These are the few members we use, and a check that the running editor has them.
import * as vscode from 'vscode';

export interface McpStdioDefinition {
  readonly label: string;
  cwd?: vscode.Uri;
  command: string;
  args: string[];
  env: Record<string, string | number | null>;
  version?: string;
}

export interface McpDefinitionProvider {
  readonly onDidChangeMcpServerDefinitions?: vscode.Event<void>;
  provideMcpServerDefinitions(token: vscode.CancellationToken): vscode.ProviderResult<McpStdioDefinition[]>;
  resolveMcpServerDefinition?(server: McpStdioDefinition, token: vscode.CancellationToken): vscode.ProviderResult<McpStdioDefinition>;
}

type StdioDefinitionClass = new (
  label: string,
  command: string,
  args?: string[],
  env?: Record<string, string | number | null>,
  version?: string,
) => McpStdioDefinition;

export interface McpApi {
  registerProvider(id: string, provider: McpDefinitionProvider): vscode.Disposable;
  StdioDefinition: StdioDefinitionClass;
}

/** The editor's MCP API, or undefined where it has none. */
export function mcpApi(): McpApi | undefined {
  const lm = vscode.lm as unknown as { registerMcpServerDefinitionProvider?: (id: string, p: McpDefinitionProvider) => vscode.Disposable } | undefined;
  const StdioDefinition = (vscode as unknown as { McpStdioServerDefinition?: StdioDefinitionClass }).McpStdioServerDefinition;
  if (typeof lm?.registerMcpServerDefinitionProvider !== 'function' || typeof StdioDefinition !== 'function') return undefined;
  const register = lm.registerMcpServerDefinitionProvider.bind(lm);
  return { registerProvider: (id, provider) => register(id, provider), StdioDefinition };
}
