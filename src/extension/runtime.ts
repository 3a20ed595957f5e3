// Everything behind the commands, loaded on first use so that activation stays cheap.
import * as vscode from 'vscode';
import { ChatHandler } from './chat';
import { ModelCommands } from './commands/model';
import { addReproTest } from './commands/repro';
import { ReviewCommands } from './commands/review';
import { SolveCommands } from './commands/solve';
import { COMMANDS, type CommandId, LOG_NAME } from './ids';
import { DisposableObject } from './lifecycle';
import { SearchLog } from './log';
import { TreePanels } from './panel/treePanel';
import { ReviewDocuments } from './review/documents';
import { SearchService } from './search/service';
import { SearchStatusBar } from './search/statusBar';
import { ApiKeys } from './secrets';
import { SourceFactory } from './sources';
import { McpDefinitions } from './tools/mcpDefinitions';
import { SolveTool } from './tools/solveTool';

export class Runtime extends DisposableObject {
  readonly log: SearchLog;
  readonly service: SearchService;
  readonly panels: TreePanels;
  readonly documents: ReviewDocuments;
  readonly chat: ChatHandler;
  /** solve_with_search for language models, and the MCP server VS Code announces. */
  readonly tool: SolveTool;
  readonly mcpDefinitions: McpDefinitions;
  private readonly solveCommands: SolveCommands;
  private readonly reviewCommands: ReviewCommands;
  private readonly modelCommands: ModelCommands;

  constructor(context: vscode.ExtensionContext) {
    super();
    this.log = new SearchLog(this.register(vscode.window.createOutputChannel(LOG_NAME, { log: true })));
    const keys = new ApiKeys(context.secrets);
    const lm = vscode.lm ? { select: (s: vscode.LanguageModelChatSelector) => vscode.lm.selectChatModels(s) } : undefined;
    this.service = this.register(new SearchService(this.log, new SourceFactory(keys, lm)));
    this.panels = this.register(
      new TreePanels(context.extensionUri, {
        find: (id) => this.service.find(id),
        action: (msg, panel) => this.reviewCommands.nodeAction(msg, panel),
        warn: (m) => this.log.channel.warn(m),
      }),
    );
    this.reviewCommands = new ReviewCommands(this.service, this.panels, this.log);
    this.solveCommands = new SolveCommands(this.service, this.panels, this.log);
    this.modelCommands = new ModelCommands(keys, this.log);
    this.documents = new ReviewDocuments((id) => this.service.find(id));
    this.chat = new ChatHandler(this.service, this.log);
    this.tool = new SolveTool(this.service, this.log);
    this.mcpDefinitions = new McpDefinitions(context.extensionUri, keys, this.log);
    const statusBar = this.register(new SearchStatusBar());
    this.register(
      this.service.onDidStart((searchRun) => {
        statusBar.track(searchRun);
        // An open tree follows the newest search, whoever started it.
        this.panels.current?.attach(searchRun);
      }),
    );
    this.register(this.service.onDidEnd((searchRun) => statusBar.untrack(searchRun)));
  }

  /** Runs a command's handler; the result is what `executeCommand` resolves with. */
  run(command: CommandId, args: unknown[]): Promise<unknown> {
    const [first] = args;
    switch (command) {
      case COMMANDS.solve:
        return this.solveCommands.solve(first, false);
      case COMMANDS.solveFailingTests:
        return this.solveCommands.solve(first, true);
      case COMMANDS.cancel:
        return this.solveCommands.cancel();
      case COMMANDS.applyCandidate:
        return this.reviewCommands.apply(first);
      case COMMANDS.compareCandidate:
        return this.reviewCommands.compare(first);
      case COMMANDS.showTree:
        return this.reviewCommands.showTree();
      case COMMANDS.exportTrace:
        return this.reviewCommands.exportTrace(first);
      case COMMANDS.setApiKey:
        return this.modelCommands.setApiKey(first);
      case COMMANDS.selectModel:
        return this.modelCommands.selectModel();
      case COMMANDS.addReproTest:
        return addReproTest(this.service, this.log, first);
    }
  }

  /** Cancels a running search and releases every kept snapshot. */
  async shutdown(): Promise<void> {
    await this.service.close();
    this.dispose();
  }
}

export function createRuntime(context: vscode.ExtensionContext): Runtime {
  return new Runtime(context);
}
