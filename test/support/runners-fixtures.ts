// Real fixture repositories for every test runner: a calculator whose mul() adds, three or
// four passing tests, one failing test and (optionally) one flaky test that fails only on
// its first run, through a counter file outside the repository.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { makeRepo, type TempRepo } from './repo';

export type FixtureKind = 'node-test' | 'jest' | 'vitest' | 'mocha' | 'tape' | 'ava' | 'pytest' | 'unittest' | 'go';

const FIXTURES = join(__dirname, '..', 'fixtures', 'runners');
const PROJECT_NODE_MODULES = join(__dirname, '..', '..', 'node_modules');
const JS_KINDS = new Set<FixtureKind>(['node-test', 'jest', 'vitest', 'mocha', 'tape', 'ava']);

/** Where each fixture keeps its calculator, and the fix a good candidate makes. */
export function calcFix(kind: FixtureKind): { path: string; search: string; replace: string } {
  if (kind === 'pytest' || kind === 'unittest') return { path: 'calc.py', search: 'def mul(a, b):\n    return a + b', replace: 'def mul(a, b):\n    return a * b' };
  if (kind === 'go') return { path: 'calc/calc.go', search: 'func Mul(a, b int) int { return a + b }', replace: 'func Mul(a, b int) int { return a * b }' };
  return { path: 'src/calc.js', search: 'function mul(a, b) {\n  return a + b;', replace: 'function mul(a, b) {\n  return a * b;' };
}

export interface RunnerRepo extends TempRepo {
  /** The counter file the flaky test writes (outside the repository); removed with the repo. */
  counter: string | undefined;
}

/**
 * A committed temporary repository of the fixture. JavaScript fixtures get `node_modules` as a
 * git-ignored link to this project's own, so no install is needed.
 */
export function makeRunnerRepo(kind: FixtureKind, opts: { flaky: boolean }): RunnerRepo {
  const counterDir = opts.flaky ? realpathSync(mkdtempSync(join(tmpdir(), 'sws-flaky-'))) : undefined;
  const counter = counterDir ? join(counterDir, 'count') : undefined;
  let repo: TempRepo;
  try {
    const files = fixtureFiles(kind, counter);
    // No trailing slash: node_modules is a link, and "dir/" patterns match only real folders.
    files['.gitignore'] = 'node_modules\n__pycache__/\n.pytest_cache/\n';
    repo = makeRepo(files, { prefix: `sws-${kind}-` });
  } catch (e) {
    if (counterDir) rmSync(counterDir, { recursive: true, force: true });
    throw e;
  }
  if (JS_KINDS.has(kind)) symlinkSync(PROJECT_NODE_MODULES, join(repo.dir, 'node_modules'), 'dir');
  return {
    ...repo,
    counter,
    remove() {
      repo.remove();
      if (counterDir) rmSync(counterDir, { recursive: true, force: true });
    },
  };
}

/** The fixture's files; the flaky test only when a counter path is given. */
export function fixtureFiles(kind: FixtureKind, counter: string | undefined): Record<string, string> {
  const root = join(FIXTURES, kind);
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else {
        const rel = relative(root, path);
        const text = readFileSync(path, 'utf8');
        if (text.includes('__COUNTER__')) {
          if (counter) out[rel] = text.split('__COUNTER__').join(counter);
        } else out[rel] = text;
      }
    }
  };
  walk(root);
  return out;
}

/** Why a fixture cannot run on this machine, or undefined when it can. */
export function missingTool(kind: FixtureKind): string | undefined {
  const probe = (file: string, args: string[]) => {
    try {
      execFileSync(file, args, { stdio: 'ignore', timeout: 20_000 });
      return true;
    } catch {
      return false;
    }
  };
  if (kind === 'pytest' && !probe('python3', ['-m', 'pytest', '--version'])) return 'pytest is not installed (apt-get install python3-pytest)';
  if (kind === 'unittest' && !probe('python3', ['--version'])) return 'python3 is not installed';
  if (kind === 'go' && !probe('go', ['version'])) return 'go is not installed (apt-get install golang-go)';
  return undefined;
}
