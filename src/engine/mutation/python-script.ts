// The Python half of the operators, run as `python3 -I -c SCRIPT` with the source on stdin.
// It only parses (ast, tokenize): nothing of the user's code runs. Offsets come back in UTF-16
// units, as JavaScript strings count them; `variant` scales the family prior as in priors.ts.
export const PYTHON_MUTANTS_SCRIPT = String.raw`
import ast, bisect, io, json, sys, tokenize

src = sys.stdin.read()
try:
    tree = ast.parse(src)
    toks = [t for t in tokenize.generate_tokens(io.StringIO(src).readline) if t.type in (tokenize.OP, tokenize.NAME)]
except (SyntaxError, tokenize.TokenError, ValueError):
    print('null')
    sys.exit(0)

lines = src.splitlines(keepends=True)
u16 = [0]
for l in lines:
    u16.append(u16[-1] + len(l.encode('utf-16-le')) // 2)
tok_starts = [t.start for t in toks]

def line_text(row):
    return lines[row - 1] if 0 < row <= len(lines) else ''

def at(pos):
    row, col = pos
    return u16[row - 1] + len(line_text(row)[:col].encode('utf-16-le')) // 2

def chars(row, byte_col):
    return len(line_text(row).encode('utf-8')[:byte_col].decode('utf-8', 'replace'))

def start(n):
    return (n.lineno, chars(n.lineno, n.col_offset))

def end(n):
    return (n.end_lineno, chars(n.end_lineno, n.end_col_offset))

def text(n):
    return ast.get_source_segment(src, n) or ''

def token_between(a, b, strings):
    i = bisect.bisect_left(tok_starts, a)
    while i < len(toks) and toks[i].start < b:
        if toks[i].string in strings:
            return toks[i]
        i += 1
    return None

out = []
def emit(s, e, replacement, op, before, after, variant=1.0, line=None):
    out.append({'start': at(s), 'end': at(e), 'replacement': replacement, 'op': op,
                'before': before, 'after': after, 'variant': variant, 'line': line or s[0]})

parent = {}
for node in ast.walk(tree):
    for child in ast.iter_child_nodes(node):
        parent[child] = node

BOUNDARY = {'<': '<=', '<=': '<', '>': '>=', '>=': '>'}
FLIP = {'<': '>', '>': '<', '<=': '>=', '>=': '<='}
EQUALITY = {'==': '!=', '!=': '=='}
ARITH = {'+': '-', '-': '+', '*': '/', '/': '*'}
COMPOUND = {'+=': '-=', '-=': '+=', '*=': '/=', '/=': '*='}
SCALE = (ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow)

def swap(tok, to, op, node, variant=1.0):
    whole = text(node)
    shown = whole if len(whole) <= 40 and '\n' not in whole else None
    s, e = tok.start, tok.end
    if shown is not None:
        ns = start(node)
        off = at(s) - at(ns)
        after = whole[:off] + to + whole[off + len(tok.string):]
        emit(s, e, to, op, whole, after, variant)
    else:
        emit(s, e, to, op, tok.string, to, variant)

def is_text(n):
    return isinstance(n, ast.JoinedStr) or (isinstance(n, ast.Constant) and isinstance(n.value, str))

def wrapped(n):
    t = text(n)
    return '(' + t + ')' if isinstance(n, (ast.BoolOp, ast.IfExp, ast.Lambda, ast.NamedExpr)) else t

def function_of(n):
    p = parent.get(n)
    while p is not None and not isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        p = parent.get(p)
    return p

BLOCKS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.If, ast.For, ast.While, ast.With, ast.Try, ast.ExceptHandler)
def statement_of(n):
    p = n
    while p is not None and not (isinstance(p, ast.stmt) and isinstance(parent.get(p), BLOCKS)):
        p = parent.get(p)
    return p

def own_line(stmt):
    return line_text(stmt.lineno)[:start(stmt)[1]].strip() == ''

def params(fn):
    a = fn.args
    names = [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs]
    if a.vararg: names.append(a.vararg.arg)
    if a.kwarg: names.append(a.kwarg.arg)
    return names

def own_nodes(fn):
    stack = list(ast.iter_child_nodes(fn))
    while stack:
        n = stack.pop()
        yield n
        if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            stack.extend(ast.iter_child_nodes(n))

EMPTY = {str: "''", list: '[]', int: '0', bool: 'False', dict: '{}'}
def empty_returns(fn):
    found = []
    for n in own_nodes(fn):
        if isinstance(n, ast.Return) and n.value is not None:
            v = n.value
            kind = type(v.value) if isinstance(v, ast.Constant) else list if isinstance(v, (ast.List, ast.ListComp)) else str if isinstance(v, ast.JoinedStr) else dict if isinstance(v, (ast.Dict, ast.DictComp)) else None
            e = EMPTY.get(kind)
            if e and e not in found:
                found.append(e)
    return found[:2]

for n in ast.walk(tree):
    p = parent.get(n)
    if isinstance(n, ast.Compare):
        left = n.left
        for op_node, right in zip(n.ops, n.comparators):
            tok = token_between(end(left), start(right), {'<', '<=', '>', '>=', '==', '!='})
            if tok:
                if tok.string in BOUNDARY: swap(tok, BOUNDARY[tok.string], 'comparison', n)
                if tok.string in FLIP: swap(tok, FLIP[tok.string], 'comparison', n, 0.8)
                if tok.string in EQUALITY: swap(tok, EQUALITY[tok.string], 'comparison', n, 0.8)
            left = right
    elif isinstance(n, ast.BinOp):
        tok = token_between(end(n.left), start(n.right), set(ARITH))
        if tok and not (tok.string == '+' and (is_text(n.left) or is_text(n.right))):
            swap(tok, ARITH[tok.string], 'arithmetic', n)
    elif isinstance(n, ast.AugAssign):
        tok = token_between(end(n.target), start(n.value), set(COMPOUND))
        if tok:
            swap(tok, COMPOUND[tok.string], 'arithmetic', n)
    elif isinstance(n, ast.BoolOp):
        for a, b in zip(n.values, n.values[1:]):
            tok = token_between(end(a), start(b), {'and', 'or'})
            if tok:
                swap(tok, 'or' if tok.string == 'and' else 'and', 'logical', n)
        if len(n.values) == 2:
            for keep, other in ((n.values[0], n.values[1]), (n.values[1], n.values[0])):
                emit(start(n), end(n), wrapped(keep), 'drop-condition', text(n), wrapped(keep), 1.0, other.lineno)
    elif isinstance(n, ast.Constant) and type(n.value) is int and text(n).isdigit():
        value = n.value
        target = n
        if isinstance(p, ast.UnaryOp) and isinstance(p.op, ast.USub):
            value, target = -value, p
        size = (1.0 if abs(value) <= 10 else 0.5) * (0.5 if isinstance(parent.get(target), ast.BinOp) and isinstance(parent.get(target).op, SCALE) else 1.0)
        for nxt in (value + 1, value - 1):
            variant = size * (0.6 if nxt < 0 <= value else 1.0)
            emit(start(target), end(target), str(nxt), 'off-by-one', text(target), str(nxt), variant)
    elif isinstance(n, ast.Constant) and type(n.value) is bool:
        emit(start(n), end(n), str(not n.value), 'boolean', str(n.value), str(not n.value), 1.0 if isinstance(p, ast.Return) else 0.5)
    elif isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == 'len' and len(n.args) == 1:
        t = text(n)
        tight = isinstance(p, (ast.UnaryOp, ast.Attribute, ast.Call)) or (isinstance(p, ast.BinOp) and (isinstance(p.op, SCALE) or (isinstance(p.op, ast.Sub) and p.right is n)))
        for op in ('- 1', '+ 1'):
            s = t + ' ' + op
            emit(start(n), end(n), '(' + s + ')' if tight else s, 'off-by-one', t, s, 0.85)
    elif isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and isinstance(p, (ast.Subscript, ast.Slice)) and (getattr(p, 'slice', None) is n or isinstance(p, ast.Slice)):
        for op in ('- 1', '+ 1'):
            emit(start(n), end(n), n.id + ' ' + op, 'off-by-one', n.id, n.id + ' ' + op, 0.85)

    if isinstance(n, ast.If) or isinstance(n, ast.IfExp):
        test = n.test
        before = text(test)
        after = text(test.operand) if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) else 'not (' + before + ')'
        emit(start(test), end(test), after, 'negate-condition', before, after)
    if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == 'math' and n.attr in ('floor', 'ceil', 'trunc'):
        for i, to in enumerate([x for x in ('floor', 'ceil', 'trunc') if x != n.attr]):
            e = end(n)
            emit((e[0], e[1] - len(n.attr)), e, to, 'rounding', 'math.' + n.attr, 'math.' + to, 0.6 if to == 'trunc' else 1.0)
    if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in ('min', 'max'):
        to = 'max' if n.func.id == 'min' else 'min'
        emit(start(n.func), end(n.func), to, 'rounding', n.func.id, to)
    if isinstance(n, ast.Call) and len(n.args) >= 2:
        for a, b in zip(n.args, n.args[1:]):
            if isinstance(a, ast.Starred) or isinstance(b, ast.Starred) or text(a) == text(b):
                continue
            between = src[at(end(a)):at(start(b))] if at(end(a)) <= at(start(b)) else ', '
            emit(start(a), end(b), text(b) + between + text(a), 'swap-arguments', text(a) + ', ' + text(b), text(b) + ', ' + text(a), 1.0, a.lineno)

def guarded_name(n):
    """The parameter a read goes through: x.attr, x[i], len(x); None raises on each."""
    if isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Load) and isinstance(n.value, ast.Name):
        return n.value.id
    if isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Load) and isinstance(n.value, ast.Name):
        return n.value.id
    if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == 'len' and len(n.args) == 1 and isinstance(n.args[0], ast.Name):
        return n.args[0].id
    return None

for fn in ast.walk(tree):
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        continue
    declared = {name: start(fn) for name in params(fn)}
    reads = {}
    body = list(own_nodes(fn))
    for n in sorted((x for x in body if isinstance(x, ast.Name)), key=lambda x: (x.lineno, x.col_offset)):
        if isinstance(n.ctx, ast.Store) and n.id not in declared:
            loop = parent.get(n)
            if isinstance(loop, ast.For) and loop.target is n:
                declared[n.id] = start(loop.body[0])
            else:
                stmt = statement_of(n)
                declared[n.id] = end(stmt) if stmt is not None else end(n)
        elif isinstance(n.ctx, ast.Load):
            reads[n.id] = reads.get(n.id, 0) + 1
    guarded = set()
    for n in body:
        p = parent.get(n)
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id in declared and not (isinstance(p, ast.Call) and p.func is n):
            sibling = None
            if isinstance(p, ast.BinOp): sibling = p.right if p.left is n else p.left
            if isinstance(p, ast.Compare) and len(p.comparators) == 1: sibling = p.comparators[0] if p.left is n else p.left
            here = start(n)
            for other, pos in declared.items():
                if other == n.id or pos > here or (isinstance(sibling, ast.Name) and sibling.id == other):
                    continue
                twice = 2.0 if isinstance(sibling, ast.Name) and sibling.id == n.id else 1.0
                unused = 2.0 if reads.get(other, 0) == 0 else 1.0
                emit(here, end(n), other, 'wrong-variable', n.id, other, 0.8 * unused * twice)
        used = guarded_name(n)
        if used is None or used not in params(fn):
            continue
        places = [statement_of(n)]
        body_start = fn.body[1:] if fn.body and isinstance(fn.body[0], ast.Expr) and isinstance(getattr(fn.body[0], 'value', None), ast.Constant) and len(fn.body) > 1 else fn.body
        if body_start and body_start[0] is not places[0]:
            places.append(body_start[0])
        for k, stmt in enumerate(places):
            if stmt is None or not own_line(stmt) or (stmt.lineno, used) in guarded:
                continue
            guarded.add((stmt.lineno, used))
            indent = line_text(stmt.lineno)[:start(stmt)[1]]
            for i, value in enumerate(empty_returns(fn) + [used]):
                guard = 'if ' + used + ' is None: return ' + value
                emit(start(stmt), start(stmt), guard + '\n' + indent, 'null-guard', '', guard, (1.0 if i == 0 else 0.9) * (1.0 if k == 0 else 0.95), n.lineno)

print(json.dumps(out))
`;
