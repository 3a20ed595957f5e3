// Reads through a variable that may be null or undefined, given a guard.
import type { Identifier, Node } from '@babel/types';
import { kindOf } from '../kinds';
import { isFunctionNode, walk } from '../parse';
import { PRIORS } from '../priors';
import { isValueBinding } from '../scope';
import { isWriteTarget, operatorAt, shown, type Operator, type Site } from './site';

/** `x.y` on a variable that may be null or undefined: `x?.y`, or return early before the statement. */
export const nullGuard: Operator = (s) => {
  const n = s.node;
  if (n.type !== 'MemberExpression' || n.object.type !== 'Identifier') return;
  if (isWriteTarget(s.key, s.parents[0])) return;
  const x: Identifier = n.object;
  const b = s.scopes.resolve(x.name, x.start!);
  if (!b || !isValueBinding(b)) return;
  const dot = n.computed ? operatorAt(s.text, x.end!, n.property.start!, '[') : operatorAt(s.text, x.end!, n.property.start!, '.');
  if (dot !== undefined) {
    const replacement = n.computed ? '?.[' : '?.';
    s.emit({ start: dot, end: dot + 1, replacement, op: 'null-guard', ...shown(s.text, n, dot, dot + 1, replacement), prior: PRIORS['null-guard'], lineAt: dot });
  }
  earlyReturn(s, x, b.decl === 'param' ? b.owner : undefined, dot ?? x.end!);
};

/**
 * `if (x == null) return …;` in front of the statement holding the access, and for a parameter
 * also at the top of its function, where guard clauses usually go. The value returned is the
 * empty value of what the function returns elsewhere (`''`, `[]`, `0`), else x itself.
 */
function earlyReturn(s: Site, x: Identifier, paramOf: Node | undefined, at: number): void {
  let stmtIndex = -1;
  for (let i = 0; i < s.parents.length; i++) {
    const p = s.parents[i]!;
    if (isFunctionNode(p) || p.type === 'Program') return;
    if (p.type === 'BlockStatement' && i > 0) {
      stmtIndex = i - 1;
      break;
    }
  }
  const stmt = s.parents[stmtIndex];
  const owner = s.parents.slice(stmtIndex).find(isFunctionNode);
  if (!stmt || !owner || !isFunctionNode(owner)) return;
  const places = [stmt];
  const body = (owner as Extract<Node, { body: unknown }>).body as Node;
  const first = body.type === 'BlockStatement' ? body.body[0] : undefined;
  if (paramOf === owner && first && first !== stmt) places.push(first);
  const values = [...defaultReturns(owner), x.name];
  for (const place of places) {
    const lineStart = s.text.lastIndexOf('\n', place.start! - 1) + 1;
    const indent = /^[ \t]*/.exec(s.text.slice(lineStart, place.start!))?.[0] ?? '';
    const atLineStart = indent.length === place.start! - lineStart;
    for (const [i, value] of values.entries()) {
      const guard = `if (${x.name} == null) return ${value};`;
      const replacement = atLineStart ? `${guard}\n${indent}` : `${guard} `;
      // Credited to the line of the access: that is the line a crash names.
      const prior = PRIORS['null-guard'] * (i === 0 ? 1 : 0.9) * (place === stmt ? 1 : 0.95);
      s.emit({ start: place.start!, end: place.start!, replacement, op: 'null-guard', before: '', after: guard, prior, lineAt: at });
    }
  }
}

const EMPTY: Partial<Record<string, string>> = { string: "''", array: '[]', number: '0', boolean: 'false', object: '{}' };

const returnsCache = new WeakMap<Node, string[]>();

/** Empty values of the kinds the function already returns: a guard usually returns "nothing" of the same kind. */
function defaultReturns(fn: Node): string[] {
  const cached = returnsCache.get(fn);
  if (cached) return cached;
  const out: string[] = [];
  walk(fn, ({ node }) => {
    if (node !== fn && isFunctionNode(node)) return false;
    if (node.type === 'ReturnStatement' && node.argument) {
      const empty = EMPTY[kindOf(node.argument)];
      if (empty && !out.includes(empty)) out.push(empty);
    }
    return;
  });
  returnsCache.set(fn, out.slice(0, 2));
  return out.slice(0, 2);
}
