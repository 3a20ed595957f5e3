// Off-by-one on bounds: lengths, indexes and the ends handed to slicing methods.
import type { Node } from '@babel/types';
import { PRIORS, VARIANT } from '../priors';
import { isWriteTarget, needsParensForSum, src, type Operator, type Site } from './site';

// Methods whose numeric arguments are positions or counts: where an end is most often one off.
const POSITIONAL = new Set(['slice', 'substring', 'substr', 'splice', 'charAt', 'charCodeAt', 'at', 'repeat', 'padStart', 'padEnd', 'fill', 'indexOf', 'lastIndexOf', 'copyWithin']);
const RELATIONAL = new Set(['<', '<=', '>', '>=']);

function emitSum(s: Site, n: Node, prior: number): void {
  const text = src(s.text, n);
  const wrap = needsParensForSum(n, s.key, s.parents[0]);
  for (const op of ['- 1', '+ 1']) {
    const sum = `${text} ${op}`;
    const replacement = wrap ? `(${sum})` : sum;
    s.emit({ start: n.start!, end: n.end!, replacement, op: 'off-by-one', before: text, after: sum, prior });
  }
}

/** Already `x ± 1`: the literal operator moves that one, a second bound edit would only repeat it. */
function besideOne(s: Site): boolean {
  const p = s.parents[0];
  return p?.type === 'BinaryExpression' && (p.operator === '+' || p.operator === '-') && [p.left, p.right].some((x) => x.type === 'NumericLiteral');
}

export const lengthBound: Operator = (s) => {
  const n = s.node;
  if (n.type !== 'MemberExpression' || n.computed || n.property.type !== 'Identifier' || n.property.name !== 'length') return;
  const p = s.parents[0];
  if (isWriteTarget(s.key, p) || besideOne(s)) return;
  if ((p?.type === 'CallExpression' || p?.type === 'OptionalCallExpression') && s.key === 'callee') return;
  emitSum(s, n, PRIORS['off-by-one'] * VARIANT.bound);
};

/** A variable used as an index, a slicing argument or the bound of a comparison. */
export const indexBound: Operator = (s) => {
  const n = s.node;
  if (n.type !== 'Identifier' || besideOne(s)) return;
  const p = s.parents[0];
  if (!p || !isBoundPosition(s.key, p)) return;
  const b = s.scopes.resolve(n.name, n.start!);
  if (!b || b.idStart === n.start || (b.kind !== 'number' && b.kind !== 'unknown')) return;
  const relational = p.type === 'BinaryExpression';
  emitSum(s, n, PRIORS['off-by-one'] * VARIANT.bound * (relational ? 0.8 : 1));
};

function isBoundPosition(key: string, p: Node): boolean {
  if ((p.type === 'MemberExpression' || p.type === 'OptionalMemberExpression') && p.computed && key === 'property') return true;
  if (p.type === 'BinaryExpression' && RELATIONAL.has(p.operator) && key === 'right') return true;
  if ((p.type === 'CallExpression' || p.type === 'OptionalCallExpression') && key === 'arguments') {
    const callee = p.callee;
    return (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') && !callee.computed && callee.property.type === 'Identifier' && POSITIONAL.has(callee.property.name);
  }
  return false;
}
