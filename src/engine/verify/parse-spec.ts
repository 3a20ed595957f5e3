// node:test's spec reporter (the default on a terminal, and everywhere from Node 23):
//   ▶ suite / ✔ name (1.2ms) / ✖ name (3ms) + indented error / ﹣ name # SKIP / ℹ tests 3
import type { TestCaseResult } from '../types';
import { splitError } from './stack';

const MARKED = /^(\s*)([✔✖﹣▶])\s+(.*)$/;
const SUMMARY = /^ℹ tests \d+/m;
const FAILING_RECAP = /^✖ failing tests:/;
const DIRECTIVE = /\s+#\s*(SKIP|TODO)\b.*$/i;
const DURATION = /\s+\((\d+(?:\.\d+)?)(ms|s)\)$/;

/** Needs the closing "ℹ tests N" line: a lone ✔ is also what build tools print. */
export function looksLikeSpec(output: string): boolean {
  return SUMMARY.test(output) && /^\s*[✔✖]\s/m.test(output);
}

interface OpenSuite {
  indent: number;
  name: string;
  failuresBefore: number;
}

export function parseSpec(output: string): TestCaseResult[] {
  const lines = output.split('\n');
  const out: TestCaseResult[] = [];
  const suites: OpenSuite[] = [];
  let failures = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // Node repeats every failure after the summary; the first report is the one to keep.
    if (FAILING_RECAP.test(line)) break;
    const m = MARKED.exec(line);
    if (!m) continue;
    const indent = m[1]!.length;
    const mark = m[2]!;
    const { name, durationMs, directive } = splitTitle(m[3]!);
    if (mark === '▶') {
      suites.push({ indent, name, failuresBefore: failures });
      continue;
    }
    const top = suites[suites.length - 1];
    const closesSuite = top !== undefined && top.indent === indent && top.name === name;
    while (suites.length > 0 && suites[suites.length - 1]!.indent >= indent) suites.pop();
    const status: TestCaseResult['status'] =
      mark === '﹣' || directive ? 'skipped' : mark === '✔' ? 'passed' : 'failed';
    // A suite only counts when it failed on its own (a hook, a file that did not load).
    if (closesSuite && (status !== 'failed' || failures > top.failuresBefore)) continue;
    const path = [...suites.map((s) => s.name), name];
    const test: TestCaseResult = { id: path.join(' > '), name, status };
    if (durationMs !== undefined) test.durationMs = durationMs;
    if (status === 'failed') {
      failures++;
      const block = errorBlock(lines, i + 1, indent);
      Object.assign(test, definedOnly(splitError(block)));
    }
    out.push(test);
  }
  return out;
}

function splitTitle(title: string): { name: string; durationMs?: number; directive?: string } {
  let rest = title.trimEnd();
  const d = DIRECTIVE.exec(rest);
  if (d) rest = rest.slice(0, d.index);
  const t = DURATION.exec(rest);
  if (t) rest = rest.slice(0, t.index);
  const durationMs = t ? Number(t[1]) * (t[2] === 's' ? 1000 : 1) : undefined;
  return { name: rest.trim(), durationMs, directive: d?.[1] };
}

/** The lines under a ✖ that are indented deeper than it, up to the next marked line. */
function errorBlock(lines: string[], from: number, indent: number): string {
  const block: string[] = [];
  for (let j = from; j < lines.length; j++) {
    const l = lines[j]!;
    if (l.trim() === '') {
      block.push('');
      continue;
    }
    const lead = l.length - l.trimStart().length;
    if (lead <= indent || MARKED.test(l)) break;
    block.push(l);
  }
  return dedent(block);
}

function dedent(lines: string[]): string {
  const leads = lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length);
  const cut = leads.length > 0 ? Math.min(...leads) : 0;
  return lines.map((l) => l.slice(cut)).join('\n');
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
