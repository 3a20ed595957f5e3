// End to end in a real VS Code (code-server in Chromium): a user runs "Solve with Search" on a
// workspace with a failing test, watches the reasoning tree until the search is solved, opens the
// winning candidate and applies it. Then the disk must hold the fix, the workspace's tests must
// pass, and no worktree may be left behind. Only the model is scripted.
//
// node --import tsx test/e2e/solve.e2e.ts [--extension DIR] [--workspace DIR]
//      [--disable-workspace-trust] [--timeout SECONDS]
// Needs scripts/vscode/install.sh and `npm run build`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { FrameLocator, Page } from 'playwright-core';
import { deferCleanup } from '../../scripts/vscode/cleanup';
import { launchChromium, newWorkbenchPage, runCommand, trustWorkspaceIfAsked, waitForWorkbench } from '../../scripts/vscode/browser';
import { startCodeServer, type CodeServer } from '../../scripts/vscode/run-code-server';
import { copyWorkspace, fixApplied, fixReply, REPO_ROOT, type TestWorkspace } from '../../scripts/vscode/workspace';
import { startFakeOpenAI } from '../support/fake-openai';

const OUTPUT_DIR = join(REPO_ROOT, '.test-output', 'e2e');
const COMMAND = 'Solve with Search: Solve with Search';

class E2EFailure extends Error {}

function step(message: string): void {
  console.log(`[e2e] ${message}`);
}

/** Runs one stage of the user's path; a failure says which stage it was. */
async function stage<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof E2EFailure) throw err;
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new E2EFailure(`${what}: ${message}`);
  }
}

/** The reasoning tree's document: the panel's iframe holds the webview's own iframe. */
function treeFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
}

/** Waits for the quick input that `showInputBox` opens after the palette closes, and accepts it. */
async function acceptTaskInput(page: Page, timeoutMs: number): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const visible = await input.isVisible();
    if (visible && !(await input.inputValue()).startsWith('>')) break;
    if (Date.now() > deadline) throw new E2EFailure('The task input box did not open after running the command.');
    await page.waitForTimeout(200);
  }
  await page.keyboard.press('Enter');
}

/** Follows `#search-status` until it is final; fails early on anything but "solved". */
async function waitForSolved(tree: FrameLocator, page: Page, timeoutMs: number): Promise<void> {
  const status = tree.locator('#search-status');
  await status.waitFor({ state: 'attached', timeout: timeoutMs });
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const now = (await status.getAttribute('data-search-status')) ?? '';
    if (now !== last) step(`search status: ${now || '(none)'}`);
    last = now;
    if (now === 'solved') return;
    if (['unsolved', 'cancelled', 'error'].includes(now)) {
      const text = (await status.innerText().catch(() => '')).trim();
      throw new E2EFailure(`The search ended "${now}" instead of "solved"${text ? `: ${text}` : ''}.`);
    }
    if (Date.now() > deadline) throw new E2EFailure(`The search was still "${now}" after ${timeoutMs / 1000} s.`);
    await page.waitForTimeout(500);
  }
}

/**
 * Everything below the engine's folder in the run's temp dir. The folder itself may stay (the
 * engine keeps its private root for later searches); a search's folder inside it may not.
 */
function leftovers(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' });
}

async function waitForFixOnDisk(workspaceDir: string, page: Page, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fixApplied(workspaceDir)) {
    if (Date.now() > deadline) {
      throw new E2EFailure('The tree reports the candidate applied, but the fix is not on disk (is the edited file left unsaved?).');
    }
    await page.waitForTimeout(250);
  }
}

function checkWorkspace(workspace: TestWorkspace, server: CodeServer): void {
  const tests = spawnSync(process.execPath, ['--test'], { cwd: workspace.dir, encoding: 'utf8', timeout: 120_000 });
  if (tests.status !== 0) {
    throw new E2EFailure(`The workspace's tests fail after the apply:\n${tests.stdout}${tests.stderr}`);
  }
  step("workspace tests pass (node --test)");
  const worktrees = workspace.git('worktree', 'list').split('\n').filter(Boolean);
  if (worktrees.length !== 1) throw new E2EFailure(`Worktrees left behind:\n${worktrees.join('\n')}`);
  step(`git worktree list: ${worktrees[0]}`);
  const engineDir = join(server.tmpDir, 'solve-with-search');
  const left = leftovers(engineDir);
  if (left.length > 0) {
    throw new E2EFailure(`Search folders left in ${engineDir}:\n${left.slice(0, 20).join('\n')}`);
  }
  step(`no search folder left in ${engineDir}${existsSync(engineDir) ? ' (its empty root remains)' : ''}`);
}

/** The extension's own log and the extension host's, to explain a failure. */
function extensionLogs(server: CodeServer): string {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of existsSync(dir) ? readdirSync(dir) : []) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/solve with search|solve-with-search|exthost\.log|remoteexthost\.log/i.test(name)) found.push(path);
    }
  };
  walk(join(server.runDir, 'ud', 'logs'));
  walk(join(server.runDir, 'data'));
  return found
    .map((p) => `--- ${relative(server.runDir, p)} ---\n${readFileSync(p, 'utf8').trimEnd().split('\n').slice(-40).join('\n')}`)
    .join('\n');
}

