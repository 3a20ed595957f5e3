// The language-model tool and the MCP server definition are registered at activation, so both are
// listed from the start; what they do loads with the runtime on first use. Editors without these
// APIs (older VS Code, other hosts) simply get neither.
import * as vscode from 'vscode';
import { TOOL_NAME } from '../../agents/names';
import type { SolveToolArgs } from '../../agents/schema';
import { mcpApi } from './mcpApi';
import type { McpDefinitions } from './mcpDefinitions';
import type { SolveTool } from './solveTool';

/** package.json's `contributes.mcpServerDefinitionProviders` id. */
export const MCP_PROVIDER_ID = 'solve-with-search.mcp';
/** The settings section (as in ../config, which activation does not load). */
const SECTION = 'solveWithSearch';

export interface AgentSurfaces {
  tool: SolveTool;
  mcpDefinitions: McpDefinitions;
}

export function registerAgentSurfaces(secrets: vscode.SecretStorage, load: () => Promise<AgentSurfaces>): vscode.Disposable[] {
  const disposables: vscode.Disposable[] = [];
  if (typeof vscode.lm?.registerTool === 'function') {
    disposables.push(
      vscode.lm.registerTool<SolveToolArgs>(TOOL_NAME, {
        prepareInvocation: async (options) => (await load()).tool.prepareInvocation(options),
        invoke: async (options, token) => (await load()).tool.invoke(options, token),
      }),
    );
  }
  const api = mcpApi();
  if (api) {
    const changed = new vscode.EventEmitter<void>();
    const fire = () => changed.fire();
    disposables.push(
      changed,
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(SECTION) && fire()),
      vscode.workspace.onDidGrantWorkspaceTrust(fire),
      vscode.workspace.onDidChangeWorkspaceFolders(fire),
      secrets.onDidChange(fire),
      api.registerProvider(MCP_PROVIDER_ID, {
        onDidChangeMcpServerDefinitions: changed.event,
        provideMcpServerDefinitions: async () => (await load()).mcpDefinitions.provide(api),
      }),
    );
  }
  return disposables;
}
