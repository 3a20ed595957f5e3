// Runs reproduction test files by naming them to the workspace's runner, so that whether
// they run never depends on the user's test globs or configuration of test folders.
import { invocationOf, shellQuote, TestRunner, type RunnerKind, type RunnerPlan } from '../verify/runners';

/** The runner's own words when the user's command cannot be reused (a script of several commands). */
const STANDALONE: Partial<Record<RunnerKind, { words: string[]; binPath: boolean }>> = {
  'node-test': { words: ['node', '--test'], binPath: false },
  jest: { words: ['jest'], binPath: true },
  vitest: { words: ['vitest', 'run'], binPath: true },
  mocha: { words: ['mocha'], binPath: true },
  tape: { words: ['tape'], binPath: true },
  ava: { words: ['ava'], binPath: true },
  pytest: { words: ['python3', '-m', 'pytest'], binPath: false },
  unittest: { words: ['python3', '-m', 'unittest'], binPath: false },
};

// Options whose value is the next word; kept with it so the value is not taken for a test file.
// Any other option is dropped unless written as --name=value: a bare flag could swallow a file.
const VALUED = new Set(['--config', '-c', '--require', '-r', '--import', '--loader', '--ui', '-u', '--rootDir', '--rootdir', '--setupFiles', '--preset', '--environment', '--env', '-p', '--import-mode', '-o', '--extension']);

/** How to run some test files with the workspace's runner. */
export interface FileRunner {
  readonly kind: RunnerKind;
  /** The command for `files`, for messages. */
  commandFor(files: readonly string[]): string;
  /** A runner for exactly `files` (per-test reports are asked for as in the suite's runs). */
  forFiles(files: readonly string[]): TestRunner;
}

/** Null when the runner is unknown or cannot be given files (go, cargo, maven, gradle). */
export function fileRunner(plan: RunnerPlan): FileRunner | null {
  const base = baseWords(plan);
  if (!base) return null;
  const kind = plan.runner!;
  const commandFor = (files: readonly string[]) => [...base.words, ...files.map((f) => fileArg(kind, f))].map(shellQuote).join(' ');
  return {
    kind,
    commandFor,
    forFiles(files) {
      const command = commandFor(files);
      const found = invocationOf(command, base.binPath);
      return new TestRunner({ runner: kind, command, reason: `reproduction tests run with ${kind}`, invocation: found?.invocation ?? null });
    },
  };
}

/** The user's runner words and the options worth keeping, or the runner's standalone words. */
function baseWords(plan: RunnerPlan): { words: string[]; binPath: boolean } | null {
  const kind = plan.runner;
  if (!kind || !STANDALONE[kind]) return null;
  const inv = plan.invocation;
  if (!inv) return STANDALONE[kind];
  const found = invocationOf(inv.text, inv.binPath);
  if (!found || found.runner !== kind) return STANDALONE[kind];
  // `unittest discover` takes folders, not files.
  const head = inv.words.slice(0, inv.argsFrom).filter((w) => !(kind === 'unittest' && w === 'discover'));
  return { words: [...head, ...keptOptions(inv.words.slice(inv.argsFrom))], binPath: inv.binPath };
}

function keptOptions(args: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (/^--?[\w-]+=/.test(a)) kept.push(a);
    else if (VALUED.has(a) && i + 1 < args.length) kept.push(a, args[++i]!);
  }
  return kept.filter((a) => !/^--test-reporter|^--reporter|^--json$|^--outputFile/.test(a));
}

/** jest reads its positional arguments as regular expressions over absolute paths. */
function fileArg(kind: RunnerKind, file: string): string {
  return kind === 'jest' ? `${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$` : file;
}
