import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { applyMutant, describeMutant, type Mutant } from '../../src/engine/mutation/mutant';
import { mutantsByLine } from '../../src/engine/mutation/operators';
import { parsesCleanly } from '../../src/engine/mutation/parse';
import { pythonMutantsByLine } from '../../src/engine/mutation/python';
import { rankMutants, type RankedLine } from '../../src/engine/mutation/rank';

/** Every mutant of `text`, with the file each one produces. */
function mutate(text: string, path = 'src/a.js'): Array<Mutant & { result: string }> {
  const byLine = mutantsByLine(path, text);
  assert.ok(byLine, 'the source parses');
  return [...byLine.values()].flat().map((m) => ({ ...m, result: applyMutant(text, m) }));
}

function results(text: string, op: Mutant['op'], path?: string): string[] {
  return mutate(text, path)
    .filter((m) => m.op === op)
    .map((m) => m.result);
}

describe('mutation operators', () => {
  test('comparison: boundary, direction and equality swaps, by editing the token only', () => {
    const text = 'function f(a, b) {\n  // keep   this   comment\n  if (a < b) return a  ===  b;\n  return a >= b;\n}\n';
    const out = results(text, 'comparison');
    assert.ok(out.includes(text.replace('a < b', 'a <= b')));
    assert.ok(out.includes(text.replace('a < b', 'a > b')));
    assert.ok(out.includes(text.replace('a  ===  b', 'a  !==  b')), 'spacing around the operator is kept');
    assert.ok(out.includes(text.replace('a >= b', 'a > b')));
    assert.ok(out.includes(text.replace('a >= b', 'a <= b')));
    for (const r of out) assert.match(r, /\/\/ keep {3}this {3}comment/);
  });

  test('arithmetic and logical swaps; string concatenation is left alone', () => {
    const text = "function f(a, b, c) {\n  const s = 'n=' + a;\n  return (a - b) * c || (a && b);\n}\n";
    const arith = results(text, 'arithmetic');
    assert.ok(arith.includes(text.replace('(a - b)', '(a + b)')));
    assert.ok(arith.includes(text.replace(') * c', ') / c')));
    assert.ok(!arith.some((r) => r.includes("'n=' - a")), 'a string join is not turned into a subtraction');
    const logical = results(text, 'logical');
    assert.ok(logical.includes(text.replace('c || (a', 'c && (a')));
    assert.ok(logical.includes(text.replace('(a && b)', '(a || b)')));
  });

  test('drop a condition keeps one side of && and ||', () => {
    const text = 'function ok(x, y) {\n  if (x > 0 && y > 0) return 1;\n  return 0;\n}\n';
    const out = results(text, 'drop-condition');
    assert.ok(out.includes(text.replace('x > 0 && y > 0', 'x > 0')));
    assert.ok(out.includes(text.replace('x > 0 && y > 0', 'y > 0')));
  });

  test('off-by-one on literals and bounds, with parentheses where precedence needs them', () => {
    const text = 'function last(xs, n) {\n  const k = xs.length * 2;\n  return xs[n] + xs.slice(0, n).length + k + 10;\n}\n';
    const out = results(text, 'off-by-one');
    assert.ok(out.includes(text.replace('slice(0, n)', 'slice(1, n)')));
    assert.ok(out.includes(text.replace('k + 10', 'k + 9')));
    assert.ok(out.includes(text.replace('xs.length * 2', '(xs.length - 1) * 2')), 'a bound under * is parenthesized');
    assert.ok(out.includes(text.replace('xs[n]', 'xs[n - 1]')));
    assert.ok(out.includes(text.replace('slice(0, n)', 'slice(0, n + 1)')));
    for (const r of out) assert.ok(parsesCleanly('src/a.js', r), r);
  });

  test('negative literals move by one and stay valid after a minus sign', () => {
    const text = 'function f(i, j) {\n  return i > -1 && j-0;\n}\n';
    const out = results(text, 'off-by-one');
    assert.ok(out.includes(text.replace('-1', '0')));
    assert.ok(out.includes(text.replace('-1', '-2')));
    assert.ok(out.includes(text.replace('j-0', 'j-(-1)')), 'no `j--1`');
  });

  test('negate a condition of an if or ?:, and unwrap one already negated; loop tests are left alone', () => {
    const text = 'function f(a, xs) {\n  if (!a.ok) return xs;\n  while (xs.length > 3) xs.pop();\n  return a.big ? 1 : 2;\n}\n';
    const out = results(text, 'negate-condition');
    assert.ok(out.includes(text.replace('if (!a.ok)', 'if (a.ok)')));
    assert.ok(out.includes(text.replace('a.big ? 1', '!(a.big) ? 1')));
    assert.ok(!out.some((r) => r.includes('while (!(')), 'a negated loop test would spin until the timeout');
  });

  test('wrong variable: same function, declared before the use, never a later one or another function\'s', () => {
    const text = [
      'function outer(total) {',
      '  const count = 3;',
      '  function inner(a, b) {',
      '    const c = 2;',
      '    return a - b;',
      '  }',
      '  const later = count + 5;',
      '  return count + later;',
      '}',
      '',
    ].join('\n');
    const muts = mutate(text).filter((m) => m.op === 'wrong-variable');
    const at = (line: number) => muts.filter((m) => m.line === line).map((m) => `${m.before} → ${m.after}`);
    assert.deepEqual(at(5).sort(), ['a - b → a - c', 'a - b → c - b'], 'inner\'s own variables, never the other operand (`b - b`)');
    const eight = muts.filter((m) => m.line === 8);
    assert.ok(eight.some((m) => m.result.includes('return total + later')));
    assert.ok(eight.some((m) => m.result.includes('return count + total')));
    const seven = muts.filter((m) => m.line === 7).map((m) => m.after);
    assert.deepEqual(seven, ['total + 5'], 'a variable is not in scope in its own initializer, nor later ones');
  });

  test('wrong property: another field the same function reads from the same object', () => {
    const text = 'function clamp(x, r) {\n  if (x < r.lo) return r.lo;\n  if (x > r.hi) return r.lo;\n  return this.size ? x : r.lo;\n}\n';
    const out = results(text, 'wrong-variable');
    assert.ok(out.includes(text.replace('return r.lo;\n  return', 'return r.hi;\n  return')));
    assert.ok(!out.some((r) => r.includes('r.size')), 'fields of `this` are not fields of r');
  });

  test('a loop counter the body never reads is the likeliest replacement', () => {
    const text = 'function fill(start, end) {\n  const out = [];\n  for (let i = start; i < end; i++) out.push(start);\n  return out;\n}\n';
    const muts = mutate(text).filter((m) => m.op === 'wrong-variable' && m.before === 'out.push(start)');
    assert.equal(muts[0]?.after, 'out.push(i)');
    assert.ok(muts[0]!.prior > muts[1]!.prior);
  });

  test('null guard: optional chaining, and an early return with the empty value the function returns', () => {
    const text = "function name(user) {\n  const first = user.first;\n  return first.trim();\n}\n";
    const out = results(text, 'null-guard');
    assert.ok(out.includes(text.replace('user.first', 'user?.first')));
    assert.ok(out.includes(text.replace("  const first", "  if (user == null) return '';\n  const first")), out.join('\n---\n'));
    assert.ok(out.includes(text.replace("  const first", '  if (user == null) return user;\n  const first')));
    assert.ok(out.includes(text.replace("  return first", "  if (first == null) return '';\n  return first")));
    for (const r of out) assert.ok(parsesCleanly('src/a.js', r), r);
  });

  test('swap arguments keeps what lies between them; a call against a known signature ranks the swap high', () => {
    const text = "function f(h, m) {\n  return pad(m, /* width */ h) + String(h).padStart('0', 2);\n}\n";
    const muts = mutate(text).filter((m) => m.op === 'swap-arguments');
    assert.ok(muts.some((m) => m.result.includes('pad(h, /* width */ m)')));
    const pad = muts.find((m) => m.result.includes("padStart(2, '0')"));
    assert.ok(pad);
    assert.ok(pad.prior > muts.find((m) => m.result.includes('pad(h'))!.prior);
  });

  test('rounding and Math.min/max, boolean literals', () => {
    const text = 'function f(x) {\n  if (x) return Math.min(Math.floor(x), 3);\n  return false;\n}\n';
    const rounding = results(text, 'rounding');
    assert.ok(rounding.includes(text.replace('Math.floor', 'Math.ceil')));
    assert.ok(rounding.includes(text.replace('Math.floor', 'Math.round')));
    assert.ok(rounding.includes(text.replace('Math.min', 'Math.max')));
    assert.deepEqual(results(text, 'boolean'), [text.replace('return false', 'return true')]);
  });

  test('TypeScript: code is mutated, types and interfaces are not', () => {
    const text = [
      'interface Box { size: 1 | 2; }',
      'type Pair = [number, number];',
      'export function fits(box: Box, limit: number): boolean {',
      '  const sizes: Array<number> = [box.size];',
      '  return sizes[0]! < limit;',
      '}',
      '',
    ].join('\n');
    const muts = mutate(text, 'src/fit.ts');
    assert.ok(muts.some((m) => m.op === 'comparison' && m.result.includes('sizes[0]! <= limit')));
    assert.ok(!muts.some((m) => m.line <= 2), 'nothing inside type declarations');
    for (const m of muts) assert.ok(parsesCleanly('src/fit.ts', m.result), m.result);
  });

  test('a file that does not parse gives no mutants', () => {
    assert.equal(mutantsByLine('src/broken.js', 'function (\n'), null);
  });

  test('plans name the file, the line, the edit and the operator family', () => {
    const text = 'function range(start, end) {\n  const out = [];\n  for (let i = start; i < end; i++) out.push(i);\n  return out;\n}\n';
    const m = mutate(text, 'src/range.js').find((x) => x.op === 'comparison' && x.after.includes('<='))!;
    assert.equal(describeMutant(m), 'src/range.js:3 `i < end` → `i <= end` (comparison)');
  });
});

