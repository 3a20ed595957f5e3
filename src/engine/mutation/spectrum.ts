// A static test spectrum: which source functions each test can reach, from names alone.
// Ochiai over it ranks the functions that failing tests reach and passing tests do not.
import type { Node } from '@babel/types';
import { lineOf, lineStarts } from './operators';
import { isFunctionNode, isTypeOnly, parseScript, walk } from './parse';

/** One `test(...)` / `it(...)` call in a test file. */
export interface TestCase {
  file: string;
  name: string;
  startLine: number;
  endLine: number;
  /** Identifiers and property names its body mentions. */
  names: Set<string>;
}

/** A named function of a source file. */
export interface Unit {
  path: string;
  name: string;
  startLine: number;
  endLine: number;
  /** Identifiers and property names its body mentions (what it may call). */
  names: Set<string>;
}

const TEST_CALLEES = new Set(['test', 'it', 'specify', 'scenario']);

function calleeName(callee: Node): string | undefined {
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') {
    // test.only, it.skip, t.test (a subtest)
    if (callee.object.type === 'Identifier' && TEST_CALLEES.has(callee.object.name)) return callee.object.name;
    if (callee.property.name === 'test') return 'test';
  }
  return undefined;
}

function literalText(n: Node | undefined): string | undefined {
  if (!n) return undefined;
  if (n.type === 'StringLiteral') return n.value;
  if (n.type === 'TemplateLiteral' && n.expressions.length === 0) return n.quasis.map((q) => q.value.cooked ?? q.value.raw).join('');
  return undefined;
}

/** Names an AST mentions: referenced identifiers, property names and `new X` classes. */
function mentionedNames(root: Node): Set<string> {
  const names = new Set<string>();
  walk(root, ({ node }) => {
    if (isTypeOnly(node)) return false;
    if (node.type === 'Identifier') names.add(node.name);
    return;
  });
  return names;
}

export function testCases(file: string, text: string): TestCase[] {
  const ast = parseScript(file, text, { recover: true });
  if (!ast) return [];
  const starts = lineStarts(text);
  const out: TestCase[] = [];
  walk(ast.program, ({ node }) => {
    if (node.type !== 'CallExpression') return;
    const callee = calleeName(node.callee);
    if (!callee || !TEST_CALLEES.has(callee)) return;
    const name = literalText(node.arguments[0]);
    const fn = [...node.arguments].reverse().find((a) => a.type === 'FunctionExpression' || a.type === 'ArrowFunctionExpression');
    if (name === undefined || !fn) return;
    out.push({ file, name, startLine: lineOf(starts, node.start!), endLine: lineOf(starts, node.end!), names: mentionedNames(fn) });
  });
  return out;
}

/** The name a function goes by: its own, its variable's, its property's or method's. */
function unitName(node: Node, parent: Node | undefined): string | undefined {
  if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') && node.id) return node.id.name;
  if ((node.type === 'ClassMethod' || node.type === 'ObjectMethod' || node.type === 'ClassPrivateMethod') && node.key.type === 'Identifier') {
    return node.key.name;
  }
  if (!parent) return undefined;
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if ((parent.type === 'ObjectProperty' || parent.type === 'ClassProperty') && parent.key.type === 'Identifier') return parent.key.name;
  if (parent.type === 'AssignmentExpression' && parent.left.type === 'MemberExpression' && parent.left.property.type === 'Identifier') {
    return parent.left.property.name;
  }
  if (parent.type === 'AssignmentExpression' && parent.left.type === 'Identifier') return parent.left.name;
  return undefined;
}

export function functionUnits(path: string, text: string): Unit[] {
  const ast = parseScript(path, text, { recover: true });
  if (!ast) return [];
  const starts = lineStarts(text);
  const out: Unit[] = [];
  walk(ast.program, ({ node, parents }) => {
    if (isTypeOnly(node)) return false;
    if (!isFunctionNode(node)) return;
    const name = unitName(node, parents[0]);
    if (!name) return;
    const names = mentionedNames(node);
    // `new Cache()` reaches the constructor through the class name.
    if (node.type === 'ClassMethod' && node.kind === 'constructor') {
      const cls = parents.find((p) => p.type === 'ClassDeclaration' || p.type === 'ClassExpression');
      const clsName = cls && (cls.type === 'ClassDeclaration' || cls.type === 'ClassExpression') ? cls.id?.name : undefined;
      if (clsName) out.push({ path, name: clsName, startLine: lineOf(starts, node.start!), endLine: lineOf(starts, node.end!), names });
    }
    out.push({ path, name, startLine: lineOf(starts, node.start!), endLine: lineOf(starts, node.end!), names });
  });
  return out;
}

/** Units a test can reach: those it names, then those they name, and so on. */
export function reach(test: TestCase, byName: ReadonlyMap<string, Unit[]>): Set<Unit> {
  const reached = new Set<Unit>();
  const queue = [...test.names];
  const seen = new Set<string>(queue);
  while (queue.length > 0) {
    const name = queue.pop()!;
    for (const u of byName.get(name) ?? []) {
      if (reached.has(u)) continue;
      reached.add(u);
      for (const n of u.names) {
        if (!seen.has(n)) {
          seen.add(n);
          queue.push(n);
        }
      }
    }
  }
  return reached;
}

/** Ochiai: failed(e) / sqrt(totalFailed × (failed(e) + passed(e))). */
export function ochiai(failedHits: number, passedHits: number, totalFailed: number): number {
  if (failedHits === 0 || totalFailed === 0) return 0;
  return failedHits / Math.sqrt(totalFailed * (failedHits + passedHits));
}

/** Ochiai of every unit that some failing test reaches. */
export function spectrum(failing: TestCase[], passing: TestCase[], units: Unit[]): Map<Unit, number> {
  const byName = new Map<string, Unit[]>();
  for (const u of units) byName.set(u.name, [...(byName.get(u.name) ?? []), u]);
  const ef = new Map<Unit, number>();
  const ep = new Map<Unit, number>();
  for (const t of failing) for (const u of reach(t, byName)) ef.set(u, (ef.get(u) ?? 0) + 1);
  for (const t of passing) for (const u of reach(t, byName)) if (ef.has(u)) ep.set(u, (ep.get(u) ?? 0) + 1);
  const out = new Map<Unit, number>();
  for (const [u, f] of ef) out.set(u, ochiai(f, ep.get(u) ?? 0, failing.length));
  return out;
}
