import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { codeShape, equivalenceKey } from '../../src/engine/patch/equivalence';
import type { FileChange } from '../../src/engine/types';

const BASE = [
  "'use strict';",
  'function clamp(x, lo, hi) {',
  '  if (x < lo) return lo;',
  '  if (x > hi) return hi;',
  '  return x;',
  '}',
  'module.exports = { clamp };',
  '',
].join('\n');

const change = (content: string, path = 'src/clamp.js'): FileChange[] => [{ path, kind: 'modify', content }];
const key = (content: string, path?: string) => equivalenceKey(change(content, path));

describe('equivalent candidates', () => {
  test('comments, blank lines, indentation, quotes and redundant parentheses do not change the key', () => {
    const variant = [
      '"use strict";',
      '// Keep values inside [lo, hi].',
      'function clamp (x, lo, hi)',
      '{',
      '    if (x < lo) { return lo; }'.replace('{ return lo; }', 'return (lo);'),
      '',
      '    /* the upper bound */',
      '    if (x > hi) return hi; // fixed',
      '    return x',
      '}',
      'module.exports = { clamp }',
    ].join('\n');
    assert.equal(key(variant), key(BASE));
  });

  test('a change of code, of a string\'s value or of a template\'s spacing changes the key', () => {
    const base = key(BASE);
    assert.notEqual(key(BASE.replace('x > hi', 'x >= hi')), base);
    assert.notEqual(key(BASE.replace("'use strict'", "'use  strict'")), base);
    assert.notEqual(key(BASE + 'const s = `a  b`;\n'), key(BASE + 'const s = `a b`;\n'));
  });

  test('automatic semicolon insertion is respected: a line break after return is not formatting', () => {
    const a = 'function f(x) {\n  return x + 1;\n}\n';
    const b = 'function f(x) {\n  return\n  x + 1;\n}\n';
    assert.notEqual(key(a), key(b));
  });

  test('directive comments stay part of the code', () => {
    const ts = 'const n: number = 1;\n';
    const ignored = '// @ts-expect-error\nconst n: number = "1";\n';
    const plain = '// a string on purpose\nconst n: number = "1";\n';
    assert.notEqual(key(ignored, 'src/n.ts'), key(plain, 'src/n.ts'));
    assert.notEqual(key(ts, 'src/n.ts'), key(plain, 'src/n.ts'));
    assert.notEqual(key('/* istanbul ignore next */\nf();\n'), key('/* just a call */\nf();\n'));
    assert.equal(key('/* just a call */\nf();\n'), key('f(); // the same call\n'));
  });

  test('TypeScript and JSX parse by their extension', () => {
    assert.ok(codeShape('src/a.tsx', 'export const A = (p: { n: number }) => <b>{p.n}</b>;\n'));
    assert.equal(
      key('export const A = (p: {n: number}) => <b>{p.n}</b>;\n', 'src/a.tsx'),
      key('// a component\nexport const A = (p: { n: number }) =>\n  <b>{p.n}</b>;\n', 'src/a.tsx'),
    );
  });

  test('other files, files that do not parse and whole patches without JS/TS compare byte for byte', () => {
    assert.equal(equivalenceKey([{ path: 'calc.py', kind: 'modify', content: 'x = 1\n' }]), null);
    assert.equal(codeShape('src/broken.js', 'function ('), null);
    const withPy = (py: string): FileChange[] => [...change(BASE), { path: 'calc.py', kind: 'modify', content: py }];
    assert.notEqual(equivalenceKey(withPy('x = 1\n')), equivalenceKey(withPy('x = 1  # one\n')));
    assert.equal(key('function (', 'src/b.js'), null, 'a file that does not parse leaves the decision to the exact diff');
  });

  test('the same code in another file, or a deletion instead of an edit, is another change', () => {
    assert.notEqual(key(BASE, 'src/a.js'), key(BASE, 'src/b.js'));
    assert.notEqual(equivalenceKey([{ path: 'src/a.js', kind: 'delete', content: null }]), key(BASE, 'src/a.js'));
  });
});
