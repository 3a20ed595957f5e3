// TAP (node:test on Node 20 when stdout is not a terminal, tape, tap, and many others) via tap-parser.
import { Parser, type Result } from 'tap-parser';
import type { TestCaseResult } from '../types';
import { clipMessage, trimStack } from './stack';

const TEST_POINT = /^\s*(?:not )?ok \d+\b/m;
const TAP_HEADER = /^(?:TAP version \d+|\s*\d+\.\.\d+)\s*$/m;
const SEGMENT_START = /^(?=TAP version \d+\s*$)/m;
// Comments that are runner bookkeeping, not the name of a group of assertions.
const NOT_A_GROUP = /^#\s*(?:Subtest:|tests\b|pass\b|fail\b|suites\b|cancelled\b|skipped\b|todo\b|duration_ms\b|ok\s*$)/;

/** TAP needs numbered test points and a version or plan line; a lone "ok 1" in build chatter is not TAP. */
export function looksLikeTap(output: string): boolean {
  return TEST_POINT.test(output) && TAP_HEADER.test(output);
}

/** Leaf tests of every TAP stream in the output (a command may run several runners in a row). */
export function parseTap(output: string): TestCaseResult[] {
  return output.split(SEGMENT_START).flatMap(parseSegment);
}

interface Tally {
  failures: number;
  lastChild: Parser | null;
}

function parseSegment(text: string): TestCaseResult[] {
  if (!TEST_POINT.test(text)) return [];
  const out: TestCaseResult[] = [];
  const tallies = new WeakMap<Parser, Tally>();
  const tallyOf = (p: Parser): Tally => {
    let t = tallies.get(p);
    if (!t) tallies.set(p, (t = { failures: 0, lastChild: null }));
    return t;
  };
  const noteFailure = (p: Parser | null) => {
    for (let q = p; q; q = q.parent) tallyOf(q).failures++;
  };
  // tape names groups of assertions with a bare comment; node:test never does (its console
  // output arrives as comments too, so trusting them there would make ids unstable).
  const useGroups = !/^\s*# Subtest:/m.test(text);
  let group: string | undefined;

  const attach = (p: Parser) => {
    p.on('child', (c: Parser) => {
      tallyOf(p).lastChild = c;
      attach(c);
    });
    p.on('assert', (r: Result) => {
      const child = tallyOf(p).lastChild;
      tallyOf(p).lastChild = null;
      // A suite only counts when it failed on its own (a hook, a file that did not load).
      if (r.closingTestPoint && child && (r.ok || tallyOf(child).failures > 0)) return;
      const prefix = useGroups && !p.parent && group ? [group] : [];
      const test = toCase(r, prefix);
      if (test.status === 'failed') noteFailure(p);
      out.push(test);
    });
    if (useGroups && !p.parent) {
      p.on('comment', (c: string) => {
        const line = c.trim();
        if (!NOT_A_GROUP.test(line)) group = line.replace(/^#\s*/, '') || undefined;
      });
    }
  };

  const parser = new Parser({ passes: true });
  attach(parser);
  parser.end(text);
  return out;
}

function toCase(r: Result, prefix: string[]): TestCaseResult {
  const diag = (r.diag ?? {}) as Record<string, unknown>;
  const path = [...prefix, ...r.fullname.split(' > ')].filter((s) => s !== '');
  const name = r.name || `test ${r.id}`;
  const status = r.skip || r.todo ? 'skipped' : r.ok ? 'passed' : 'failed';
  const test: TestCaseResult = { id: path.length > 0 ? path.join(' > ') : name, name, status };
  const file = fileOf(diag);
  if (file) test.file = file;
  // tap-parser moves a YAML `duration_ms` into `time`.
  const duration = r.time ?? Number(diag['duration_ms']);
  if (Number.isFinite(duration)) test.durationMs = duration;
  if (status === 'failed') {
    const message = clipMessage(messageOf(diag) ?? name);
    if (message) test.message = message;
    const stack = trimStack(str(diag['stack']) ?? str(diag['at']));
    if (stack) test.stack = stack;
  }
  return test;
}

function messageOf(diag: Record<string, unknown>): string | undefined {
  const direct = str(diag['error']) ?? str(diag['message']);
  if (direct) return direct;
  if ('expected' in diag || 'actual' in diag) {
    const op = str(diag['operator']);
    return `expected ${show(diag['expected'])}, actual ${show(diag['actual'])}${op ? ` (${op})` : ''}`;
  }
  return undefined;
}

function fileOf(diag: Record<string, unknown>): string | undefined {
  const loc = str(diag['location']) ?? str(diag['file']);
  return loc?.replace(/:\d+(?::\d+)?$/, '');
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
