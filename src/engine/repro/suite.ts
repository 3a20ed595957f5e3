// The valid reproduction tests as part of every candidate's verification.
import type { Worktree } from '../sandbox';
import { reward } from '../score';
import { reportPassed, type FileChange, type SearchNode, type TestCaseResult, type TestReport, type Verdict } from '../types';
import { failureExcerpt } from '../verify';
import { reproChanges, runFilesIn, type ReproRunContext } from './run';
import type { ReproOutcome, ReproTest } from './types';

const EXCERPT_BYTES = 3_000;

export class ReproSuite {
  /** The tests candidates are judged by. */
  readonly valid: ReproTest[];

  constructor(
    /** Every test the model wrote, discarded ones included, in order. */
    readonly tests: readonly ReproTest[],
    private readonly ctx: ReproRunContext,
  ) {
    this.valid = tests.filter((t) => t.status === 'valid');
  }

  /** Every generated file: candidates may edit none of them, valid or not. */
  get files(): string[] {
    return this.tests.map((t) => t.file);
  }

  /**
   * Runs the valid tests on a candidate: the worktree is reset, the candidate's changes and
   * the tests written, and the tests run together (one at a time when a shared run cannot
   * tell whose result is whose).
   */
  async check(wt: Worktree, changes: readonly FileChange[]): Promise<ReproOutcome> {
    await wt.reset();
    await wt.write([...changes, ...reproChanges(this.valid)]);
    const all = await runFilesIn(this.ctx, wt, this.valid.map((t) => t.file));
    if (all.overLimit) return outcome([], this.valid, all.overLimit);
    const shared = this.valid.length === 1 ? new Map([[this.valid[0]!.id, passedAlone(all.report, this.valid[0]!)]]) : attribute(all.report, this.valid);
    if (shared) return outcome(this.valid.filter((t) => shared.get(t.id)), this.valid.filter((t) => !shared.get(t.id)), failureExcerpt(all.report, EXCERPT_BYTES));
    const passed: ReproTest[] = [];
    const failed: ReproTest[] = [];
    const excerpts: string[] = [];
    for (const t of this.valid) {
      const one = await runFilesIn(this.ctx, wt, [t.file]);
      if (!one.overLimit && passedAlone(one.report, t)) passed.push(t);
      else {
        failed.push(t);
        excerpts.push(one.overLimit ?? failureExcerpt(one.report, Math.floor(EXCERPT_BYTES / this.valid.length)));
      }
    }
    return outcome(passed, failed, excerpts.join('\n'));
  }
}

/** A test's own run passed and every test it reported on the snapshot ran and passed. */
function passedAlone(report: TestReport, test: ReproTest): boolean {
  if (!reportPassed(report)) return false;
  if (report.level !== 'per-test') return true;
  const status = new Map(report.tests.map((t) => [t.id, t.status]));
  return (test.testIds ?? []).every((id) => status.get(id) === 'passed');
}

/**
 * Which tests of a shared run passed, by the file each result names or else by the ids each
 * file reported alone on the snapshot; null when some failure belongs to no file or to several.
 */
function attribute(report: TestReport, tests: readonly ReproTest[]): Map<string, boolean> | null {
  if (report.level !== 'per-test' || report.timedOut || report.outputLimited) return null;
  const owner = new Map<string, string>();
  for (const t of tests) {
    for (const id of t.testIds ?? []) {
      if (owner.has(id)) return null;
      owner.set(id, t.id);
    }
  }
  const result = new Map(tests.map((t) => [t.id, true]));
  for (const r of report.tests) {
    if (r.status !== 'failed') continue;
    const of = tests.find((t) => r.file === t.file)?.id ?? owner.get(r.id);
    if (!of) return null;
    result.set(of, false);
  }
  const status = new Map(report.tests.map((r) => [r.id, r.status]));
  // A test that did not run counts as failing: skipping it must never look like fixing it.
  for (const t of tests) if (!(t.testIds ?? []).every((id) => status.get(id) === 'passed')) result.set(t.id, false);
  return result;
}

function outcome(passed: readonly ReproTest[], failed: readonly ReproTest[], excerpt: string): ReproOutcome {
  const head = failed.length > 0 ? `Reproduction test${failed.length === 1 ? '' : 's'} still failing: ${failed.map((t) => `${t.id} (${t.file})`).join(', ')}\n` : '';
  return { passed: passed.map((t) => t.id), failed: failed.map((t) => t.id), excerpt: failed.length > 0 ? head + excerpt : '' };
}

/** The suite's verdict with the reproduction tests counted: passing all of them is part of passing. */
export function withRepro(v: Verdict, o: ReproOutcome): Verdict {
  if (o.failed.length === 0) return v;
  return {
    ...v,
    passedAll: false,
    outputExcerpt: [v.outputExcerpt, o.excerpt].filter((s) => s.trim() !== '').join('\n\n'),
    failures: [...v.failures, ...o.failed.map((id) => ({ id: `repro ${id}`, name: `reproduction test ${id}`, message: 'still fails' }))],
  };
}

/** The reward with the reproduction tests as targets next to the suite's failing tests. */
export function reproReward(v: Verdict, o: ReproOutcome, targets: number, guard: number): number {
  const total = o.passed.length + o.failed.length;
  const tests = v.level === 'per-test' ? v.tests : { ...v.tests, passed: v.tests.passed + o.passed.length, total: v.tests.total + total };
  return reward({ ...v, tests, fixed: [...v.fixed, ...o.passed.map((id) => `repro ${id}`)] }, targets + total, guard);
}

/** What a node records of its reproduction run; a candidate that passes the suite but not them says which fail. */
export function reproNodeFields(suite: Verdict, o: ReproOutcome): Pick<SearchNode, 'repro' | 'reason'> {
  const repro = { passed: o.passed, failed: o.failed };
  if (!suite.passedAll || o.failed.length === 0) return { repro };
  return { repro, reason: `passes the suite but not reproduction test${o.failed.length === 1 ? '' : 's'} ${o.failed.join(', ')}` };
}
