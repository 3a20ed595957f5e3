// JavaScript projects: the package manager from package.json and lockfiles, the runner behind
// the "test" script (from the script's words, else the dependencies), and whether the
// script can run directly so the engine may add report flags to it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { invocationOf, splitCommand, type RunnerKind, type RunnerPlan } from '../verify/runners';

interface PackageJson {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  packageManager?: string;
}

export type Manager = 'npm' | 'yarn' | 'pnpm' | 'bun';

/** Lockfiles name the package manager the project uses; npm when none is found. */
const LOCKFILES: Array<[file: string, manager: Manager]> = [
  ['bun.lockb', 'bun'],
  ['bun.lock', 'bun'],
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

// Most specific first: a vitest project often has jest types around, not the reverse.
const RUNNER_PACKAGES: Array<[pkg: string, runner: RunnerKind]> = [
  ['vitest', 'vitest'],
  ['jest', 'jest'],
  ['mocha', 'mocha'],
  ['ava', 'ava'],
  ['tape', 'tape'],
];

const FOLLOW_LIMIT = 3;

export function readPackageJson(workspace: string): PackageJson | null {
  const path = join(workspace, 'package.json');
  if (!existsSync(path)) return null;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as PackageJson) : null;
  } catch {
    // A broken package.json is the user's to fix; other ecosystems may still apply.
    return null;
  }
}

export function managerOf(workspace: string, pkg: PackageJson): { manager: Manager; why: string } {
  const declared = /^(npm|yarn|pnpm|bun)@/.exec(pkg.packageManager ?? '');
  if (declared) return { manager: declared[1] as Manager, why: `packageManager ${pkg.packageManager}` };
  const lock = LOCKFILES.find(([f]) => existsSync(join(workspace, f)));
  return lock ? { manager: lock[1], why: `${lock[0]} found` } : { manager: 'npm', why: 'no lockfile, npm assumed' };
}

/** The plan for the "test" script of a workspace, or null when it has none worth running. */
export function detectPackageScript(workspace: string): RunnerPlan | null {
  const pkg = readPackageJson(workspace);
  const script = pkg?.scripts?.test;
  if (!pkg || !script || /no test specified/.test(script)) return null;
  const { manager, why } = managerOf(workspace, pkg);
  return scriptPlan(pkg, 'test', `${manager} run test`, why);
}

/**
 * `npm test`, `npm run X`, `yarn X`, `pnpm run X`, `bun run X` with nothing after the script
 * name: the name of the script it runs, or null for any other command.
 */
export function scriptNameOf(command: string, pkg: PackageJson): string | null {
  const words = splitCommand(command)?.words;
  if (!words) return null;
  const [pm, a, b, ...more] = words;
  if (more.length > 0) return null;
  let name: string | undefined;
  if (pm === 'npm') name = ['test', 't', 'tst'].includes(a ?? '') && b === undefined ? 'test' : ['run', 'run-script'].includes(a ?? '') ? b : undefined;
  else if (pm === 'yarn' || pm === 'pnpm') name = a === 'run' ? b : b === undefined ? a : undefined;
  // `bun test` is bun's own runner, not the script.
  else if (pm === 'bun') name = a === 'run' ? b : undefined;
  return name !== undefined && pkg.scripts?.[name] !== undefined ? name : null;
}

/** The plan for the command `shown`, which runs the script `name` of `pkg`. */
export function scriptPlan(pkg: PackageJson, name: string, shown: string, managerWhy: string): RunnerPlan {
  const scripts = pkg.scripts ?? {};
  let current = name;
  let body = scripts[name]!;
  const followed = [name];
  for (let i = 0; i < FOLLOW_LIMIT; i++) {
    const next = scriptNameOf(body, pkg);
    if (!next || followed.includes(next)) break;
    followed.push(next);
    current = next;
    body = scripts[next]!;
  }
  const hooks = followed.flatMap((n) => [`pre${n}`, `post${n}`]).filter((h) => scripts[h] !== undefined);
  const found = hooks.length === 0 ? invocationOf(body, true) : null;
  const runner = found?.runner ?? runnerNamedIn(body) ?? runnerFromDependencies(pkg);
  const via = current === name ? '' : ` via "${current}"`;
  const base = `package.json script "${name}"${via} runs \`${body}\` (${managerWhy})`;
  let how: string;
  if (found) how = `; it runs directly so that ${found.runner} can be asked for per-test results`;
  else if (hooks.length > 0) how = `; it runs through the package manager because of the ${hooks.join(', ')} script${hooks.length === 1 ? '' : 's'}`;
  else how = runner ? `; ${runner} found, but the script is not a single ${runner} command, so its output is parsed as it is` : '';
  return { runner, command: shown, reason: base + how, invocation: found?.invocation ?? null };
}

/** A runner named as a word of a script that is more than one command ("tsc && jest --ci"). */
export function runnerNamedIn(text: string): RunnerKind | null {
  if (/\bnode\b[^|&;]*\s--test\b/.test(text)) return 'node-test';
  if (/(?:^|[\s/])pytest\b|-m pytest\b/.test(text)) return 'pytest';
  if (/-m unittest\b/.test(text)) return 'unittest';
  if (/\bgo test\b/.test(text)) return 'go';
  if (/\bcargo test\b/.test(text)) return 'cargo';
  for (const [word, runner] of RUNNER_PACKAGES) if (new RegExp(`(?:^|[\\s/])${word}\\b`).test(text)) return runner;
  return null;
}

function runnerFromDependencies(pkg: PackageJson): RunnerKind | null {
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  return RUNNER_PACKAGES.find(([p]) => deps[p] !== undefined)?.[1] ?? null;
}
