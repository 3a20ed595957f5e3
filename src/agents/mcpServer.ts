// The solve_with_search tool over MCP. The model endpoint, budgets and sandbox come from the
// server's own flags; a call chooses only the task, the workspace (inside the allowed roots), the
// test command, samples, rounds, a dollar cap and whether to apply.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { SolveFlags } from '../cli/args';
import { resolveSolveConfig } from '../cli/config';
import { Progress } from '../cli/progress';
import { detectTestCommand } from '../engine/detect';
import { runSearch } from '../engine/search';
import { redactor } from '../engine/trace';
import type { SearchEvent } from '../engine/types';
import { callFlags } from './options';
import { SearchProgress } from './progress';
import { solveResultSchema, structuredResult } from './result';
import { solveInputSchema, TOOL_DESCRIPTION, TOOL_NAME, TOOL_TITLE, type SolveToolInput } from './schema';
import { summaryText, winningDiff } from './summary';
import { checkWorkspace, ToolInputError, type ValidToolInput, type WorkspacePolicy } from './validate';

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface SolveServerConfig {
  /** The server's own solve flags (model, budgets, sandbox ...); every call starts from them. */
  flags: SolveFlags;
  env: NodeJS.ProcessEnv;
  cwd: string;
  policy: WorkspacePolicy;
  version: string;
  /** Values never to show a client or a log (the API key). */
  secretValues: string[];
  /** Logs for people: stderr, since stdout carries the protocol. */
  log: NodeJS.WriteStream;
}

const INSTRUCTIONS =
  'solve_with_search finds a verified fix for a repository by search: many candidate patches, each run against the ' +
  "repository's tests in an isolated git worktree. Calls take minutes; send a progress token to follow them, cancel to stop.";

export class SolveServer {
  readonly mcp: McpServer;
  /** One search per workspace at a time: two would race to apply into the same files. */
  private readonly running = new Map<string, Promise<CallToolResult>>();

  constructor(private readonly config: SolveServerConfig) {
    this.mcp = new McpServer({ name: 'solve-with-search', title: TOOL_TITLE, version: config.version }, { instructions: INSTRUCTIONS });
    this.mcp.registerTool(
      TOOL_NAME,
      {
        title: TOOL_TITLE,
        description: TOOL_DESCRIPTION,
        inputSchema: solveInputSchema,
        outputSchema: solveResultSchema,
        annotations: { title: TOOL_TITLE, readOnlyHint: false, idempotentHint: false, openWorldHint: true },
      },
      (args, extra) => this.call(args, extra),
    );
  }

  /** Resolves once every running search has finished and cleaned up. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }

  private async call(args: SolveToolInput, extra: Extra): Promise<CallToolResult> {
    let workspace: string;
    try {
      workspace = checkWorkspace(args.workspace, this.config.policy);
    } catch (e) {
      return this.toolError(e);
    }
    if (this.running.has(workspace)) {
      return this.toolError(new ToolInputError(`A search is already running in ${workspace}; wait for its result, or cancel that call first.`));
    }
    const run = this.search({ ...args, workspace }, extra).catch((e: unknown) => this.toolError(e));
    this.running.set(workspace, run);
    try {
      return await run;
    } finally {
      this.running.delete(workspace);
    }
  }

  private async search(input: ValidToolInput, extra: Extra): Promise<CallToolResult> {
    const testCommand = input.testCommand ?? detectTestCommand(input.workspace)?.command;
    if (!testCommand) {
      throw new ToolInputError(`No test command was found in ${input.workspace}: pass "testCommand", e.g. "npm test" or "pytest".`);
    }
    const { options, source } = resolveSolveConfig(callFlags(this.config.flags, input, testCommand), this.config.env, this.config.cwd);
    const redact = redactor(options.secretValues);
    const log = new Progress(this.config.log, true);
    log.note(`${TOOL_NAME}: ${input.workspace} (tests: ${testCommand}, ${options.samples} samples × ${options.rounds} rounds)`);
    const token = extra._meta?.progressToken;
    const progress =
      token === undefined
        ? undefined
        : new SearchProgress(options, (step) => {
            // A client that went away cannot be told; the search still ends and cleans up.
            extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, ...step } }).catch(() => undefined);
          });
    const onEvent = (e: SearchEvent) => {
      log.handle(e.type === 'log' ? { ...e, message: redact(e.message) } : e);
      progress?.handle(e);
    };
    let result;
    try {
      result = await runSearch(options, { source, signal: extra.signal, onEvent });
    } finally {
      log.dispose();
    }
    // Written after runSearch returned, that is after its worktrees and refs are gone.
    log.note(
      `${TOOL_NAME}: search ${result.searchId} ${result.status}${result.status === 'cancelled' ? ' by the client; its worktrees and refs are removed' : ''}`,
    );
    const diff = winningDiff(result);
    const summary = summaryText(result, {
      task: input.task,
      workspace: input.workspace,
      testCommand,
      notAppliedHint: 'Not applied (the call did not set apply): the workspace is unchanged; the diff follows.',
    });
    return {
      content: [{ type: 'text', text: summary }, ...(diff ? [{ type: 'text' as const, text: diff }] : [])],
      structuredContent: structuredResult(result),
      ...(result.status === 'error' ? { isError: true } : {}),
    };
  }

  private toolError(e: unknown): CallToolResult {
    const message = redactor(this.config.secretValues)(e instanceof Error ? e.message : String(e));
    if (!(e instanceof ToolInputError)) this.config.log.write(`${TOOL_NAME}: ${message}\n`);
    return { content: [{ type: 'text', text: message }], isError: true };
  }
}
