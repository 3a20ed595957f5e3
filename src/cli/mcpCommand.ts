// `mcp`: serves solve_with_search to other agents over stdio. stdout carries only protocol
// messages; every log line goes to stderr.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SolveServer } from '../agents/mcpServer';
import { TOOL_NAME } from '../agents/schema';
import { realRoots } from '../agents/validate';
import { UserError } from '../engine/types';
import { SOLVE_OPTIONS, UsageError, type SolveFlags } from './args';
import { resolveSolveConfig } from './config';
import type { CliIO } from './solveCommand';

// A call chooses these itself (or may not choose them at all: json, trace, quiet make no sense here).
const { workspace: _w, 'test-command': _t, task: _k, apply: _a, json: _j, trace: _r, quiet: _q, ...SERVER_SOLVE_OPTIONS } = SOLVE_OPTIONS;

export const MCP_OPTIONS = {
  ...SERVER_SOLVE_OPTIONS,
  'allow-root': { type: 'string', multiple: true },
} as const satisfies ParseArgsConfig['options'];

export const MCP_HELP = `Usage: solve-with-search mcp [options]

Serves the tool ${TOOL_NAME} to MCP clients (Claude Code, Cursor, VS Code, ...) over stdio.
A call names the task and the workspace; the model and the budgets are this server's.

Workspaces
  --allow-root DIR         folders a call may name as its workspace, with everything below
                           them (repeatable; default: the current directory)

Model (as for solve; the API key is read from the environment only)
  --provider NAME          openai-compatible (default)
  --base-url URL           OpenAI-compatible endpoint
  --model NAME             model name
  --api-key-env VAR        read the API key from VAR (default OPENAI_API_KEY)
  --temperature X, --max-tokens N, --stream, --price MODEL=IN,OUT

Defaults for calls (a call may lower or raise samples, rounds and the dollar cap)
  --samples N, --rounds N, --concurrency N, --stop POLICY, --plateau K, --expand N
  --max-candidates N, --budget-tokens N, --budget-usd X, --timeout-s N
  --test-timeout-s N, --protect GLOB, --share-dir NAME, --allow-env NAME
  --sandbox MODE, --max-write-mb N, --no-merge

A client configuration:
  { "command": "node", "args": ["/path/to/dist/cli.js", "mcp", "--base-url", "http://127.0.0.1:11434/v1", "--model", "qwen2.5-coder"] }
`;

type McpFlags = ReturnType<typeof parseMcpArgs>;

export function parseMcpArgs(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: MCP_OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
}

/** Resolves when the client disconnects (or on SIGINT/SIGTERM) and every search has cleaned up. */
export async function mcpCommand(argv: string[], io: CliIO): Promise<number> {
  const { 'allow-root': allowRoot, ...flags } = parseMcpArgs(argv);
  if (flags.help) {
    io.stdout.write(MCP_HELP);
    return 0;
  }
  const roots = resolveRoots(allowRoot ?? [io.cwd]);
  // Resolving once, with a placeholder command, checks every server flag before a client connects.
  const { options } = checkServerFlags(flags, roots[0]!, io);
  keepStdoutForProtocol(io);

  const server = new SolveServer({
    flags,
    env: io.env,
    cwd: io.cwd,
    policy: { roots, defaultWorkspace: roots[0], widenHint: 'start the server with --allow-root DIR to allow it' },
    version: process.env.SWS_VERSION ?? '0.1.0',
    secretValues: options.secretValues,
    log: io.stderr,
  });
  const transport = new StdioServerTransport(process.stdin, io.stdout);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
  });
  await server.mcp.connect(transport);
  io.stderr.write(`solve-with-search mcp: serving ${TOOL_NAME} (model ${flags.model} at ${origin(flags['base-url'])}); workspaces under ${roots.join(', ')}\n`);

  // Closing aborts every call in flight; each search then removes its worktrees before we return.
  let stops = 0;
  const stop = () => {
    if (++stops > 1) process.exit(130);
    void server.mcp.close();
  };
  process.stdin.once('end', stop);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    await closed;
    await server.idle();
    return 0;
  } finally {
    process.stdin.off('end', stop);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

function resolveRoots(dirs: string[]): string[] {
  try {
    return realRoots(dirs);
  } catch (e) {
    throw new UsageError(`--allow-root: ${(e as Error).message}`);
  }
}

function checkServerFlags(flags: Omit<McpFlags, 'allow-root'>, root: string, io: CliIO) {
  const probe: SolveFlags = { ...flags, workspace: root, 'test-command': 'true' };
  try {
    return resolveSolveConfig(probe, io.env, io.cwd);
  } catch (e) {
    if (e instanceof UserError) throw new UsageError(e.message);
    throw e;
  }
}

/** A stray console.log from any library would corrupt the protocol stream: send it to stderr. */
function keepStdoutForProtocol(io: CliIO): void {
  if (io.stdout !== process.stdout) return;
  const toStderr = (...args: unknown[]) => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
}

/** Scheme, host and port only: a URL may carry credentials in its user part. */
function origin(url: string | undefined): string {
  try {
    return new URL(url ?? '').origin;
  } catch {
    return String(url);
  }
}
