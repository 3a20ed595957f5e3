// Operator swaps, conditions, literals and rounding: edits of one token or one expression.
import type { Node } from '@babel/types';
import { PRIORS, VARIANT } from '../priors';
import { isParenthesized, operandText, operatorAt, shown, src, type Operator, type Site } from './site';

const BOUNDARY: Record<string, string> = { '<': '<=', '<=': '<', '>': '>=', '>=': '>' };
const FLIP: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=' };
const EQUALITY: Record<string, string> = { '===': '!==', '!==': '===', '==': '!=', '!=': '==' };
const ARITHMETIC: Record<string, string> = { '+': '-', '-': '+', '*': '/', '/': '*' };
const COMPOUND: Record<string, string> = { '+=': '-=', '-=': '+=', '*=': '/=', '/=': '*=' };
const LOGICAL: Record<string, string> = { '&&': '||', '||': '&&' };

/** Replaces the operator token of a binary or logical expression. */
function swapOperator(s: Site, left: Node, right: Node, from: string, to: string, op: 'comparison' | 'arithmetic' | 'logical', prior: number): void {
  const at = operatorAt(s.text, left.end!, right.start!, from);
  if (at === undefined) return;
  s.emit({ start: at, end: at + from.length, replacement: to, op, ...shown(s.text, s.node, at, at + from.length, to), prior, lineAt: at });
}

export const comparison: Operator = (s) => {
  const n = s.node;
  if (n.type !== 'BinaryExpression' || n.left.type === 'PrivateName') return;
  const boundary = BOUNDARY[n.operator];
  if (boundary) swapOperator(s, n.left, n.right, n.operator, boundary, 'comparison', PRIORS.comparison * VARIANT.boundary);
  const flip = FLIP[n.operator];
  if (flip) swapOperator(s, n.left, n.right, n.operator, flip, 'comparison', PRIORS.comparison * VARIANT.flip);
  const eq = EQUALITY[n.operator];
  if (eq) swapOperator(s, n.left, n.right, n.operator, eq, 'comparison', PRIORS.comparison * VARIANT.flip);
};

const isText = (n: Node) => n.type === 'StringLiteral' || n.type === 'TemplateLiteral';

export const arithmetic: Operator = (s) => {
  const n = s.node;
  if (n.type === 'BinaryExpression' && n.left.type !== 'PrivateName') {
    const to = ARITHMETIC[n.operator];
    // `'a' + b` joins text; subtracting from a string only ever gives NaN.
    if (!to || (n.operator === '+' && (isText(n.left) || isText(n.right)))) return;
    swapOperator(s, n.left, n.right, n.operator, to, 'arithmetic', PRIORS.arithmetic);
  } else if (n.type === 'AssignmentExpression') {
    const to = COMPOUND[n.operator];
    if (!to || (n.operator === '+=' && isText(n.right))) return;
    swapOperator(s, n.left, n.right, n.operator, to, 'arithmetic', PRIORS.arithmetic);
  } else if (n.type === 'UpdateExpression') {
    // A loop counter stepping the wrong way never ends: a ten-second timeout per mutant, for a rare bug.
    if (s.parents[0]?.type === 'ForStatement' && s.key === 'update') return;
    const to = n.operator === '++' ? '--' : '++';
    const at = n.prefix ? n.start! : operatorAt(s.text, n.argument.end!, n.end!, n.operator);
    if (at === undefined) return;
    s.emit({ start: at, end: at + 2, replacement: to, op: 'arithmetic', ...shown(s.text, n, at, at + 2, to), prior: PRIORS.arithmetic, lineAt: at });
  }
};

export const logical: Operator = (s) => {
  const n = s.node;
  if (n.type !== 'LogicalExpression') return;
  const to = LOGICAL[n.operator];
  if (!to) return;
  swapOperator(s, n.left, n.right, n.operator, to, 'logical', PRIORS.logical);
  // Keeping one side drops the other condition: the bug of a check that should not be there.
  for (const keep of [n.left, n.right]) {
    const kept = operandText(s.text, keep);
    s.emit({ start: n.start!, end: n.end!, replacement: kept, op: 'drop-condition', before: src(s.text, n), after: kept, prior: PRIORS['drop-condition'], lineAt: keep === n.left ? n.right.start! : n.left.start! });
  }
};

