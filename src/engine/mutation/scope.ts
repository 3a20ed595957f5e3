// Just enough scope analysis for the operators: which variables a name can mean at an offset.
import type { File, Identifier, LVal, Node, PatternLike } from '@babel/types';
import { annotated, kindOf, usageKind, type ValueKind } from './kinds';
import { isFunctionNode, isTypeOnly, walk } from './parse';

export type DeclKind = 'param' | 'var' | 'let' | 'const' | 'catch' | 'function' | 'class' | 'import';

export interface Binding {
  name: string;
  /** Offset from which the name is declared (uses before it are a TDZ error or hoisting trick). */
  declaredAt: number;
  /** Offset of the declaring identifier itself. */
  idStart: number;
  scopeStart: number;
  scopeEnd: number;
  /** The function (or the program) that owns the binding: "the same function scope". */
  owner: Node;
  decl: DeclKind;
  kind: ValueKind;
  /** The function a function declaration or a `const f = () => …` names, for its parameter names. */
  fn?: Node;
  /** For a loop variable: where the loop's body starts (uses in the loop head do not count as reads). */
  headEnd?: number;
  /** Reads of the variable (not writes, not in its own loop head). */
  reads: number;
}

const VALUE_DECLS: ReadonlySet<DeclKind> = new Set(['param', 'var', 'let', 'const', 'catch']);

export function isValueBinding(b: Binding): boolean {
  return VALUE_DECLS.has(b.decl) && b.kind !== 'function';
}

export class Scopes {
  private readonly byName = new Map<string, Binding[]>();
  private readonly byOwner = new Map<Node, Binding[]>();
  /** Start offsets of identifiers that declare something (not references). */
  readonly declarationIds = new Set<number>();

  constructor(ast: File) {
    collect(ast, (b) => this.add(b));
    this.countReads(ast);
  }

  private countReads(ast: File): void {
    walk(ast.program, ({ node, key, parents }) => {
      if (isTypeOnly(node)) return false;
      if (node.type !== 'Identifier' || this.declarationIds.has(node.start!)) return;
      if (!isReferenceAt(key, parents[0]) || isAssigned(key, parents[0])) return;
      const b = this.resolve(node.name, node.start!);
      if (!b) return;
      if (!(b.headEnd !== undefined && node.start! < b.headEnd)) b.reads++;
      if (b.kind === 'unknown') b.kind = usageKind(key, parents[0]);
      return;
    });
  }

  private add(b: Binding): void {
    this.declarationIds.add(b.idStart);
    const list = this.byName.get(b.name) ?? [];
    list.push(b);
    this.byName.set(b.name, list);
    const own = this.byOwner.get(b.owner) ?? [];
    own.push(b);
    this.byOwner.set(b.owner, own);
  }

  /** The binding `name` refers to at `offset`: the innermost scope that holds it. */
  resolve(name: string, offset: number): Binding | undefined {
    let best: Binding | undefined;
    for (const b of this.byName.get(name) ?? []) {
      if (offset < b.scopeStart || offset > b.scopeEnd) continue;
      if (!best || b.scopeStart > best.scopeStart || (b.scopeStart === best.scopeStart && b.scopeEnd < best.scopeEnd)) best = b;
    }
    return best;
  }

  /** Value variables of `owner` already declared at `offset` and not shadowed there, in declaration order. */
  visibleInOwner(owner: Node, offset: number): Binding[] {
    return (this.byOwner.get(owner) ?? []).filter(
      (b) => isValueBinding(b) && b.declaredAt <= offset && offset >= b.scopeStart && offset <= b.scopeEnd && this.resolve(b.name, offset) === b,
    );
  }
}

