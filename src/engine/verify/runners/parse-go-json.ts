// `go test -json`: one JSON event per line ({Action, Package, Test, Output, Elapsed}). Leaf
// tests become results; a parent counts only when it failed on its own, and a package that
// failed without any failing test (it did not build, or crashed) counts as one failure.
// Before Go 1.24 a build failure is plain text between the events: "FAIL\tpkg [build failed]".
import type { TestCaseResult } from '../../types';
import { clipMessage } from '../stack';

interface GoEvent {
  Action?: string;
  Package?: string;
  Test?: string;
  Output?: string;
  Elapsed?: number;
}

interface Entry {
  pkg: string;
  test: string | undefined;
  action?: string;
  elapsed?: number;
  output: string[];
}

const DONE = new Set(['pass', 'fail', 'skip']);
const PLAIN_PACKAGE_FAILURE = /^FAIL\s+(\S+)\s+\[(?:build|setup) failed\]/;
// Lines go itself prints around a test's own output.
const FRAMING = /^\s*(?:=== (?:RUN|PAUSE|CONT|NAME)\s|--- (?:PASS|FAIL|SKIP):\s|PASS$|FAIL$|ok\s|FAIL\s)/;

export function looksLikeGoJson(output: string): boolean {
  return /^\{"Time":"[^"]*","Action":"/m.test(output) || /^FAIL\s+\S+\s+\[(?:build|setup) failed\]/m.test(output);
}

/** Per-test results and the human text the events carried (what `go test` alone would print). */
export function parseGoJson(output: string): { tests: TestCaseResult[]; text: string } {
  const entries = new Map<string, Entry>();
  const text: string[] = [];
  const entry = (pkg: string, test: string | undefined): Entry => {
    const key = `${pkg}\u0000${test ?? ''}`;
    let e = entries.get(key);
    if (!e) entries.set(key, (e = { pkg, test, output: [] }));
    return e;
  };
  for (const line of output.split('\n')) {
    const ev = event(line);
    if (!ev) {
      if (line.trim() === '') continue;
      text.push(line);
      const failed = PLAIN_PACKAGE_FAILURE.exec(line);
      if (failed) {
        const e = entry(failed[1]!, undefined);
        e.action = 'fail';
        e.output.push(...text.slice(-6).map((l) => `${l}\n`));
      }
      continue;
    }
    const e = entry(ev.Package ?? '', ev.Test);
    if (ev.Action === 'output' && ev.Output !== undefined) {
      text.push(ev.Output.replace(/\n$/, ''));
      e.output.push(ev.Output);
    } else if (ev.Action && DONE.has(ev.Action)) {
      e.action = ev.Action;
      if (ev.Elapsed !== undefined) e.elapsed = ev.Elapsed;
    }
  }
  return { tests: toResults([...entries.values()]), text: text.join('\n') };
}

function event(line: string): GoEvent | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const v = JSON.parse(line) as unknown;
    return typeof v === 'object' && v !== null && 'Action' in v ? (v as GoEvent) : undefined;
  } catch {
    return undefined;
  }
}

function toResults(entries: Entry[]): TestCaseResult[] {
  const done = entries.filter((e) => e.test !== undefined && e.action !== undefined);
  const failingChild = new Set<string>();
  const hasChild = new Set<string>();
  for (const e of done) {
    const parts = e.test!.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = `${e.pkg}\u0000${parts.slice(0, i).join('/')}`;
      hasChild.add(parent);
      if (e.action === 'fail') failingChild.add(parent);
    }
  }
  const out: TestCaseResult[] = [];
  const failedPackages = new Set<string>();
  for (const e of done) {
    const key = `${e.pkg}\u0000${e.test}`;
    if (hasChild.has(key) && (e.action !== 'fail' || failingChild.has(key))) continue;
    const test = result(e, [e.pkg, ...e.test!.split('/')]);
    if (test.status === 'failed') failedPackages.add(e.pkg);
    out.push(test);
  }
  for (const e of entries) {
    if (e.test === undefined && e.action === 'fail' && !failedPackages.has(e.pkg)) out.push(result(e, [e.pkg]));
  }
  return out;
}

function result(e: Entry, path: string[]): TestCaseResult {
  const status = e.action === 'pass' ? 'passed' : e.action === 'skip' ? 'skipped' : 'failed';
  const test: TestCaseResult = { id: path.join(' > '), name: path[path.length - 1]!, status };
  if (e.elapsed !== undefined) test.durationMs = Math.round(e.elapsed * 1000);
  if (status === 'failed') {
    const message = clipMessage(e.output.filter((l) => !FRAMING.test(l)).join(''));
    test.message = message ?? (e.test === undefined ? 'The package failed before its tests ran (see the output).' : 'Failed.');
  }
  return test;
}