interface E2EOptions {
  extensionPath: string;
  workspaceSource?: string;
  disableWorkspaceTrust: boolean;
  timeoutMs: number;
}

async function runE2E(opts: E2EOptions): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const cleanup: Array<() => Promise<void>> = [];
  // For the failure report: what had started when something went wrong.
  const started: { server?: CodeServer; page?: Page } = {};
  try {
    const workspace = copyWorkspace(opts.workspaceSource);
    cleanup.push(deferCleanup(() => workspace.remove()));
    const reply = fixReply(workspace.dir);
    const model = await startFakeOpenAI({ reply: () => reply });
    cleanup.push(deferCleanup(() => model.close()));
    const server = await startCodeServer({
      extensions: [opts.extensionPath],
      disableWorkspaceTrust: opts.disableWorkspaceTrust,
      // The fixture's workspace settings name the model as ${env:SWS_FAKE_MODEL_URL}; the user
      // settings below say the same for workspaces without them.
      env: { SWS_FAKE_MODEL_URL: model.url },
      settings: {
        'solveWithSearch.provider': 'openai-compatible',
        'solveWithSearch.baseUrl': model.url,
        'solveWithSearch.model': 'fake-model',
        // Starts the folder untrusted and asks, so the extension must wait for the grant.
        'security.workspace.trust.startupPrompt': 'always',
      },
    });
    cleanup.push(server.stop);
    started.server = server;
    step(`code-server ${server.url}, workspace ${workspace.dir}, model ${model.url}`);

    const browser = await launchChromium();
    cleanup.push(deferCleanup(() => browser.close()));
    const page = await newWorkbenchPage(browser);
    started.page = page;
    await stage('opening the workbench', async () => {
      await page.goto(server.workbenchUrl(workspace.dir));
      await waitForWorkbench(page);
    });
    step('workbench is up');
    if (!opts.disableWorkspaceTrust) {
      const asked = await stage('answering the workspace trust dialog', () => trustWorkspaceIfAsked(page));
      step(asked ? 'trusted the workspace in the trust dialog' : 'no trust dialog');
    }

    await stage(`running "${COMMAND}" from the Command Palette`, async () => {
      await runCommand(page, COMMAND, 60_000);
      await acceptTaskInput(page, 30_000);
    });
    step(`ran "${COMMAND}" and accepted the task input`);

    const tree = treeFrame(page);
    await stage('waiting for the reasoning tree to report "solved"', () => waitForSolved(tree, page, opts.timeoutMs));
    const winner = tree.locator('[data-winner="true"]').first();
    await stage('looking for the winner in the tree', () => winner.waitFor({ state: 'visible', timeout: 30_000 }));
    step(`winner: ${await winner.getAttribute('data-node-id')}`);
    await stage('applying the winner from its detail pane', async () => {
      await winner.click();
      await tree.locator('button[data-action="apply"]').click({ timeout: 30_000 });
      await tree.locator('[data-applied="true"]').first().waitFor({ state: 'visible', timeout: 60_000 });
    });
    step('the tree reports the candidate applied');
    const screenshot = join(OUTPUT_DIR, 'screenshot-tree.png');
    await page.screenshot({ path: screenshot });
    step(`screenshot: ${screenshot}`);

    await waitForFixOnDisk(workspace.dir, page, 15_000);
    step('the fix is on disk');
    checkWorkspace(workspace, server);
    // The fix must have come from the scripted model, not from a search without it.
    if (model.requests.length === 0) throw new E2EFailure('The scripted model was never asked; check the provider settings.');
    step(`model requests: ${model.requests.length}`);
  } catch (err) {
    const { page, server } = started;
    if (page) {
      const shot = join(OUTPUT_DIR, 'failure.png');
      await page.screenshot({ path: shot }).catch(() => undefined);
      console.error(`[e2e] screenshot of the failure: ${shot}`);
    }
    if (server) console.error(`${extensionLogs(server)}\n--- code-server log ---\n${server.logTail(20)}`);
    throw err;
  } finally {
    for (const run of cleanup.reverse()) await run();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      extension: { type: 'string', default: REPO_ROOT },
      workspace: { type: 'string' },
      'disable-workspace-trust': { type: 'boolean', default: false },
      timeout: { type: 'string', default: '180' },
    },
  });
  const started = Date.now();
  await runE2E({
    extensionPath: resolve(values.extension),
    workspaceSource: values.workspace && resolve(values.workspace),
    disableWorkspaceTrust: values['disable-workspace-trust'],
    timeoutMs: Number(values.timeout) * 1000,
  });
  console.log(`[e2e] passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((err: unknown) => {
  const message = err instanceof E2EFailure ? err.message : err instanceof Error ? err.stack : String(err);
  console.error(`[e2e] FAILED: ${message}`);
  process.exit(1);
});
