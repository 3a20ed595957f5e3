// What sort of value an expression holds, as far as its syntax, a type annotation or a use tells.
import type { Identifier, Node, TSType } from '@babel/types';

/** A coarse value kind, so that a variable is only swapped for one that could hold the same sort of value. */
export type ValueKind = 'number' | 'string' | 'boolean' | 'array' | 'object' | 'function' | 'unknown';

/** Kinds a variable can stand in for each other: text, lists and objects all have members. */
const GROUP: Record<ValueKind, string> = { number: 'number', boolean: 'boolean', string: 'members', array: 'members', object: 'members', function: 'function', unknown: 'unknown' };

export function compatibleKinds(a: ValueKind, b: ValueKind): boolean {
  if (a === 'function' || b === 'function') return false;
  return GROUP[a] === GROUP[b] || a === 'unknown' || b === 'unknown';
}

const ARITHMETIC_OPS = new Set(['-', '*', '/', '%', '**']);
const ORDER_OPS = new Set(['<', '<=', '>', '>=']);

/**
 * What a use says about a parameter or a variable nobody annotated: `xs.length` means it has
 * members, `n * 2` or `i < 10` means a number. The first telling use decides.
 */
export function usageKind(key: string, p: Node | undefined): ValueKind {
  if (!p) return 'unknown';
  if ((p.type === 'MemberExpression' || p.type === 'OptionalMemberExpression') && key === 'object') return 'object';
  if (p.type === 'BinaryExpression' && ARITHMETIC_OPS.has(p.operator)) return 'number';
  if (p.type === 'BinaryExpression' && ORDER_OPS.has(p.operator)) {
    const other = key === 'left' ? p.right : p.left;
    return other.type === 'NumericLiteral' || kindOf(other) === 'number' ? 'number' : 'unknown';
  }
  if (p.type === 'UpdateExpression') return 'number';
  return 'unknown';
}

export function annotated(id: Identifier): ValueKind {
  const ann = id.typeAnnotation;
  if (!ann || ann.type !== 'TSTypeAnnotation') return 'unknown';
  return typeKind(ann.typeAnnotation);
}

function typeKind(t: TSType): ValueKind {
  switch (t.type) {
    case 'TSNumberKeyword':
      return 'number';
    case 'TSStringKeyword':
      return 'string';
    case 'TSBooleanKeyword':
      return 'boolean';
    case 'TSArrayType':
    case 'TSTupleType':
      return 'array';
    case 'TSFunctionType':
      return 'function';
    case 'TSTypeLiteral':
      return 'object';
    default:
      return 'unknown';
  }
}

const NUMERIC_OPS = new Set(['-', '*', '/', '%', '**', '|', '&', '^', '<<', '>>', '>>>']);
const BOOLEAN_OPS = new Set(['<', '<=', '>', '>=', '==', '!=', '===', '!==', 'in', 'instanceof']);

/** What an initializer evaluates to, when that is obvious from its syntax. */
export function kindOf(e: Node): ValueKind {
  switch (e.type) {
    case 'NumericLiteral':
      return 'number';
    case 'StringLiteral':
    case 'TemplateLiteral':
      return 'string';
    case 'BooleanLiteral':
      return 'boolean';
    case 'ArrayExpression':
      return 'array';
    case 'ObjectExpression':
    case 'NewExpression':
    case 'RegExpLiteral':
      return 'object';
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'ClassExpression':
      return 'function';
    case 'UnaryExpression':
      return e.operator === '!' ? 'boolean' : e.operator === '-' || e.operator === '+' || e.operator === '~' ? 'number' : 'unknown';
    case 'BinaryExpression':
      if (NUMERIC_OPS.has(e.operator)) return 'number';
      if (BOOLEAN_OPS.has(e.operator)) return 'boolean';
      return kindOf(e.left) === 'number' && kindOf(e.right) === 'number' ? 'number' : 'unknown';
    case 'MemberExpression':
      return !e.computed && e.property.type === 'Identifier' && e.property.name === 'length' ? 'number' : 'unknown';
    case 'CallExpression':
      return callKind(e.callee);
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
      return typeKind(e.typeAnnotation);
    default:
      return 'unknown';
  }
}

const STRING_METHODS = new Set(['toLowerCase', 'toUpperCase', 'trim', 'trimStart', 'trimEnd', 'join', 'replace', 'replaceAll', 'padStart', 'padEnd', 'repeat', 'toString', 'toFixed', 'charAt', 'substring', 'toISOString', 'normalize']);
const ARRAY_METHODS = new Set(['map', 'filter', 'concat', 'flat', 'flatMap', 'split', 'reverse', 'sort', 'keys', 'entries']);
const NUMBER_METHODS = new Set(['indexOf', 'lastIndexOf', 'findIndex', 'charCodeAt', 'getTime', 'valueOf']);
const NUMBER_FUNCTIONS = new Set(['Number', 'parseInt', 'parseFloat']);

/** Well-known methods say what a call returns (`.join()` is text, `.map()` an array). */
function callKind(callee: Node): ValueKind {
  if (callee.type === 'Identifier') return NUMBER_FUNCTIONS.has(callee.name) ? 'number' : callee.name === 'String' ? 'string' : callee.name === 'Boolean' ? 'boolean' : 'unknown';
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return 'unknown';
  if (callee.object.type === 'Identifier' && callee.object.name === 'Math') return 'number';
  const m = callee.property.name;
  return STRING_METHODS.has(m) ? 'string' : ARRAY_METHODS.has(m) ? 'array' : NUMBER_METHODS.has(m) ? 'number' : 'unknown';
}
