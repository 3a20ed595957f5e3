// What an operator sees of one syntax node, and the text functions every operator shares.
import type { Node } from '@babel/types';
import type { Mutant } from '../mutant';
import type { Scopes } from '../scope';

export type Emit = (m: Omit<Mutant, 'path' | 'line'> & { lineAt?: number }) => void;

export interface Site {
  text: string;
  node: Node;
  /** Key under which the node hangs from parents[0]. */
  key: string;
  /** Ancestors, nearest first. */
  parents: Node[];
  scopes: Scopes;
  emit: Emit;
}

export type Operator = (s: Site) => void;

export function src(text: string, n: Node): string {
  return text.slice(n.start!, n.end!);
}

export function isParenthesized(n: Node): boolean {
  return (n.extra as { parenthesized?: boolean } | undefined)?.parenthesized === true;
}

/** Source of a node as an operand elsewhere: its own parentheses kept, since Babel's range leaves them out. */
export function operandText(text: string, n: Node): string {
  return isParenthesized(n) ? `(${src(text, n)})` : src(text, n);
}

/**
 * Offset of the operator token between two operands: what is left once spaces, comments and
 * the operands' closing/opening parentheses are skipped.
 */
export function operatorAt(text: string, from: number, to: number, op: string): number | undefined {
  let i = from;
  while (i < to) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ')' || c === '(') i++;
    else if (text.startsWith('//', i)) i = text.indexOf('\n', i) === -1 ? to : text.indexOf('\n', i);
    else if (text.startsWith('/*', i)) i = text.indexOf('*/', i) === -1 ? to : text.indexOf('*/', i) + 2;
    else return text.startsWith(op, i) ? i : undefined;
  }
  return undefined;
}

const SHOWN_MAX = 40;

/**
 * Before and after texts for a plan: the whole expression around the edit when it is short
 * (`i < end` → `i <= end`), else just the replaced text (`<` → `<=`).
 */
export function shown(text: string, around: Node | undefined, start: number, end: number, replacement: string): { before: string; after: string } {
  if (around && around.start! <= start && end <= around.end! && around.end! - around.start! <= SHOWN_MAX && !text.slice(around.start!, around.end!).includes('\n')) {
    const whole = text.slice(around.start!, around.end!);
    return { before: whole, after: whole.slice(0, start - around.start!) + replacement + whole.slice(end - around.start!) };
  }
  return { before: text.slice(start, end), after: replacement };
}

const LOOSE_BINARY = new Set(['<', '<=', '>', '>=', '==', '!=', '===', '!==', 'in', 'instanceof', '&', '|', '^', '<<', '>>', '>>>']);

/** Whether `x + 1` put in place of the node needs parentheses to keep its meaning. */
export function needsParensForSum(node: Node, key: string, parent: Node | undefined): boolean {
  if (isParenthesized(node) || !parent) return false;
  switch (parent.type) {
    case 'BinaryExpression':
      if (LOOSE_BINARY.has(parent.operator)) return false;
      return !((parent.operator === '+' || parent.operator === '-') && key === 'left');
    case 'MemberExpression':
    case 'OptionalMemberExpression':
      return key !== 'property' || !parent.computed;
    case 'CallExpression':
    case 'NewExpression':
    case 'OptionalCallExpression':
      return key !== 'arguments';
    case 'UnaryExpression':
    case 'UpdateExpression':
    case 'TaggedTemplateExpression':
    case 'AwaitExpression':
      return true;
    default:
      return false;
  }
}

/** Written to a target (assigned, updated, declared, deleted): not a place to read-mutate. */
export function isWriteTarget(key: string, parent: Node | undefined): boolean {
  if (!parent) return false;
  if ((parent.type === 'AssignmentExpression' || parent.type === 'AssignmentPattern') && key === 'left') return true;
  if ((parent.type === 'ForInStatement' || parent.type === 'ForOfStatement') && key === 'left') return true;
  if (parent.type === 'UpdateExpression') return true;
  if (parent.type === 'UnaryExpression' && parent.operator === 'delete') return true;
  return parent.type === 'ArrayPattern' || parent.type === 'ObjectPattern' || parent.type === 'RestElement';
}
