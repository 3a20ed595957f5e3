/// <reference types="mocha" />
// solve_with_search as a language-model tool in a real VS Code: listed, invoked through
// vscode.lm.invokeTool on the fixture workspace (against the scripted model), and its confirmation.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { TOOL_NAME, toolInputJsonSchema } from '../../../src/agents/schema';
import { COMMANDS, EXTENSION_ID } from '../../../src/extension/ids';
import { SolveTool } from '../../../src/extension/tools/solveTool';
import { FIX_BLOCKS } from '../../support/answers';
import { startFakeOpenAI, type FakeServer } from '../../support/fake-openai';

const BUG = 'for (let i = start; i < end; i++)';
const FIX = 'for (let i = start; i <= end; i++)';

function texts(result: vscode.LanguageModelToolResult): string[] {
  return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : ''));
}

function worktrees(dir: string): string[] {
  return execFileSync('git', ['worktree', 'list'], { cwd: dir, encoding: 'utf8' }).trim().split('\n');
}

function invoke(input: object, token?: vscode.CancellationToken): Thenable<vscode.LanguageModelToolResult> {
  return vscode.lm.invokeTool(TOOL_NAME, { input, toolInvocationToken: undefined }, token);
}

describe('solve_with_search as a language-model tool', function () {
  this.timeout(180_000);
  let server: FakeServer | undefined;
  let dir: string;
  let rangeFile: string;
  let original: string;

  before(async () => {
    if (!process.env.SWS_FAKE_MODEL_URL) {
      server = await startFakeOpenAI({ reply: () => FIX_BLOCKS });
      process.env.SWS_FAKE_MODEL_URL = server.url;
    }
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the suite runs with the fixture workspace open');
    dir = folder.uri.fsPath;
    rangeFile = join(dir, 'src', 'range.js');
    original = readFileSync(rangeFile, 'utf8');
    assert.ok(original.includes(BUG), 'the fixture still has its bug');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (server) {
      delete process.env.SWS_FAKE_MODEL_URL;
      await server.close();
    }
  });

  it('vscode.lm.tools lists solve_with_search with the shared input schema', () => {
    const tool = vscode.lm.tools.find((t) => t.name === TOOL_NAME);
    assert.ok(tool, `${TOOL_NAME} is registered; tools: ${vscode.lm.tools.map((t) => t.name).join(', ')}`);
    assert.deepEqual(tool.inputSchema, toolInputJsonSchema());
    assert.match(tool.description, /test suite/);
  });

  it('prepareInvocation asks for confirmation naming the task, the test command and the budget', async () => {
    const tool = new SolveTool(undefined as never, undefined as never);
    const prepared = await tool.prepareInvocation({ input: { task: 'Make range() include its end', samples: 4, budgetUsd: 0.5, testCommand: 'rm -rf /' } });
    const message = prepared.confirmationMessages!.message;
    const text = typeof message === 'string' ? message : message.value;
    assert.match(prepared.confirmationMessages!.title, /verified search/);
    assert.match(text, /Task: Make range\(\) include its end/);
    assert.match(text, /Test command: `node --test` \(from the settings\)/);
    assert.match(text, /up to 4 samples × 1 rounds = 4 candidates, at most \$0\.50/);
    assert.match(text, /The call asked for `rm -rf \/`; the command above runs instead\./);
    assert.match(text, /Nothing is written/);
    assert.match(prepared.invocationMessage as string, /Make range\(\) include its end/);
    assert.throws(() => tool.prepareInvocation({ input: { task: 'x', samples: 0 } }), /samples must be a whole number from 1 to 64/);
  });

  it('vscode.lm.invokeTool runs a search through the extension and returns the summary and the diff', async () => {
    const result = await invoke({ task: 'make the failing tests pass', workspace: dir, samples: 1 }, new vscode.CancellationTokenSource().token);
    const [summary, diff] = texts(result);
    assert.match(summary!, /^Solved: candidate \S+ passes every test/, summary);
    assert.match(summary!, /Candidates: 1 \(1 passed\)\./, 'the call\'s samples override the setting (2)');
    assert.match(summary!, /Tests before: \d+\/\d+ pass, \d+ fail/);
    assert.match(summary!, /Not applied \(the call did not set apply\)/);
    assert.ok(diff?.includes(`+  ${FIX} {`), diff);
    assert.equal(readFileSync(rangeFile, 'utf8'), original, 'nothing is written without apply');
    assert.equal(worktrees(dir).length, 1, worktrees(dir).join('\n'));
    // The search went through the extension's service: it is the one the review commands see.
    const opened = await vscode.commands.executeCommand(COMMANDS.compareCandidate, { silent: true });
    assert.equal(opened, true);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('apply: true writes the winner through the extension\'s apply', async () => {
    try {
      const result = await invoke({ task: 'make the failing tests pass', apply: true });
      const [summary] = texts(result);
      assert.match(summary!, /Applied to the workspace: src\/range\.js\./, summary);
      assert.ok(readFileSync(rangeFile, 'utf8').includes(FIX));
    } finally {
      execFileSync('git', ['checkout', '--', 'src/range.js'], { cwd: dir });
    }
    assert.equal(readFileSync(rangeFile, 'utf8'), original);
  });

  it('bad input is refused with the reason and starts no search', async () => {
    await assert.rejects(Promise.resolve(invoke({ task: 'fix', workspace: '/etc' })), /outside the folders this tool may work in/);
    await assert.rejects(Promise.resolve(invoke({ task: 'fix', workspace: 'src' })), /must be an absolute path/);
    await assert.rejects(Promise.resolve(invoke({ task: 'fix', rounds: 50 })), /rounds must be a whole number from 1 to 10/);
    await assert.rejects(Promise.resolve(invoke({ task: 'fix', model: 'other' })), /unknown field "model"/);
    assert.equal(worktrees(dir).length, 1);
  });
});
