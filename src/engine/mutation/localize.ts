// Fault localization from the baseline run: which lines of which source files to mutate first.
import { localImports } from '../llm/imports';
import { FileIndex } from '../llm/trace-paths';
import type { TestCaseResult, TestReport, Verdict } from '../types';
import { lineStarts } from './operators';
import { isMutableScript } from './parse';
import { isPython } from './python';
import { functionUnits, spectrum, testCases, type TestCase, type Unit } from './spectrum';
import { pytestFailures, pythonTestCases, pythonUnits } from './spectrum-python';

export interface LocalizeInput {
  baseline: TestReport;
  files: string[];
  roots: string[];
  read(path: string): Promise<string | null>;
  isProtected(path: string): boolean;
}

export interface Localization {
  /** path → line → suspiciousness; lines absent score 0. */
  lines: Map<string, Map<number, number>>;
  /** "path:line" of the top project frame of failures that dereferenced null or undefined. */
  nullDeref: Set<string>;
  /** Some failure dereferenced null or undefined, wherever it happened. */
  nullDerefSeen: boolean;
  /** Failing tests the baseline reported (0 when it only had a summary or an exit code and nothing failed). */
  failing: number;
  /** Snapshot content of every file in `lines`. */
  texts: Map<string, string>;
}

/** Weights of the evidence; a line's suspiciousness is their sum. */
export const WEIGHTS = {
  /** Every line of a source file a failing test imports. */
  imported: 0.05,
  /** Every line of a file those files import in turn. */
  transitive: 0.02,
  /** × Ochiai of the function holding the line, from the static test spectrum. */
  spectrum: 0.6,
  /** × the frame weight, for the very line a failing stack names. */
  frameLine: 1,
  /** × the frame weight, for the other lines of that frame's function. */
  frameFunction: 0.3,
} as const;