function collect(ast: File, add: (b: Binding) => void): void {
  walk(ast.program, ({ node, parents }) => {
    if (isTypeOnly(node)) return false;
    const owner = parents.find(isFunctionNode) ?? ast.program;
    if (isFunctionNode(node)) {
      const fn = node as Extract<Node, { params: unknown }> & { params: Node[]; id?: Identifier | null };
      if (node.type === 'FunctionDeclaration' && fn.id) {
        const block = parents.find((p) => isBlock(p)) ?? ast.program;
        add({ ...binding(fn.id, block.start!, block, owner, 'function', 'function'), fn: node });
      }
      for (const param of fn.params) {
        const target = param.type === 'TSParameterProperty' ? param.parameter : param;
        for (const { id, kind } of patternIds(target as LVal, undefined)) add(binding(id, node.start!, node, node, 'param', kind));
      }
      return;
    }
    if (node.type === 'VariableDeclaration') {
      const decl: DeclKind = node.kind === 'var' ? 'var' : node.kind === 'let' ? 'let' : 'const';
      const scope = decl === 'var' ? owner : (parents.find((p) => isBlock(p) || isLoop(p)) ?? ast.program);
      const loopHead = parents[0] && isLoop(parents[0]);
      for (const d of node.declarations) {
        const kind = d.init ? kindOf(d.init) : 'unknown';
        const counter = loopHead && parents[0]!.type === 'ForStatement' && countsUp(parents[0]!.update);
        // A for-loop variable is visible in the loop's test and update, which come after its declarator.
        const declaredAt = loopHead ? d.end! : node.end!;
        const headEnd = loopHead ? (parents[0] as Extract<Node, { body: Node }>).body.start! : undefined;
        for (const { id, kind: k } of patternIds(d.id as LVal, counter && kind === 'unknown' ? 'number' : kind)) {
          add({ ...binding(id, declaredAt, scope, owner, decl, k), ...(k === 'function' && d.init ? { fn: d.init } : {}), ...(headEnd !== undefined ? { headEnd } : {}) });
        }
      }
      return;
    }
    if (node.type === 'CatchClause' && node.param) {
      for (const { id, kind } of patternIds(node.param as LVal, 'unknown')) add(binding(id, node.start!, node, owner, 'catch', kind));
      return;
    }
    if (node.type === 'ClassDeclaration' && node.id) {
      const block = parents.find((p) => isBlock(p)) ?? ast.program;
      add(binding(node.id, node.start!, block, owner, 'class', 'object'));
      return;
    }
    if (node.type === 'ImportDeclaration') {
      for (const s of node.specifiers) add(binding(s.local, 0, ast.program, ast.program, 'import', 'unknown'));
      return false;
    }
    return;
  });
}

/** `i++`, `i--`, `i += k`: the loop variable is a counter. */
function countsUp(update: Node | null | undefined): boolean {
  if (!update) return false;
  if (update.type === 'UpdateExpression') return true;
  return update.type === 'AssignmentExpression' && (update.operator === '+=' || update.operator === '-=');
}

function binding(id: Identifier, declaredAt: number, scope: Node, owner: Node, decl: DeclKind, kind: ValueKind): Binding {
  return { name: id.name, declaredAt, idStart: id.start!, scopeStart: scope.start!, scopeEnd: scope.end!, owner, decl, kind, reads: 0 };
}

/** Identifiers that name a variable at this place, rather than a property, a key or a label. */
export function isReferenceAt(key: string, p: Node | undefined): boolean {
  if (!p) return false;
  switch (p.type) {
    case 'MemberExpression':
    case 'OptionalMemberExpression':
      return key !== 'property' || p.computed;
    case 'ObjectProperty':
      return key === 'value' || p.computed;
    case 'ClassProperty':
    case 'ObjectMethod':
    case 'ClassMethod':
      return key !== 'key' || p.computed;
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
    case 'ImportSpecifier':
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier':
    case 'ExportSpecifier':
    case 'MetaProperty':
      return false;
    default:
      return true;
  }
}

/** Plain assignment targets: written, not read (`x += 1` reads x too). */
function isAssigned(key: string, p: Node | undefined): boolean {
  return p?.type === 'AssignmentExpression' && p.operator === '=' && key === 'left';
}

function isBlock(n: Node): boolean {
  return n.type === 'BlockStatement' || n.type === 'StaticBlock' || n.type === 'SwitchStatement' || n.type === 'Program';
}

function isLoop(n: Node): boolean {
  return n.type === 'ForStatement' || n.type === 'ForInStatement' || n.type === 'ForOfStatement';
}

/** Identifiers declared by a pattern, with the kind its initializer or annotation implies. */
function patternIds(p: LVal | PatternLike, kind: ValueKind | undefined): Array<{ id: Identifier; kind: ValueKind }> {
  switch (p.type) {
    case 'Identifier':
      return [{ id: p, kind: kind ?? annotated(p) }];
    case 'AssignmentPattern':
      return patternIds(p.left, kindOf(p.right));
    case 'RestElement':
      return patternIds(p.argument, 'array');
    case 'ArrayPattern':
      return p.elements.flatMap((e) => (e ? patternIds(e as PatternLike, 'unknown') : []));
    case 'ObjectPattern':
      return p.properties.flatMap((prop) =>
        prop.type === 'RestElement' ? patternIds(prop.argument, 'object') : patternIds(prop.value as PatternLike, 'unknown'),
      );
    default:
      return [];
  }
}
