import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DetectedCommand {
  command: string;
  /** Why this command, in words shown to the user. */
  reason: string;
}

/** Lockfiles name the package manager the project uses; npm when none is found. */
const MANAGERS: Array<[file: string, run: string]> = [
  ['bun.lockb', 'bun run'],
  ['bun.lock', 'bun run'],
  ['pnpm-lock.yaml', 'pnpm run'],
  ['yarn.lock', 'yarn run'],
  ['package-lock.json', 'npm run'],
];

/** Picks the workspace's test command from its files, or null when nothing fits. */
export function detectTestCommand(workspace: string): DetectedCommand | null {
  const pkgPath = join(workspace, 'package.json');
  if (existsSync(pkgPath)) {
    let pkg: { scripts?: Record<string, string> } = {};
    try {
      pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as typeof pkg;
    } catch {
      // A broken package.json is the user's to fix; fall through to other ecosystems.
    }
    const script = pkg.scripts?.test;
    if (script && !/no test specified/.test(script)) {
      const manager = MANAGERS.find(([f]) => existsSync(join(workspace, f)));
      const run = manager?.[1] ?? 'npm run';
      return { command: `${run} test`, reason: `package.json script "test" (${script})${manager ? `, ${manager[0]} found` : ''}` };
    }
  }
  if (['pytest.ini', 'pyproject.toml', 'setup.cfg', 'tox.ini', 'conftest.py'].some((f) => existsSync(join(workspace, f)))) {
    return { command: 'python3 -m pytest -q', reason: 'Python project files found' };
  }
  if (existsSync(join(workspace, 'go.mod'))) return { command: 'go test ./...', reason: 'go.mod found' };
  if (existsSync(join(workspace, 'Cargo.toml'))) return { command: 'cargo test', reason: 'Cargo.toml found' };
  if (existsSync(join(workspace, 'pom.xml'))) return { command: 'mvn -q test', reason: 'pom.xml found' };
  if (existsSync(join(workspace, 'gradlew'))) return { command: './gradlew test', reason: 'gradlew found' };
  return null;
}
