// Starts code-server (the real VS Code workbench and extension host, served to a browser) for
// tests: a free port on 127.0.0.1, private per-run folders, our extension installed, and a
// process group that is always ended, also on Ctrl-C.
//
// CLI: node --import tsx scripts/vscode/run-code-server.ts [--folder DIR] [--extension DIR]
//      [--disable-workspace-trust] [--smoke-test-driver]
// prints the workbench URL and keeps code-server running until Ctrl-C.
// SWS_KEEP_RUN_DIR=1 keeps the run's folders (logs, settings) after stop, to look into a failure.
import { spawn } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { deferCleanup } from './cleanup';
import { toolchain } from './toolchain';

export interface StartOptions {
  /** Extension folders (a package.json and its built files) to install unpacked, as users would get them. */
  extensions?: string[];
  /** Off by default: the workbench then asks whether to trust a folder, as it does for users. */
  disableWorkspaceTrust?: boolean;
  /** Lets the URL's `payload` run an extension test suite (see run-integration.ts). */
  smokeTestDriver?: boolean;
  /** User settings written before start. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and its extension host. */
  env?: Record<string, string>;
}

export interface CodeServer {
  port: number;
  /** `127.0.0.1:PORT`, the remote authority the workbench derives from the browser's location. */
  authority: string;
  url: string;
  runDir: string;
  /** TMPDIR of code-server and its extension host (the engine keeps its worktrees below it). */
  tmpDir: string;
  extensionsDir: string;
  logFile: string;
  /** The workbench URL opening `folder`, with an optional development `payload`. */
  workbenchUrl(folder: string, payload?: Array<[string, string]>): string;
  /** A `vscode-remote://` URI for a path on this machine, as the workbench expects for development paths. */
  remoteUri(path: string): string;
  /** The last lines code-server printed (for error messages). */
  logTail(lines?: number): string;
  /** Ends the process group and removes the run's folders (also on Ctrl-C). Safe to call twice. */
  stop(): Promise<void>;
}

const DEFAULT_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.openRepositoryInParentFolders': 'never',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** Copies an extension into `extensionsDir` as `publisher.name-version`, the layout VS Code scans. */
export function installUnpacked(extensionRoot: string, extensionsDir: string): string {
  const manifest = JSON.parse(readFileSync(join(extensionRoot, 'package.json'), 'utf8'));
  const target = join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`.toLowerCase());
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const entries = ['package.json', 'dist', 'media', 'l10n', 'README.md', 'CHANGELOG.md', 'LICENSE', 'LICENSE.md'];
  for (const name of readdirNames(extensionRoot)) {
    if (entries.includes(name) || /^package\.nls(\.[\w-]+)?\.json$/.test(name)) {
      cpSync(join(extensionRoot, name), join(target, name), { recursive: true });
    }
  }
  const main = typeof manifest.main === 'string' ? join(target, manifest.main) : undefined;
  if (main && !existsSync(main) && !existsSync(`${main}.js`)) {
    throw new Error(`${extensionRoot} has no built ${manifest.main}; run \`npm run build\` first.`);
  }
  return target;
}

function readdirNames(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * The environment code-server and everything it starts (extension host, test runs of
 * model-written code) will see: private XDG/TMP folders, no marketplace, and no credentials
 * from the developer's shell, because candidate patches execute inside it.
 */
function isolatedEnv(runDir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL|AUTH/i.test(key)) continue;
    // Variables of an enclosing VS Code or Electron would redirect this one.
    if (key.startsWith('VSCODE_') || key.startsWith('ELECTRON_')) continue;
    env[key] = value;
  }
  const dirs = { TMPDIR: 'tmp', XDG_DATA_HOME: 'data', XDG_CONFIG_HOME: 'config', XDG_CACHE_HOME: 'cache', XDG_RUNTIME_DIR: 'run' };
  for (const [key, name] of Object.entries(dirs)) {
    const dir = join(runDir, name);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    env[key] = dir;
  }
  env.EXTENSIONS_GALLERY = '{}';
  return { ...env, ...extra };
}

