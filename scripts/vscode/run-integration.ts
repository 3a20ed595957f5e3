// Runs the extension's mocha integration suite inside code-server's extension host, the way
// @vscode/test-electron runs it in desktop VS Code: the workbench's smoke-test driver reads
// `extensionDevelopmentPath` and `extensionTestsPath` from the URL's payload, loads the suite,
// and reports its console output and its result through two functions we expose to the page.
//
// node --import tsx scripts/vscode/run-integration.ts [--extension DIR] [--tests FILE]
//      [--workspace DIR] [--workspace-trust] [--timeout SECONDS] [--verbose]
// Exit code: the suite's (0 passed, 1 failed), 1 when it could not run.
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { format, parseArgs } from 'node:util';
import { startFakeOpenAI } from '../../test/support/fake-openai';
import { launchChromium, newWorkbenchPage } from './browser';
import { deferCleanup } from './cleanup';
import { startCodeServer } from './run-code-server';
import { copyWorkspace, fixReply, REPO_ROOT } from './workspace';

export interface IntegrationOptions {
  extensionPath: string;
  /** The suite's index module (exports `run()`); must lie inside `extensionPath`. */
  testsPath: string;
  /** Fixture folder copied to a private git workspace. */
  workspaceSource?: string;
  /** Keep workspace trust on (the workbench may then ask; the suite sees an untrusted folder). */
  workspaceTrust?: boolean;
  timeoutMs?: number;
  /** Also print the workbench's own start-up lines. */
  verbose?: boolean;
  log?: (line: string) => void;
}

// The workbench logs through the same channel as the extension host's console; these are its
// routine start-up lines (connection, marketplace off, accounts), not the suite's.
const WORKBENCH_NOISE = [
  'Resolving connection token',
  'Resolved connection token',
  'Creating a socket',
  '[reconnection-grace-time]',
  'Ignoring fetching additional builtin',
  'Updating additional builtin extensions cache',
  '[Service Worker]',
  '[AccountPolicyGate]',
  '[AgentHost',
  'Timed out waiting for authentication provider',
  'Creation of workbench contribution',
];

/** Runs the suite and resolves to its exit code. */
export async function runIntegration(opts: IntegrationOptions): Promise<number> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const testsPath = resolve(opts.testsPath);
  const extensionPath = resolve(opts.extensionPath);
  if (relative(extensionPath, testsPath).startsWith('..')) {
    throw new Error(`The suite ${testsPath} must lie inside the extension folder ${extensionPath}.`);
  }
  if (!existsSync(testsPath)) {
    throw new Error(`No integration suite at ${testsPath}; build it first (npm run build:integration).`);
  }

  const cleanup: Array<() => Promise<void>> = [];
  try {
    const workspace = copyWorkspace(opts.workspaceSource);
    cleanup.push(deferCleanup(() => workspace.remove()));
    const reply = fixReply(workspace.dir);
    const model = await startFakeOpenAI({ reply: () => reply });
    cleanup.push(deferCleanup(() => model.close()));
    const server = await startCodeServer({
      smokeTestDriver: true,
      disableWorkspaceTrust: !opts.workspaceTrust,
      env: { SWS_FAKE_MODEL_URL: model.url },
    });
    cleanup.push(server.stop);
    log(`[integration] code-server ${server.url}, workspace ${workspace.dir}, model ${model.url}`);
    const browser = await launchChromium();
    cleanup.push(deferCleanup(() => browser.close()));
    const page = await newWorkbenchPage(browser);

    let settle!: (code: number) => void;
    const exitCode = new Promise<number>((r) => (settle = r));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      if (!opts.verbose && WORKBENCH_NOISE.some((prefix) => line.startsWith(prefix))) return;
      log(type === 'error' || type === 'warn' ? `[${type}] ${line}` : line);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => settle(code === 0 ? 0 : 1));
    page.on('pageerror', (err) => log(`[workbench error] ${err.message}`));

    // The workbench takes the remote authority from location.host: the URIs must name the same host:port.
    const payload: Array<[string, string]> = [
      ['extensionDevelopmentPath', server.remoteUri(extensionPath)],
      ['extensionTestsPath', server.remoteUri(testsPath)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    await page.goto(server.workbenchUrl(workspace.dir, payload));

    const timeoutMs = opts.timeoutMs ?? 300_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<number>((r) => {
      timer = setTimeout(() => {
        log(`[integration] the suite did not finish within ${timeoutMs / 1000} s.`);
        log(`--- code-server log ---\n${server.logTail()}`);
        r(1);
      }, timeoutMs);
    });
    const code = await Promise.race([exitCode, timedOut]);
    clearTimeout(timer);
    return code;
  } finally {
    // Browser first, then code-server, the model and the workspace: the reverse of their start.
    for (const run of cleanup.reverse()) await run();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      extension: { type: 'string', default: REPO_ROOT },
      tests: { type: 'string' },
      workspace: { type: 'string' },
      'workspace-trust': { type: 'boolean', default: false },
      timeout: { type: 'string', default: '300' },
      verbose: { type: 'boolean', default: false },
    },
  });
  const extensionPath = resolve(values.extension);
  const started = Date.now();
  const code = await runIntegration({
    extensionPath,
    testsPath: resolve(values.tests ?? join(extensionPath, 'out/test/integration/suite/index.js')),
    workspaceSource: values.workspace && resolve(values.workspace),
    workspaceTrust: values['workspace-trust'],
    timeoutMs: Number(values.timeout) * 1000,
    verbose: values.verbose,
  });
  console.log(`[integration] ${code === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(code);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`[integration] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
