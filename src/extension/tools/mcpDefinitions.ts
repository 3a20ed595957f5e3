// Announces the bundled MCP server to VS Code, so agents that take their tools from MCP (and the
// user's MCP list) find solve_with_search with the endpoint and budgets of the settings.
import * as vscode from 'vscode';
import { isLocalEndpoint } from '../../engine/llm';
import { configurationReader, readSettings, SECTION } from '../config';
import type { SearchLog } from '../log';
import type { ApiKeys } from '../secrets';
import { workspacePolicy } from './invocation';
import type { McpApi, McpStdioDefinition } from './mcpApi';
import { mcpLaunch } from './mcpArgs';

export class McpDefinitions {
  private lastNote: string | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly keys: ApiKeys,
    private readonly log: SearchLog,
  ) {}

  /** None in an untrusted window, without an OpenAI-compatible endpoint, or when its key is missing. */
  async provide(api: McpApi): Promise<McpStdioDefinition[]> {
    if (!vscode.workspace.isTrusted) return [];
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    const first = folders[0];
    if (!first) return [];
    const settings = readSettings(configurationReader(vscode.workspace.getConfiguration(SECTION, first.uri)));
    // The server speaks to OpenAI-compatible endpoints only; the other providers live in the editor.
    if (settings.provider !== 'openai-compatible' || !settings.baseUrl || !settings.model) {
      return this.none('The MCP server is announced once an OpenAI-compatible endpoint and model are set (solveWithSearch.baseUrl, solveWithSearch.model).');
    }
    const found = await this.keys.find(settings.baseUrl);
    if (!found && !isLocalEndpoint(settings.baseUrl)) {
      return this.none('The MCP server is not announced: its endpoint needs an API key. Run "Solve with Search: Set API Key".');
    }
    const cli = vscode.Uri.joinPath(this.extensionUri, 'dist', 'cli.js').fsPath;
    const launch = mcpLaunch(cli, settings, workspacePolicy().roots, found?.key);
    // The extension host's own executable: Node in a server, Electron on the desktop, which this variable turns into Node.
    const definition = new api.StdioDefinition(
      vscode.l10n.t('Solve with Search'),
      process.execPath,
      launch.args,
      { ...launch.env, ELECTRON_RUN_AS_NODE: '1' },
      process.env.SWS_VERSION ?? '0.1.0',
    );
    definition.cwd = first.uri;
    return [definition];
  }

  private none(note: string): McpStdioDefinition[] {
    if (note !== this.lastNote) this.log.info(note);
    this.lastNote = note;
    return [];
  }
}