async function waitUntilHealthy(url: string, exited: () => string | null, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const exit = exited();
    if (exit) throw new Error(`code-server exited during start (${exit}).`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer on ${url}/healthz within ${timeoutMs / 1000} s.`);
}

interface RunFolders {
  runDir: string;
  extensionsDir: string;
  userDataDir: string;
  env: NodeJS.ProcessEnv;
}

function prepareRun(opts: StartOptions): RunFolders {
  // Short: code-server and VS Code put Unix sockets below these folders (107-character limit).
  const runDir = mkdtempSync(join(existsSync('/tmp') ? '/tmp' : tmpdir(), 'sws-vsc-'));
  try {
    const extensionsDir = join(runDir, 'ext');
    const userDataDir = join(runDir, 'ud');
    mkdirSync(join(userDataDir, 'User'), { recursive: true });
    mkdirSync(extensionsDir, { recursive: true });
    writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...opts.settings }, null, 2));
    for (const ext of opts.extensions ?? []) installUnpacked(ext, extensionsDir);
    return { runDir, extensionsDir, userDataDir, env: isolatedEnv(runDir, opts.env ?? {}) };
  } catch (err) {
    rmSync(runDir, { recursive: true, force: true });
    throw err;
  }
}

export async function startCodeServer(opts: StartOptions = {}): Promise<CodeServer> {
  const tools = toolchain();
  const port = await freePort();
  const { runDir, extensionsDir, userDataDir, env } = prepareRun(opts);
  const authority = `127.0.0.1:${port}`;
  const url = `http://${authority}`;
  const logFile = join(runDir, 'code-server.log');
  const args = [
    tools.codeServer,
    '--auth', 'none',
    '--bind-addr', authority,
    '--extensions-dir', extensionsDir,
    '--user-data-dir', userDataDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...(opts.disableWorkspaceTrust ? ['--disable-workspace-trust'] : []),
    ...(opts.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
  ];
  const out = openSync(logFile, 'a');
  // Detached: its own process group, so stop() ends the extension host and its children too.
  const child = spawn(tools.node, args, { cwd: runDir, env, detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  let exitInfo: string | null = null;
  const exited = new Promise<void>((r) => {
    child.once('exit', (code, signal) => {
      exitInfo = signal ? `signal ${signal}` : `exit code ${code}`;
      r();
    });
    child.once('error', (err) => {
      exitInfo = err.message;
      r();
    });
  });
  const pid = child.pid;
  if (pid === undefined) {
    await exited;
    rmSync(runDir, { recursive: true, force: true });
    throw new Error(`Could not start code-server with ${tools.node} (${exitInfo}); rerun scripts/vscode/install.sh.`);
  }

  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  const lastResort = () => killGroup('SIGKILL');
  process.on('exit', lastResort);

  const stop = deferCleanup(async () => {
    killGroup('SIGTERM');
    const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    // The group may outlive its leader (an extension host finishing a test run).
    killGroup('SIGKILL');
    process.off('exit', lastResort);
    if (!process.env.SWS_KEEP_RUN_DIR) rmSync(runDir, { recursive: true, force: true });
  });
  const server: CodeServer = {
    port,
    authority,
    url,
    runDir,
    tmpDir: env.TMPDIR!,
    extensionsDir,
    logFile,
    workbenchUrl(folder, payload) {
      const query = [`folder=${encodeURIComponent(folder)}`];
      if (payload) query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
      return `${url}/?${query.join('&')}`;
    },
    remoteUri: (path) => `vscode-remote://${authority}${resolve(path)}`,
    logTail(lines = 30) {
      try {
        return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
      } catch {
        return '';
      }
    },
    stop,
  };
  try {
    await waitUntilHealthy(url, () => exitInfo, 60_000);
  } catch (err) {
    const tail = server.logTail();
    await server.stop();
    throw new Error(`${(err as Error).message}\n--- code-server log ---\n${tail}`);
  }
  return server;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      folder: { type: 'string' },
      extension: { type: 'string', multiple: true },
      'disable-workspace-trust': { type: 'boolean', default: false },
      'smoke-test-driver': { type: 'boolean', default: false },
    },
  });
  const server = await startCodeServer({
    extensions: (values.extension ?? []).map((p) => resolve(p)),
    disableWorkspaceTrust: values['disable-workspace-trust'],
    smokeTestDriver: values['smoke-test-driver'],
  });
  console.log(`code-server ${server.url} (run folder ${server.runDir}); Ctrl-C stops it.`);
  console.log(server.workbenchUrl(resolve(values.folder ?? process.cwd())));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
