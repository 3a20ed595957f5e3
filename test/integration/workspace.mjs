// Makes a private, committed copy of the fixture workspace for a run of the integration suite:
// the suite applies and reverts edits in it, so it never runs on the fixture itself.
// node test/integration/workspace.mjs [TARGET]   (default: .test-output/vscode-workspace)
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURE = join(root, 'test', 'fixtures', 'vscode-workspace');

/** Copies the fixture to `target` (replacing it) as its own git repository with one commit. */
export function prepareWorkspace(target = join(root, '.test-output', 'vscode-workspace')) {
  rmSync(target, { recursive: true, force: true });
  cpSync(FIXTURE, target, { recursive: true });
  const git = (...args) =>
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: target, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'fixture');
  return target;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(prepareWorkspace(process.argv[2] ? resolve(process.argv[2]) : undefined));
}
