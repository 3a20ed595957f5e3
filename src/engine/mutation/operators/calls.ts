// Arguments handed over in the wrong order.
import type { Node } from '@babel/types';
import { PRIORS } from '../priors';
import { kindOf, type ValueKind } from '../kinds';
import { src, type Operator, type Site } from './site';

type Want = ValueKind | 'any';

// Built-in methods whose leading arguments have a fixed kind: `s.padStart('0', 2)` is a swap,
// `s.replace(/x/g, '')` is not.
const SIGNATURES: Record<string, Want[]> = {
  padStart: ['number', 'string'],
  padEnd: ['number', 'string'],
  slice: ['number', 'number'],
  substring: ['number', 'number'],
  splice: ['number', 'number'],
  replace: ['any', 'string'],
  replaceAll: ['any', 'string'],
  setTimeout: ['function', 'number'],
  setInterval: ['function', 'number'],
};
// A position argument of 0 in second place makes the result empty for every start: `s.slice(k, 0)`.
const EMPTY_WHEN_END_IS_ZERO = new Set(['slice', 'substring']);

/** Neighbouring arguments of a call trade places; the text between them (commas, comments) stays. */
export const swapArguments: Operator = (s) => {
  const n = s.node;
  if (n.type !== 'CallExpression' && n.type !== 'NewExpression' && n.type !== 'OptionalCallExpression') return;
  const args = n.arguments;
  for (let i = 0; i + 1 < args.length; i++) {
    const a = args[i]!;
    const b = args[i + 1]!;
    if (a.type === 'SpreadElement' || b.type === 'SpreadElement' || a.type === 'ArgumentPlaceholder' || b.type === 'ArgumentPlaceholder') continue;
    const at = src(s.text, a);
    const bt = src(s.text, b);
    if (at === bt) continue;
    const between = s.text.slice(a.end!, b.start!);
    const evidence = swapEvidence(s, n.callee, a, b, i);
    const prior = PRIORS['swap-arguments'] * (evidence > 0 ? 2.2 : evidence < 0 ? 0.3 : 1);
    s.emit({ start: a.start!, end: b.end!, replacement: bt + between + at, op: 'swap-arguments', before: `${at}, ${bt}`, after: `${bt}, ${at}`, prior, lineAt: a.start! });
  }
};

/**
 * +1 when the arguments contradict what the callee expects and swapped they fit (a known
 * signature, the parameter names of a local function); -1 when they fit only as they are.
 */
function swapEvidence(s: Site, callee: Node, a: Node, b: Node, i: number): number {
  const name = calleeName(callee);
  const sig = name ? SIGNATURES[name] : undefined;
  if (sig && sig[i] && sig[i + 1]) {
    const ka = argKind(s, a);
    const kb = argKind(s, b);
    const asIs = !misfits(ka, sig[i]!) && !misfits(kb, sig[i + 1]!);
    const swapped = !misfits(kb, sig[i]!) && !misfits(ka, sig[i + 1]!);
    if (!asIs && swapped) return 1;
    if (asIs && !swapped) return -1;
  }
  if (name && EMPTY_WHEN_END_IS_ZERO.has(name) && i === 0 && b.type === 'NumericLiteral' && b.value === 0 && a.type !== 'NumericLiteral') return 1;
  const params = callee.type === 'Identifier' ? paramNames(s, callee.name) : undefined;
  if (params && a.type === 'Identifier' && b.type === 'Identifier' && params[i] === b.name && params[i + 1] === a.name) return 1;
  return 0;
}

/** Known to be of another kind than wanted (unknown never misfits). */
function misfits(k: ValueKind, want: Want): boolean {
  return want !== 'any' && k !== 'unknown' && k !== want;
}

function argKind(s: Site, n: Node): ValueKind {
  if (n.type === 'RegExpLiteral') return 'object';
  if (n.type === 'Identifier') return s.scopes.resolve(n.name, n.start!)?.kind ?? 'unknown';
  return kindOf(n);
}

function calleeName(callee: Node): string | undefined {
  if (callee.type === 'Identifier') return callee.name;
  if ((callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') && !callee.computed && callee.property.type === 'Identifier') {
    return callee.property.name;
  }
  return undefined;
}

/** Parameter names of a function declared in this file under `name`. */
function paramNames(s: Site, name: string): string[] | undefined {
  const b = s.scopes.resolve(name, s.node.start!);
  const fn = b?.fn;
  if (!fn || (fn.type !== 'FunctionDeclaration' && fn.type !== 'FunctionExpression' && fn.type !== 'ArrowFunctionExpression')) return undefined;
  return fn.params.map((p) => (p.type === 'Identifier' ? p.name : p.type === 'AssignmentPattern' && p.left.type === 'Identifier' ? p.left.name : ''));
}
