// Where reproduction tests go and which existing test shows the model the workspace's style.
import { posix } from 'node:path';
import type { RunnerKind } from '../verify/runners';

const JS_TEST = /(?:^|\/)(?:test|tests|__tests__|spec)\/.+\.[cm]?[jt]sx?$|\.(?:test|spec)\.[cm]?[jt]sx?$/;
const PY_TEST = /(?:^|\/)(?:test_[^/]*|[^/]*_test)\.py$/;
const SKIP = /(?:^|\/)(?:node_modules|\.git|dist|build|coverage|fixtures?|__snapshots__|helpers?|support)\//;

/** Folder name of the generated tests; the suite owns no folder of that name. */
export const REPRO_DIR_NAME = '__repro__';

export interface ReproLayout {
  /** Workspace-relative folder of the generated tests. */
  dir: string;
  /** The test file shown as an example, if the workspace has one. */
  example: string | null;
  /** Path of the k-th test (1-based). */
  fileFor(k: number): string;
}

/** Test files of the workspace that fit the runner, most likely examples first. */
export function testFilesFor(files: readonly string[], runner: RunnerKind): string[] {
  const python = runner === 'pytest' || runner === 'unittest';
  return files
    .filter((f) => (python ? PY_TEST.test(f) : JS_TEST.test(f)) && !SKIP.test(f) && !f.includes(`/${REPRO_DIR_NAME}`))
    .sort((a, b) => a.split('/').length - b.split('/').length || a.length - b.length || a.localeCompare(b));
}

/**
 * The example is the test that names the most words of the task (a test of the module the
 * task talks about), else the shallowest; the tests go in a new folder next to it.
 */
export function planLayout(files: readonly string[], runner: RunnerKind, task: string): ReproLayout {
  const tests = testFilesFor(files, runner);
  const words = new Set(task.toLowerCase().match(/[a-z][a-z0-9_]{2,}/g) ?? []);
  const score = (f: string) => (f.toLowerCase().match(/[a-z][a-z0-9_]{2,}/g) ?? []).filter((w) => words.has(w)).length;
  const example = tests.length > 0 ? tests.reduce((best, f) => (score(f) > score(best) ? f : best), tests[0]!) : null;
  const python = runner === 'pytest' || runner === 'unittest';
  const parent = example ? posix.dirname(example) : python ? 'tests' : 'test';
  let dir = parent === '.' ? REPRO_DIR_NAME : `${parent}/${REPRO_DIR_NAME}`;
  // A folder of that name that is already the user's is never written into.
  for (let i = 2; files.some((f) => f.startsWith(`${dir}/`)); i++) dir = `${parent === '.' ? '' : `${parent}/`}${REPRO_DIR_NAME}${i}`;
  const name = nameFrom(example ? posix.basename(example) : python ? 'test_x.py' : 'x.test.js');
  return { dir, example, fileFor: (k) => `${dir}/${name(`r${k}`)}` };
}

/** Names like the example's: `test_r1.py`, `r1_test.py`, `r1.test.ts`, `r1.js`. */
function nameFrom(example: string): (stem: string) => string {
  if (/^test_.*\.py$/.test(example)) return (s) => `test_${s}.py`;
  const suffix = /(?:[._-](?:test|spec))?\.[cm]?[jt]sx?$|_test\.py$/.exec(example)?.[0] ?? posix.extname(example);
  return (s) => `${s}${suffix}`;
}
