// The MCP server VS Code announces: its command line carries the settings and never the key, and
// it starts a working server.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { TOOL_NAME } from '../../src/agents/schema';
import { parseMcpArgs } from '../../src/cli/mcpCommand';
import { memorySettings, readSettings } from '../../src/extension/config';
import { MCP_KEY_VAR, mcpLaunch } from '../../src/extension/tools/mcpArgs';
import { CLI } from '../support/cli';

const KEY = 'sk-launch-DO-NOT-LEAK-91be';

test('the announced command line carries the settings, the key only in its own variable', () => {
  const settings = readSettings(
    memorySettings({ baseUrl: 'https://api.example.com/v1', model: 'coder', samples: 4, rounds: 2, 'budget.usd': 0.5, sandbox: 'required', maxWriteMb: 64, allowEnv: ['NPM_TOKEN', 'PIP_INDEX_URL'] }),
    {},
  );
  const launch = mcpLaunch('/ext/dist/cli.js', settings, ['/work/a', '/work/b'], KEY);
  assert.deepEqual(launch.args.slice(0, 2), ['/ext/dist/cli.js', 'mcp']);
  const flags = parseMcpArgs(launch.args.slice(2));
  assert.equal(flags['base-url'], 'https://api.example.com/v1');
  assert.equal(flags.model, 'coder');
  assert.deepEqual(flags['allow-root'], ['/work/a', '/work/b']);
  assert.equal(flags.samples, '4');
  assert.equal(flags.rounds, '2');
  assert.equal(flags['budget-usd'], '0.5');
  assert.equal(flags['api-key-env'], MCP_KEY_VAR);
  assert.equal(flags.sandbox, 'required');
  assert.equal(flags['max-write-mb'], '64');
  assert.deepEqual(flags['allow-env'], ['NPM_TOKEN', 'PIP_INDEX_URL']);
  assert.equal(parseMcpArgs(mcpLaunch('/cli.js', readSettings(memorySettings({}), {}), [], undefined).args.slice(2)).sandbox, 'auto', 'the default mode is passed too');
  assert.ok(!launch.args.join(' ').includes(KEY), 'the key is not on the command line');
  assert.deepEqual(launch.env, { [MCP_KEY_VAR]: KEY });
  assert.deepEqual(mcpLaunch('/cli.js', settings, [], undefined).env, { [MCP_KEY_VAR]: '' }, 'without a stored key the variable is empty, never OPENAI_API_KEY');
});

test('that command line starts a server that lists the tool', async (t) => {
  assert.ok(existsSync(CLI), 'dist/cli.js is built (npm run build)');
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'sws-launch-')));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const settings = readSettings(memorySettings({ baseUrl: 'http://127.0.0.1:9/v1', model: 'scripted' }), {});
  const launch = mcpLaunch(CLI, settings, [root], undefined);
  const client = new Client({ name: 'launch-test', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: launch.args, env: launch.env, cwd: root, stderr: 'ignore' }));
  t.after(() => client.close());
  const { tools } = await client.listTools();
  assert.deepEqual(tools.map((x) => x.name), [TOOL_NAME]);
});