/** The test of an `if` or a `?:`, turned around. */
export const negateCondition: Operator = (s) => {
  const p = s.parents[0];
  if (s.key !== 'test' || !p) return;
  // Loops are left out: a negated loop test tends to spin until the run times out.
  if (p.type !== 'IfStatement' && p.type !== 'ConditionalExpression') return;
  const n = s.node;
  const before = src(s.text, n);
  const replacement = n.type === 'UnaryExpression' && n.operator === '!' ? src(s.text, n.argument) : `!(${before})`;
  s.emit({ start: n.start!, end: n.end!, replacement, op: 'negate-condition', before, after: replacement, prior: PRIORS['negate-condition'] });
};

export const booleanLiteral: Operator = (s) => {
  const n = s.node;
  if (n.type !== 'BooleanLiteral') return;
  const p = s.parents[0];
  const returned = p?.type === 'ReturnStatement' || (p?.type === 'ArrowFunctionExpression' && s.key === 'body');
  const to = String(!n.value);
  s.emit({ start: n.start!, end: n.end!, replacement: to, op: 'boolean', ...shown(s.text, p, n.start!, n.end!, to), prior: PRIORS.boolean * (returned ? VARIANT.returned : VARIANT.elsewhere) });
};

const ROUNDING = ['floor', 'ceil', 'round', 'trunc'];
const EXTREMES: Record<string, string> = { min: 'max', max: 'min' };

/** `Math.floor` ↔ `Math.ceil` ↔ `Math.round` (↔ `Math.trunc`), `Math.min` ↔ `Math.max`. */
export const rounding: Operator = (s) => {
  const n = s.node;
  if (n.type !== 'MemberExpression' || n.computed || n.object.type !== 'Identifier' || n.object.name !== 'Math') return;
  if (n.property.type !== 'Identifier') return;
  const name = n.property.name;
  const others = ROUNDING.includes(name) ? ROUNDING.filter((r) => r !== name) : EXTREMES[name] ? [EXTREMES[name]] : [];
  for (const [i, to] of others.entries()) {
    // trunc is the least likely intent; it comes last among the rounding functions.
    const prior = PRIORS.rounding * (to === 'trunc' ? 0.6 : 1 - i * 0.05);
    s.emit({ start: n.property.start!, end: n.property.end!, replacement: to, op: 'rounding', before: `Math.${name}`, after: `Math.${to}`, prior });
  }
};

/** Whole numbers written in decimal, one up and one down. */
export const literalOffByOne: Operator = (s) => {
  const n = s.node;
  const p = s.parents[0];
  let value: number;
  let target: Node;
  if (n.type === 'UnaryExpression' && n.operator === '-' && n.argument.type === 'NumericLiteral' && !isParenthesized(n.argument)) {
    if (!isPlainInteger(s.text, n.argument)) return;
    value = -n.argument.value;
    target = n;
  } else if (n.type === 'NumericLiteral') {
    if (p?.type === 'UnaryExpression' && p.operator === '-') return;
    if (s.key === 'key' && p && (p.type === 'ObjectProperty' || p.type === 'ClassProperty' || p.type === 'ObjectMethod' || p.type === 'ClassMethod')) return;
    if (!isPlainInteger(s.text, n)) return;
    value = n.value;
    target = n;
  } else {
    return;
  }
  // A factor or divisor one off (`/ 2` → `/ 3`) is rarely the bug; offsets, bounds and indexes are.
  const scale = p?.type === 'BinaryExpression' && ['*', '/', '%', '**'].includes(p.operator) ? VARIANT.scale : 1;
  const size = (Math.abs(value) <= 10 ? VARIANT.smallNumber : VARIANT.largeNumber) * scale;
  for (const next of [value + 1, value - 1]) {
    // 0 → -1 fits `indexOf(x) > -1` but hardly anything else.
    const prior = next < 0 && value >= 0 ? size * 0.6 : size;
    let replacement = String(next);
    // `a - 0` → `a - -1` is fine, `a-0` → `a--1` is not: parenthesize negatives after a sign.
    if (next < 0 && /[+-]\s*$/.test(s.text.slice(Math.max(0, target.start! - 3), target.start!))) replacement = `(${replacement})`;
    const around = s.parents.find((x) => x.end! - x.start! > target.end! - target.start!);
    s.emit({ start: target.start!, end: target.end!, replacement, op: 'off-by-one', ...shown(s.text, around, target.start!, target.end!, replacement), prior: PRIORS['off-by-one'] * prior });
  }
};

function isPlainInteger(text: string, n: Node): boolean {
  return /^\d{1,9}$/.test(src(text, n));
}
