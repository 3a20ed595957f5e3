// JUnit XML, the lingua franca of test reports (pytest --junitxml, jest-junit, node --test-reporter=junit,
// surefire, go-junit-report ...): <testsuite><testcase name classname file time><failure message>.
import { XMLParser } from 'fast-xml-parser';
import type { TestCaseResult } from '../types';
import { clipMessage, splitError, trimStack } from './stack';

type XmlNode = Record<string, unknown>;

const ARRAYS = new Set(['testsuite', 'testcase', 'failure', 'error', 'skipped']);

// Entity expansion stays on its library-default limits; external entities are never fetched.
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => ARRAYS.has(name),
});

export function looksLikeJunit(text: string): boolean {
  return /<testcase[\s>/]/.test(text);
}

/** Test cases of one JUnit document; an unreadable document yields none. */
export function parseJunit(text: string): TestCaseResult[] {
  let doc: XmlNode;
  try {
    doc = xml.parse(text) as XmlNode;
  } catch {
    return [];
  }
  const out: TestCaseResult[] = [];
  const root = isNode(doc['testsuites']) ? doc['testsuites'] : doc;
  visit(root, [], undefined, out);
  return out;
}

function visit(node: XmlNode, suites: string[], file: string | undefined, out: TestCaseResult[]): void {
  for (const suite of nodes(node['testsuite'])) {
    const name = attr(suite, 'name');
    visit(suite, name ? [...suites, name] : suites, attr(suite, 'file') ?? file, out);
  }
  for (const tc of nodes(node['testcase'])) out.push(toCase(tc, suites, file));
}

function toCase(tc: XmlNode, suites: string[], suiteFile: string | undefined): TestCaseResult {
  const name = attr(tc, 'name') ?? '(unnamed)';
  const file = attr(tc, 'file') ?? suiteFile;
  const parts = dedupe([file, ...suites, attr(tc, 'classname'), name]);
  const problem = first(tc['failure']) ?? first(tc['error']);
  const status = problem !== undefined ? 'failed' : tc['skipped'] !== undefined ? 'skipped' : 'passed';
  const test: TestCaseResult = { id: parts.join(' > '), name, status };
  if (file) test.file = file;
  const seconds = Number(attr(tc, 'time'));
  if (attr(tc, 'time') !== undefined && Number.isFinite(seconds)) test.durationMs = seconds * 1000;
  if (problem !== undefined) {
    const body = typeof problem === 'string' ? problem : text(problem);
    const split = splitError(body);
    const attrMessage = isNode(problem) ? attr(problem, 'message') : undefined;
    const message = clipMessage(attrMessage ?? split.message);
    if (message) test.message = message;
    // With the message in an attribute, a body without JavaScript frames (a Python
    // traceback) is the stack: its last lines say where the failure happened.
    const stack = split.stack ?? (attrMessage ? trimStack(body) : undefined);
    if (stack) test.stack = stack;
  }
  return test;
}

/** Drops empty parts and a part equal to the one before it (surefire repeats the class as suite and classname). */
function dedupe(parts: Array<string | undefined>): string[] {
  const out: string[] = [];
  for (const p of parts) if (p && p !== out[out.length - 1]) out.push(p);
  return out;
}

function nodes(v: unknown): XmlNode[] {
  return Array.isArray(v) ? v.filter(isNode) : isNode(v) ? [v] : [];
}

function first(v: unknown): XmlNode | string | undefined {
  const x = Array.isArray(v) ? v[0] : v;
  return isNode(x) || typeof x === 'string' ? x : undefined;
}

function isNode(v: unknown): v is XmlNode {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function attr(n: XmlNode, name: string): string | undefined {
  const v = n[`@_${name}`];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function text(n: XmlNode): string {
  const t = n['#text'];
  return typeof t === 'string' ? t : '';
}
