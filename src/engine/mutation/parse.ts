// JavaScript and TypeScript sources as Babel syntax trees, walked without @babel/traverse:
// mutants are edits of the source text by offsets, so formatting and comments survive.
import { parse, type ParserPlugin } from '@babel/parser';
import type { File, Node } from '@babel/types';

export type { Node } from '@babel/types';

const JS_LIKE = /\.(?:[cm]?[jt]sx?)$/;

/** Files the operators can parse; declaration files hold no behaviour and minified bundles no readable lines. */
export function isMutableScript(path: string): boolean {
  return JS_LIKE.test(path) && !/\.d\.[cm]?ts$/.test(path) && !/\.min\.[cm]?js$/.test(path);
}

function pluginsFor(path: string): ParserPlugin[] {
  if (/\.[cm]?tsx$/.test(path)) return ['typescript', 'jsx', 'decorators-legacy'];
  if (/\.[cm]?ts$/.test(path)) return ['typescript', 'decorators-legacy'];
  // JSX in .js files is common (React); the plugin does not change how plain JavaScript parses.
  return ['jsx'];
}

/** The syntax tree of `text`, or null when it does not parse cleanly (a mutant of a broken file cannot be checked). */
export function parseScript(path: string, text: string, opts: { recover?: boolean } = {}): File | null {
  try {
    const ast = parse(text, {
      sourceType: /\.mts$|\.mjs$/.test(path) ? 'module' : /\.cts$|\.cjs$/.test(path) ? 'script' : 'unambiguous',
      plugins: pluginsFor(path),
      errorRecovery: opts.recover === true,
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: true,
      allowSuperOutsideMethod: true,
      allowUndeclaredExports: true,
    });
    if (!opts.recover && ast.errors && ast.errors.length > 0) return null;
    return ast;
  } catch {
    return null;
  }
}

/** True when `text` still parses: the last check of every mutant before it is proposed. */
export function parsesCleanly(path: string, text: string): boolean {
  return parseScript(path, text) !== null;
}

/**
 * Keys of a Babel node that hold no code: positions, comments, and `extra` (raw spellings such
 * as 'a' vs "a" or 0x10 vs 16, and parentheses, which the node's value and the tree's shape
 * already decide).
 */
export const NON_CODE_KEYS: ReadonlySet<string> = new Set(['loc', 'start', 'end', 'extra', 'range', 'leadingComments', 'trailingComments', 'innerComments', 'comments', 'tokens', 'errors']);

export function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string' && typeof (v as { start?: unknown }).start === 'number';
}

/** The child nodes of `node` with the key that holds them, in source order. */
export function children(node: Node): Array<{ key: string; child: Node }> {
  const out: Array<{ key: string; child: Node }> = [];
  for (const [key, value] of Object.entries(node)) {
    if (NON_CODE_KEYS.has(key)) continue;
    if (Array.isArray(value)) {
      for (const v of value) if (isNode(v)) out.push({ key, child: v });
    } else if (isNode(value)) {
      out.push({ key, child: value });
    }
  }
  return out.sort((a, b) => a.child.start! - b.child.start!);
}

/** Where a node sits: its parent chain (nearest first) and the key under which it hangs from its parent. */
export interface Path {
  node: Node;
  key: string;
  parents: Node[];
}

/** Depth-first, pre-order walk; `visit` returning false skips the node's children. */
export function walk(root: Node, visit: (p: Path) => boolean | void): void {
  const stack: Path[] = [{ node: root, key: '', parents: [] }];
  while (stack.length > 0) {
    const p = stack.pop()!;
    if (visit(p) === false) continue;
    const kids = children(p.node);
    const parents = [p.node, ...p.parents];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i]!.child, key: kids[i]!.key, parents });
  }
}

export function isFunctionNode(n: Node): boolean {
  return (
    n.type === 'FunctionDeclaration' ||
    n.type === 'FunctionExpression' ||
    n.type === 'ArrowFunctionExpression' ||
    n.type === 'ObjectMethod' ||
    n.type === 'ClassMethod' ||
    n.type === 'ClassPrivateMethod'
  );
}

/** TypeScript-only syntax: types, interfaces, declarations. Nothing in there runs. */
export function isTypeOnly(n: Node): boolean {
  return n.type.startsWith('TS') && n.type !== 'TSAsExpression' && n.type !== 'TSNonNullExpression' && n.type !== 'TSSatisfiesExpression' && n.type !== 'TSTypeAssertion' && n.type !== 'TSParameterProperty' && n.type !== 'TSInstantiationExpression' && n.type !== 'TSEnumDeclaration' && n.type !== 'TSEnumMember' && n.type !== 'TSModuleDeclaration' && n.type !== 'TSModuleBlock' && n.type !== 'TSExportAssignment';
}
