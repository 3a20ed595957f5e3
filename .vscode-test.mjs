// @vscode/test-cli configuration (npm run test:integration on machines with desktop VS Code).
import { defineConfig } from '@vscode/test-cli';
import { prepareWorkspace } from './test/integration/workspace.mjs';

export default defineConfig({
  label: 'integration',
  files: 'out/test/integration/suite/*.test.js',
  version: process.env.SWS_VSCODE_VERSION ?? 'stable',
  // A committed copy of test/fixtures/vscode-workspace: the suite applies and reverts edits there.
  workspaceFolder: prepareWorkspace(),
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  mocha: { ui: 'bdd', timeout: 180_000 },
});
