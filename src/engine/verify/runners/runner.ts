// Runs a planned test command in a sandbox folder: per-test report flags added, report files
// written into a fresh folder inside the run's own directory (the one place a sandboxed run
// may write), read, and removed.
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import type { TestCaseResult, TestReport } from '../../types';
import { runTests, type RunTestsOptions } from '../run-tests';
import { adapterFor, type RunnerAdapter } from './adapters';
import { buildRunSpec } from './command';
import type { RunnerPlan } from './plan';
import { reparse } from './reparse';

export interface PlannedRunOptions extends Omit<RunTestsOptions, 'command' | 'junitPaths'> {
  /** Run only these tests (a targeted run); the runner must be able to select them. */
  only?: readonly TestCaseResult[];
}

/** Starts with a dot: go's ./... and most test globs skip such folders. */
const REPORT_DIR_PREFIX = '.solve-with-search-report-';

export class TestRunner {
  readonly adapter: RunnerAdapter | undefined;

  constructor(
    readonly plan: RunnerPlan,
    /** False runs the user's command exactly as written. */
    readonly extended = true,
  ) {
    this.adapter = adapterFor(plan.runner);
  }

  /** The same command without anything added: the fallback when the added flags break it. */
  plain(): TestRunner {
    return new TestRunner(this.plan, false);
  }

  /** True when runs differ from the user's command (report flags or environment). */
  get asksForReports(): boolean {
    if (!this.extended) return false;
    const spec = buildRunSpec(this.plan, REPORT_DIR_PREFIX, { extend: true, env: {} });
    return spec !== null && (spec.command !== this.plan.command || Object.keys(spec.env).length > 0);
  }

  /** True when a run can be narrowed to exactly these tests (or a few more). */
  canSelect(tests: readonly TestCaseResult[]): boolean {
    return this.extended && tests.length > 0 && buildRunSpec(this.plan, REPORT_DIR_PREFIX, { extend: true, only: tests, env: {} }) !== null;
  }

  /** The shell command of a run, for messages and tests. */
  commandFor(only?: readonly TestCaseResult[]): string | null {
    return buildRunSpec(this.plan, `${REPORT_DIR_PREFIX}X`, { extend: this.extended, env: {}, ...(only ? { only } : {}) })?.command ?? null;
  }

  async run(opts: PlannedRunOptions): Promise<TestReport> {
    const { only, ...rest } = opts;
    const dir = join(opts.cwd, `${REPORT_DIR_PREFIX}${randomBytes(4).toString('hex')}`);
    const spec = buildRunSpec(this.plan, dir, { extend: this.extended, env: opts.env, ...(only ? { only } : {}) });
    if (!spec) throw new Error(`The ${this.plan.runner ?? 'test'} command cannot be narrowed to these tests.`);
    const env = { ...opts.env, ...spec.env };
    if (this.extended && this.plan.invocation?.binPath) env.PATH = binPath(opts.cwd, opts.env.PATH);
    try {
      if (spec.files.length > 0) await mkdir(dir, { recursive: true });
      const report = await runTests({ ...rest, env, command: spec.command, junitPaths: spec.files });
      return reparse(report, this.adapter);
    } finally {
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }
}

/** What `npm run` puts first on PATH: node_modules/.bin of the folder and of each parent. */
function binPath(cwd: string, path: string | undefined): string {
  const dirs: string[] = [];
  for (let d = cwd; ; d = dirname(d)) {
    dirs.push(join(d, 'node_modules', '.bin'));
    if (dirname(d) === d) break;
  }
  return [...dirs, ...(path ? [path] : [])].join(delimiter);
}
