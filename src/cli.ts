#!/usr/bin/env node
import { UsageError } from './cli/args';
import { exportCommand } from './cli/exportCommand';
import { mcpCommand } from './cli/mcpCommand';
import { solveCommand, type CliIO } from './cli/solveCommand';

const HELP = `Usage: solve-with-search <command> [options]

Commands
  solve     search for a patch that makes the workspace's tests pass
            (solve --help for its options)
  export    turn a search trace into training pairs (export --help)
  mcp       serve the search to other agents as an MCP tool over stdio
            (mcp --help)

Exit status: 0 solved, 1 not solved, 2 usage or configuration error.
`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'solve':
        return await solveCommand(rest, io);
      case 'export':
        return exportCommand(rest, io);
      case 'mcp':
        return await mcpCommand(rest, io);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout.write(HELP);
        return command === undefined ? 2 : 0;
      case '--version':
        io.stdout.write(`${process.env.SWS_VERSION ?? '0.1.0'}\n`);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}" (try --help)`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`solve-with-search: ${e.message}\n`);
      return 2;
    }
    io.stderr.write(`solve-with-search: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }).then(
    (code) => {
      process.exitCode = code;
    },
  );
}