const hasPython = spawnSync('python3', ['--version']).status === 0;

describe('Python operators (parsed by python3, never run)', { skip: !hasPython && 'python3 is not installed' }, () => {
  const text = [
    'import math',
    '',
    'def label(name, width):',
    "    '''Name cut to width, with a marker 🏷 when cut.'''",
    "    tag = '🏷'",
    '    if len(name) <= width and width > 0:',
    '        return name',
    '    return name[:width - 1] + tag',
    '',
    'def spread(xs, n):',
    '    out = []',
    '    for i in range(n):',
    '        out.append(xs[n])',
    '    return math.floor(len(out) / 2), out',
    '',
  ].join('\n');

  test('swaps, bounds and variables land on the right characters, after non-ASCII text too', async () => {
    const byLine = await pythonMutantsByLine('lib/label.py', text);
    assert.ok(byLine);
    const all = [...byLine.values()].flat().map((m) => ({ ...m, result: applyMutant(text, m) }));
    const find = (from: string, to: string) => all.find((m) => m.result === text.replace(from, to));
    assert.ok(find('len(name) <= width', 'len(name) < width'));
    assert.equal(find('len(name) <= width', 'len(name) < width')!.line, 6);
    assert.ok(find('width > 0:', 'width >= 0:'));
    assert.ok(find('<= width and width', '<= width or width'));
    assert.ok(find('width - 1] + tag', 'width + 1] + tag'));
    assert.ok(find('width - 1] + tag', 'width - 2] + tag'));
    assert.ok(find('math.floor(len(out) / 2)', 'math.ceil(len(out) / 2)'));
    assert.ok(find('    tag =', '    if name is None: return name\n    tag ='), 'a None guard for a parameter');
    const loop = find('xs[n]', 'xs[i]');
    assert.ok(loop, 'the loop variable the body never reads');
    assert.ok(loop.prior > find('xs[n]', 'xs[out]')!.prior);
  });

  test('a file that does not parse gives no mutants', async () => {
    assert.equal(await pythonMutantsByLine('lib/bad.py', 'def f(:\n'), null);
  });
});

