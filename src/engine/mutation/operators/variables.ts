// The wrong variable or field used: another one in scope that could hold the same sort of value.
import type { Node } from '@babel/types';
import { PRIORS } from '../priors';
import { compatibleKinds, type ValueKind } from '../kinds';
import { isReferenceAt, isValueBinding, type Binding } from '../scope';
import { isFunctionNode, walk } from '../parse';
import { isWriteTarget, shown, type Operator, type Site } from './site';

/** A variable here, not a property, a key, or a shorthand property whose key would change with it. */
function isReference(s: Site): boolean {
  const p = s.parents[0];
  if (p?.type === 'ObjectProperty' && p.shorthand) return false;
  return isReferenceAt(s.key, p);
}

/** Another variable of the same function, declared before this use and able to hold the same kind of value. */
export const wrongVariable: Operator = (s) => {
  const n = s.node;
  if (n.type !== 'Identifier' || !isReference(s) || isWriteTarget(s.key, s.parents[0])) return;
  const p = s.parents[0];
  if ((p?.type === 'CallExpression' || p?.type === 'NewExpression') && s.key === 'callee') return;
  const b = s.scopes.resolve(n.name, n.start!);
  if (!b || b.idStart === n.start || !isValueBinding(b)) return;
  // `i < i` or `a - a` says nothing: the other operand is no candidate.
  const sibling = p?.type === 'BinaryExpression' || p?.type === 'LogicalExpression' ? (s.key === 'left' ? p.right : p.left) : undefined;
  const receiver = (p?.type === 'MemberExpression' || p?.type === 'OptionalMemberExpression') && s.key === 'object';
  const candidates = s.scopes.visibleInOwner(b.owner, n.start!).sort((x, y) => likelihood(b, y) - likelihood(b, x) || y.declaredAt - x.declaredAt);
  for (const other of candidates) {
    if (other.name === n.name || !compatibleKinds(b.kind, other.kind)) continue;
    if (sibling?.type === 'Identifier' && sibling.name === other.name) continue;
    // Numbers and booleans have no members worth reaching for.
    if (receiver && (other.kind === 'number' || other.kind === 'boolean')) continue;
    // `i + i` would have been written `2 * i`: the same variable on both sides is a telltale.
    const twice = sibling?.type === 'Identifier' && sibling.name === n.name ? 2 : 1;
    const prior = PRIORS['wrong-variable'] * likelihood(b, other) * twice;
    s.emit({ start: n.start!, end: n.end!, replacement: other.name, op: 'wrong-variable', ...shown(s.text, p, n.start!, n.end!, other.name), prior });
  }
};

/**
 * `r.lo` where `r.hi` was meant: another property the same function reads from the same
 * variable. Method calls are left out (`xs.push` → `xs.pop` changes what the code does, not
 * which value it reads).
 */
export const wrongProperty: Operator = (s) => {
  const n = s.node;
  if (n.type !== 'MemberExpression' || n.computed || n.property.type !== 'Identifier') return;
  const holder = objectName(n.object);
  if (!holder) return;
  const p = s.parents[0];
  if (isWriteTarget(s.key, p) || ((p?.type === 'CallExpression' || p?.type === 'OptionalCallExpression') && s.key === 'callee')) return;
  const owner = s.parents.find(isFunctionNode);
  if (!owner) return;
  const prop = n.property;
  for (const other of propertiesRead(owner).get(holder) ?? []) {
    if (other === prop.name) continue;
    s.emit({ start: prop.start!, end: prop.end!, replacement: other, op: 'wrong-variable', ...shown(s.text, n, prop.start!, prop.end!, other), prior: PRIORS['wrong-variable'] });
  }
};

function objectName(o: Node): string | undefined {
  return o.type === 'Identifier' ? o.name : o.type === 'ThisExpression' ? 'this' : undefined;
}

const propertiesCache = new WeakMap<Node, Map<string, string[]>>();

/** Property names read from each variable in a function (not called as methods), in order of first use. */
function propertiesRead(fn: Node): Map<string, string[]> {
  const cached = propertiesCache.get(fn);
  if (cached) return cached;
  const out = new Map<string, string[]>();
  walk(fn, ({ node, key, parents }) => {
    if (node !== fn && isFunctionNode(node)) return false;
    if (node.type !== 'MemberExpression' || node.computed || node.property.type !== 'Identifier') return;
    const holder = objectName(node.object);
    const p = parents[0];
    if (!holder || ((p?.type === 'CallExpression' || p?.type === 'OptionalCallExpression') && key === 'callee')) return;
    const list = out.get(holder) ?? [];
    if (!list.includes(node.property.name)) list.push(node.property.name);
    out.set(holder, list);
    return;
  });
  propertiesCache.set(fn, out);
  return out;
}

function sameKnownKind(a: ValueKind, b: ValueKind): boolean {
  return a === b && a !== 'unknown';
}

/**
 * How likely `other` is the variable meant instead of `used`: a variable declared and never
 * read (a loop counter its body ignores) is the classic sign of the wrong one used in its place;
 * one known to hold the same kind of value beats one that only might.
 */
function likelihood(used: Binding, other: Binding): number {
  return (other.reads === 0 ? 2 : 1) * (sameKnownKind(used.kind, other.kind) ? 1 : 0.8);
}
