/// <reference types="mocha" />
// A real search through the command, on the fixture workspace, against a scripted model: the
// one the harness started (SWS_FAKE_MODEL_URL) or, when run alone, one started here.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SearchResult } from '../../../src/engine/types';
import type { ApplyOutcome } from '../../../src/extension/review/applyEdit';
import { COMMANDS, EXTENSION_ID, REVIEW_SCHEME } from '../../../src/extension/ids';
import { FIX_BLOCKS } from '../../support/answers';
import { startFakeOpenAI, type FakeServer } from '../../support/fake-openai';

const BUG = 'for (let i = start; i < end; i++)';
const FIX = 'for (let i = start; i <= end; i++)';

function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite runs with the fixture workspace open');
  return folder.uri.fsPath;
}

function worktrees(dir: string): string[] {
  if (!existsSync(join(dir, '.git'))) return [];
  return execFileSync('git', ['worktree', 'list'], { cwd: dir, encoding: 'utf8' }).trim().split('\n');
}

/** Resolves at the document's next change: edits made in the workbench reach this process a moment after the command returns. */
function textChange(doc: vscode.TextDocument, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`${doc.uri.fsPath} did not change within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document !== doc || e.contentChanges.length === 0) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

function reviewUri(path: string): vscode.Uri {
  return vscode.Uri.from({ scheme: REVIEW_SCHEME, path });
}

describe('solve in a real VS Code', function () {
  this.timeout(180_000);
  let server: FakeServer | undefined;
  let dir: string;
  let rangeFile: string;
  let original: string;
  let result: SearchResult;

  before(async () => {
    if (!process.env.SWS_FAKE_MODEL_URL) {
      server = await startFakeOpenAI({ reply: () => FIX_BLOCKS });
      process.env.SWS_FAKE_MODEL_URL = server.url;
    }
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    dir = workspaceDir();
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

  it('solveWithSearch.solve { task, silent } returns a solved result and leaves no worktree', async () => {
    result = (await vscode.commands.executeCommand(COMMANDS.solve, { task: '', silent: true })) as SearchResult;
    assert.ok(result, 'the command returns the result');
    assert.equal(result.status, 'solved', `status ${result.status}: ${result.error ?? result.stopReason ?? ''}`);
    assert.equal(result.best?.status, 'passed');
    assert.deepEqual(result.best?.files, ['src/range.js']);
    assert.equal('review' in result, false, 'the review handle stays inside the extension');
    assert.equal(result.applied, false);
    assert.equal(readFileSync(rangeFile, 'utf8'), original, 'nothing is written before Apply');
    const trees = worktrees(dir);
    if (trees.length > 0) assert.equal(trees.length, 1, trees.join('\n'));
  });

  it('the diff provider serves the snapshot and the candidate, read-only', async () => {
    const base = await vscode.workspace.openTextDocument(reviewUri(`/${result.searchId}/base/src/range.js`));
    assert.equal(base.getText(), original);
    const candidate = await vscode.workspace.openTextDocument(reviewUri(`/${result.searchId}/node/${result.best!.id}/src/range.js`));
    assert.ok(candidate.getText().includes(FIX), candidate.getText());
    assert.ok(!candidate.getText().includes(BUG));
    const output = await vscode.workspace.openTextDocument(reviewUri(`/${result.searchId}/output/${result.best!.id}/${result.best!.id}-test-output.log`));
    assert.match(output.getText(), /passed/);
    await assert.rejects(Promise.resolve(vscode.workspace.openTextDocument(reviewUri('/no-such-search/base/src/range.js'))));
  });

  it('Compare opens the candidate in a diff editor', async () => {
    const opened = await vscode.commands.executeCommand(COMMANDS.compareCandidate, { searchId: result.searchId, nodeId: result.best!.id, silent: true });
    assert.equal(opened, true);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, 'a diff editor is active');
    assert.equal(tab.input.modified.scheme, REVIEW_SCHEME);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Apply writes the file through one WorkspaceEdit, and undo reverts it', async () => {
    const outcome = (await vscode.commands.executeCommand(COMMANDS.applyCandidate, { searchId: result.searchId, nodeId: result.best!.id, silent: true })) as ApplyOutcome;
    assert.equal(outcome.ok, true, outcome.message);
    assert.deepEqual(outcome.files, ['src/range.js']);
    assert.ok(readFileSync(rangeFile, 'utf8').includes(FIX), 'the fix is on disk');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(rangeFile));
    assert.ok(doc.getText().includes(FIX));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    const reverted = textChange(doc);
    await vscode.commands.executeCommand('undo');
    await reverted;
    assert.equal(doc.getText(), original, 'one undo reverts the whole apply');
    await doc.save();
    assert.equal(readFileSync(rangeFile, 'utf8'), original);
  });

  it('Apply refuses, writing nothing, when the user\'s edit overlaps the candidate', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(rangeFile));
    const editor = await vscode.window.showTextDocument(doc);
    const line = doc.getText().split('\n').findIndex((l) => l.includes(BUG));
    await editor.edit((e) => e.replace(doc.lineAt(line).range, '  for (let i = start; i < end + 0; i++) {'));
    const edited = doc.getText();
    const outcome = (await vscode.commands.executeCommand(COMMANDS.applyCandidate, { searchId: result.searchId, nodeId: result.best!.id, silent: true })) as ApplyOutcome;
    assert.equal(outcome.ok, false);
    assert.deepEqual(outcome.conflicts, ['src/range.js']);
    assert.match(outcome.message, /Nothing was applied/);
    assert.equal(doc.getText(), edited, 'the buffer is untouched');
    assert.ok(!readFileSync(rangeFile, 'utf8').includes(FIX), 'nothing of the candidate reached the disk');
    // Auto save may have written the edit meanwhile: put the original back either way.
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), original));
    await doc.save();
    assert.equal(readFileSync(rangeFile, 'utf8'), original);
  });

  it('Export Search Trace writes the search as JSON Lines', async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'sws-trace-')), 'trace.jsonl');
    try {
      const written = (await vscode.commands.executeCommand(COMMANDS.exportTrace, { target: vscode.Uri.file(target) })) as vscode.Uri;
      assert.equal(written.fsPath, target);
      const records = readFileSync(target, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; searchId: string });
      assert.equal(records[0]?.type, 'search');
      assert.equal(records.at(-1)?.type, 'summary');
      assert.ok(records.some((r) => r.type === 'node'));
      assert.ok(records.every((r) => r.searchId === result.searchId));
    } finally {
      rmSync(join(target, '..'), { recursive: true, force: true });
    }
  });

  it('a second search while one runs is refused; Cancel stops the first and cleans up', async () => {
    const first = vscode.commands.executeCommand(COMMANDS.solve, { task: '', silent: true }) as Thenable<SearchResult>;
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand(COMMANDS.solve, { task: '', silent: true })),
      /already running/,
    );
    const cancelled = await vscode.commands.executeCommand(COMMANDS.cancel);
    assert.equal(cancelled, true);
    const r = await first;
    assert.equal(r.status, 'cancelled');
    assert.equal(readFileSync(rangeFile, 'utf8'), original);
    const trees = worktrees(dir);
    if (trees.length > 0) assert.equal(trees.length, 1, trees.join('\n'));
  });
});

describe('settings in a real VS Code', function () {
  this.timeout(180_000);

  it('a changed setting applies to the next search without a reload (mutation search, no model)', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!;
    const config = vscode.workspace.getConfiguration('solveWithSearch', folder.uri);
    const before = config.inspect('provider')?.workspaceValue;
    await config.update('provider', 'mutation', vscode.ConfigurationTarget.Workspace);
    try {
      const r = (await vscode.commands.executeCommand(COMMANDS.solve, { task: '', silent: true })) as SearchResult;
      assert.ok(r.nodes.length > 0);
      assert.ok(r.nodes.every((n) => n.source === 'mutation'), 'every candidate is a mutation');
      assert.equal(r.stats.llmRequests, 0, 'no model was asked');
      assert.equal(r.stats.costUsd, 0);
    } finally {
      await config.update('provider', before, vscode.ConfigurationTarget.Workspace);
    }
  });
});