describe('mutant ranking', () => {
  const mutant = (line: number, prior: number, tag: string): Mutant => ({
    path: 'a.js',
    line,
    start: 0,
    end: 0,
    replacement: tag,
    op: 'comparison',
    before: '',
    after: tag,
    prior,
  });

  test('best first by suspiciousness × prior, deterministic, and lines are opened only when needed', () => {
    const lines: RankedLine[] = [
      { path: 'a.js', line: 1, score: 1 },
      { path: 'a.js', line: 2, score: 0.5 },
      ...Array.from({ length: 10_000 }, (_, i) => ({ path: 'a.js', line: 100 + i, score: 0.01 })),
    ];
    const opened: number[] = [];
    const at = (_p: string, line: number) => {
      opened.push(line);
      return line === 1 ? [mutant(1, 0.3, 'weak'), mutant(1, 1, 'strong')] : line === 2 ? [mutant(2, 1, 'mid')] : [mutant(line, 1, `far${line}`)];
    };
    const gen = rankMutants(lines, at);
    const first = [gen.next().value!, gen.next().value!, gen.next().value!].map((r) => r.mutant.replacement);
    assert.deepEqual(first, ['strong', 'mid', 'weak']);
    assert.ok(opened.length < 20, `opened ${opened.length} lines for three mutants`);
    const again = [...rankMutants(lines.slice(0, 2), at)].map((r) => r.mutant.replacement);
    assert.deepEqual(again, ['strong', 'mid', 'weak'], 'same input, same order');
  });

  test('failed edits on a line lower the rest of that line relative to fresh lines', () => {
    const lines: RankedLine[] = [
      { path: 'a.js', line: 1, score: 1 },
      { path: 'a.js', line: 2, score: 0.9 },
    ];
    const at = (_p: string, line: number) => (line === 1 ? [mutant(1, 1, 'a1'), mutant(1, 1, 'a2')] : [mutant(2, 1, 'b1')]);
    const order = [...rankMutants(lines, at)].map((r) => r.mutant.replacement);
    assert.deepEqual(order, ['a1', 'b1', 'a2']);
  });
});
