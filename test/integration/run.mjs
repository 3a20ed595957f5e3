// npm run test:integration: the suite in desktop VS Code through @vscode/test-cli. Where desktop
// VS Code cannot be downloaded (no network) or started (no display), it says so and skips; the
// same suite then runs in code-server: node --import tsx scripts/vscode/run-integration.ts
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const CODE_SERVER_HINT = 'Run the same suite in code-server instead: node --import tsx scripts/vscode/run-integration.ts';

function skip(reason) {
  console.log(`[integration] skipped: ${reason}. ${CODE_SERVER_HINT}`);
  process.exit(0);
}

const { downloadAndUnzipVSCode } = require('@vscode/test-electron');
try {
  await downloadAndUnzipVSCode({ version: process.env.SWS_VSCODE_VERSION ?? 'stable', timeout: 20_000 });
} catch (e) {
  skip(`desktop VS Code could not be downloaded (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
}

const bin = require.resolve('@vscode/test-cli/out/bin.mjs');
let command = [process.execPath, bin];
if (process.platform === 'linux' && !process.env.DISPLAY) {
  const xvfb = spawnSync('which', ['xvfb-run'], { encoding: 'utf8' });
  if (xvfb.status !== 0) skip('there is no display and xvfb-run is not installed');
  command = ['xvfb-run', '-a', ...command];
}
const run = spawnSync(command[0], command.slice(1), { stdio: 'inherit' });
process.exit(run.status ?? 1);