const MAX_TEST_FILES = 40;
const MAX_SOURCE_FILES = 40;
const MAX_FILE_BYTES = 300_000;
// Messages of a read through null or undefined: V8's wordings old and new, and Python's None.
const NULL_DEREF = /Cannot read propert(?:y|ies) of (?:null|undefined)|Cannot (?:set|destructure) propert|(?:null|undefined) is not an object|of (?:null|undefined) \(reading|is not iterable|'NoneType' object|of type 'NoneType'/i;
const JS_FRAME = /(?:\(|\s|^)((?:file:\/\/)?[^\s()'"]+?\.[A-Za-z]{1,5}):(\d+)(?::\d+)?\)?/g;
const PY_FRAME = /File "([^"\n]+)", line (\d+)/g;

interface Frame {
  path: string;
  line: number;
}

/** Project frames of a failure, outermost call last, as workspace paths. */
export function framesOf(text: string, roots: string[], index: FileIndex): Frame[] {
  const out: Frame[] = [];
  for (const raw of text.split('\n')) {
    if (/[\\/]node_modules[\\/]|\bnode:[a-z_]/.test(raw)) continue;
    const hits = [...raw.matchAll(PY_FRAME), ...raw.matchAll(JS_FRAME)];
    for (const m of hits) {
      const path = index.resolve(m[1] ?? '', roots);
      if (path) {
        out.push({ path, line: Number(m[2]) });
        break;
      }
    }
  }
  return out;
}

type Failure = Pick<TestCaseResult, 'name' | 'file' | 'message' | 'stack'>;

/** Reads each file once; files too large to be hand-written source read as null. */
function cachedReader(read: LocalizeInput['read']): (p: string) => Promise<string | null> {
  const texts = new Map<string, Promise<string | null>>();
  return (p) => {
    if (!texts.has(p)) texts.set(p, read(p).then((t) => (t !== null && t.length <= MAX_FILE_BYTES ? t : null)));
    return texts.get(p)!;
  };
}

export async function localize(input: LocalizeInput): Promise<Localization> {
  const index = new FileIndex(input.files);
  const failingTests = input.baseline.tests.filter((t) => t.status === 'failed');
  const passingTests = input.baseline.tests.filter((t) => t.status === 'passed');
  // Without per-test results the whole output is one failure.
  const failures: Failure[] =
    failingTests.length > 0 ? failingTests : input.baseline.counts.failed > 0 || input.baseline.exitCode !== 0 ? [{ name: '', stack: input.baseline.output }] : [];
  const scores = new Map<string, Map<number, number>>();
  const result: Localization = { lines: scores, nullDeref: new Set(), nullDerefSeen: false, failing: failures.length, texts: new Map() };
  if (failures.length === 0) return result;

  const read = cachedReader(input.read);
  const frames = failures.map((f) => framesOf([f.stack ?? '', f.message ?? ''].join('\n'), input.roots, index));
  // Without per-test results, pytest's short summary still names the failing tests.
  const summaryFailures = failingTests.length === 0 ? pytestFailures(input.baseline.output).filter((f) => index.all.has(f.file)) : [];
  const testFiles = new Set<string>();
  for (const t of [...failingTests, ...passingTests, ...summaryFailures]) if (t.file && index.all.has(t.file)) testFiles.add(t.file);
  for (const fr of frames.flat()) if (input.isProtected(fr.path)) testFiles.add(fr.path);
  const failingFiles = [...new Set([...failingTests, ...frames.flat().map((f) => ({ file: f.path })), ...summaryFailures].map((t) => t.file))].filter(
    (p): p is string => !!p && testFiles.has(p),
  );

  const base = await candidateFiles(input, index, read, failingFiles, frames.flat());
  const units: Unit[] = [];
  const lineCount = new Map<string, number>();
  for (const p of base.keys()) {
    const text = await read(p);
    if (text === null) continue;
    lineCount.set(p, lineStarts(text).length);
    result.texts.set(p, text);
    units.push(...(isPython(p) ? pythonUnits(p, text) : functionUnits(p, text)));
  }
  const add = (path: string, line: number, s: number) => {
    if (!lineCount.has(path) || s <= 0) return;
    const m = scores.get(path) ?? new Map<number, number>();
    m.set(line, (m.get(line) ?? 0) + s);
    scores.set(path, m);
  };
  for (const [p, n] of lineCount) for (let l = 1; l <= n; l++) add(p, l, base.get(p)!);

  const cases = new Map<string, TestCase[]>();
  for (const tf of [...testFiles].slice(0, MAX_TEST_FILES)) {
    const text = await read(tf);
    if (text === null) continue;
    if (isPython(tf)) cases.set(tf, pythonTestCases(tf, text));
    else if (isMutableScript(tf)) cases.set(tf, testCases(tf, text));
  }
  const located = [...failures.map((f, i) => locateCase(f, frames[i]!, cases)), ...summaryFailures.map((f) => locateCase(f, [], cases))];
  const failingCases = [...new Set(located.filter((c): c is TestCase => c !== undefined))];
  // With only a summary, every other test of the failing tests' files passed.
  const passingCases =
    failingTests.length > 0
      ? passingTests.map((t) => locateCase(t, [], cases)).filter((c): c is TestCase => c !== undefined)
      : failingFiles.flatMap((f) => cases.get(f) ?? []).filter((c) => !failingCases.includes(c));
  for (const [path, line, s] of spectrumScores(failingCases, passingCases, units)) add(path, line, WEIGHTS.spectrum * s);

  for (const [i, fs] of frames.entries()) {
    const own = fs.filter((f) => lineCount.has(f.path));
    for (const [path, line, s] of frameScores(own, units, failures.length)) add(path, line, s);
    if (!NULL_DEREF.test(`${failures[i]!.message ?? ''}\n${failures[i]!.stack ?? ''}`)) continue;
    result.nullDerefSeen = true;
    if (own[0]) result.nullDeref.add(`${own[0].path}:${own[0].line}`);
  }
  return result;
}

/**
 * Source files worth mutating, with the weight every line of each starts with: what the failing
 * test files import and what failing stacks name, then what those import. When nothing points
 * anywhere (a test that imports a package by name), every source file, lightly.
 */
async function candidateFiles(
  input: LocalizeInput,
  index: FileIndex,
  read: (p: string) => Promise<string | null>,
  failingFiles: string[],
  frames: Frame[],
): Promise<Map<string, number>> {
  const mutable = (p: string) => (isMutableScript(p) || isPython(p)) && !input.isProtected(p) && !p.split('/').includes('node_modules');
  const base = new Map<string, number>();
  for (const tf of failingFiles.slice(0, MAX_TEST_FILES)) {
    const text = await read(tf);
    if (text !== null) for (const p of localImports(tf, text, index)) if (mutable(p)) base.set(p, WEIGHTS.imported);
  }
  for (const fr of frames) if (mutable(fr.path) && !base.has(fr.path)) base.set(fr.path, WEIGHTS.imported);
  for (const p of [...base.keys()]) {
    const text = await read(p);
    if (text !== null) for (const q of localImports(p, text, index)) if (mutable(q) && !base.has(q)) base.set(q, WEIGHTS.transitive);
  }
  if (base.size === 0) {
    const all = input.files.filter(mutable).sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
    for (const p of all.slice(0, MAX_SOURCE_FILES)) base.set(p, WEIGHTS.transitive);
  }
  return new Map([...base].slice(0, MAX_SOURCE_FILES));
}

/** Ochiai of the function nearest around each line (larger functions first, nested ones overwrite). */
function spectrumScores(failing: TestCase[], passing: TestCase[], units: Unit[]): Array<[string, number, number]> {
  const ochiai = spectrum(failing, passing, units);
  const byLine = new Map<string, [string, number, number]>();
  for (const u of [...units].sort((a, b) => b.endLine - b.startLine - (a.endLine - a.startLine))) {
    for (let l = u.startLine; l <= u.endLine; l++) byLine.set(`${u.path}:${l}`, [u.path, l, ochiai.get(u) ?? 0]);
  }
  return [...byLine.values()];
}

/** One failure's project frames: the deeper in the stack, the less likely the frame holds the fault. */
function frameScores(frames: Frame[], units: Unit[], failures: number): Array<[string, number, number]> {
  const out: Array<[string, number, number]> = [];
  for (const [depth, fr] of frames.entries()) {
    const w = 1 / (1 + depth) / failures;
    out.push([fr.path, fr.line, WEIGHTS.frameLine * w]);
    const u = innermost(units, fr.path, fr.line);
    if (u) for (let l = u.startLine; l <= u.endLine; l++) if (l !== fr.line) out.push([fr.path, l, WEIGHTS.frameFunction * w]);
  }
  return out;
}

function innermost(units: Unit[], path: string, line: number): Unit | undefined {
  let best: Unit | undefined;
  for (const u of units) {
    if (u.path !== path || line < u.startLine || line > u.endLine) continue;
    if (!best || u.endLine - u.startLine < best.endLine - best.startLine) best = u;
  }
  return best;
}

/** The test(...) call of a reported test: the one around its stack's test-file frame, else the one with its name. */
function locateCase(t: Pick<TestCaseResult, 'name' | 'file'>, frames: Frame[], cases: ReadonlyMap<string, TestCase[]>): TestCase | undefined {
  for (const fr of frames) {
    const inFile = cases.get(fr.path) ?? [];
    const around = inFile.filter((c) => c.startLine <= fr.line && fr.line <= c.endLine).sort((a, b) => a.endLine - a.startLine - (b.endLine - b.startLine));
    if (around[0]) return around[0];
  }
  if (!t.name) return undefined;
  const leaf = t.name.split(' > ').pop()!;
  const pool = t.file && cases.has(t.file) ? cases.get(t.file)! : [...cases.values()].flat();
  return pool.find((c) => c.name === leaf);
}

/**
 * The baseline as a candidate left it: the tests it still fails (and the ones it broke) are the
 * failing ones, with the candidate's own messages and stacks; every other test passes. Localizing
 * against it aims second-order mutants at what the candidate did not fix. Null without per-test
 * results.
 */
export function refocus(baseline: TestReport, verdict: Verdict): TestReport | null {
  if (baseline.level !== 'per-test' || verdict.level !== 'per-test') return null;
  const failing = new Map(verdict.failures.map((f) => [f.id, f]));
  const tests: TestCaseResult[] = baseline.tests.map((t) => {
    const f = failing.get(t.id);
    if (!f) return { ...t, status: t.status === 'skipped' ? 'skipped' : 'passed', message: undefined, stack: undefined };
    return { ...t, status: 'failed', ...(f.message !== undefined ? { message: f.message } : {}), ...(f.stack !== undefined ? { stack: f.stack } : {}) };
  });
  const failed = tests.filter((t) => t.status === 'failed').length;
  const skipped = tests.filter((t) => t.status === 'skipped').length;
  return { ...baseline, tests, counts: { passed: tests.length - failed - skipped, failed, total: tests.length, skipped }, exitCode: failed > 0 ? 1 : 0, output: verdict.outputExcerpt };
}
