import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAnswer } from '../../src/engine/patch';

const DIFF = [
  '--- a/src/range.js',
  '+++ b/src/range.js',
  '@@ -5,3 +5,3 @@',
  '   const out = [];',
  '-  for (let i = start; i < end; i++) out.push(i);',
  '+  for (let i = start; i <= end; i++) out.push(i);',
  '   return out;',
].join('\n');

const fence = (lang: string, body: string) => '```' + lang + '\n' + body + '\n```';

describe('parseAnswer: diffs', () => {
  it('takes unified diffs from ```diff and ```patch fences', () => {
    const a = parseAnswer(`Fix.\n\n${fence('diff', DIFF)}\n\nAnd:\n${fence('patch', DIFF)}\n`);
    assert.equal(a.format, 'diff');
    assert.deepEqual(a.diffs, [DIFF + '\n', DIFF + '\n']);
    assert.deepEqual(a.blocks, []);
  });

  it('takes a diff from an unlabeled fence that starts with diff headers, but not other code', () => {
    const a = parseAnswer(`${fence('', 'diff --git a/x b/x\n' + DIFF)}\n${fence('js', 'const x = 1;')}`);
    assert.equal(a.diffs.length, 1);
    assert.ok(a.diffs[0]!.startsWith('diff --git a/x b/x\n--- a/src/range.js'));
  });

  it('keeps a diff context line " ```" inside its fence', () => {
    const body = '--- a/README.md\n+++ b/README.md\n@@ -1,3 +1,3 @@\n ```\n-old\n+new\n ```';
    const a = parseAnswer(fence('diff', body));
    assert.deepEqual(a.diffs, [body + '\n']);
  });

  it('takes a bare diff without fences and leaves the prose around it out', () => {
    const a = parseAnswer(`The loop stops early.\n\n${DIFF}\n\nThat makes range inclusive.\n`);
    assert.equal(a.format, 'diff');
    assert.deepEqual(a.diffs, [DIFF + '\n']);
  });

  it('finds nothing in prose or in plain code fences', () => {
    const a = parseAnswer('I think the bug is in range.js; change < to <=.\n' + fence('js', 'for (;;) {}'));
    assert.equal(a.format, 'none');
    assert.deepEqual(a.diffs, []);
    assert.deepEqual(a.blocks, []);
  });

  it('reads CRLF answers like LF ones', () => {
    const a = parseAnswer(fence('diff', DIFF).replace(/\n/g, '\r\n'));
    assert.deepEqual(a.diffs, [DIFF + '\n']);
  });
});

const BLOCK = ['<<<<<<< SEARCH', '  return a;', '=======', '  return b;', '>>>>>>> REPLACE'].join('\n');

describe('parseAnswer: SEARCH/REPLACE blocks', () => {
  const variants: Array<[string, string]> = [
    ['plain path line', `src/a.js\n${fence('js', BLOCK)}`],
    ['bold path', `**src/a.js**\n${fence('javascript', BLOCK)}`],
    ['backticked path', '`src/a.js`\n' + fence('', BLOCK)],
    ['heading with File:', `### File: src/a.js\n\n${fence('js', BLOCK)}`],
    ['path inside the fence', fence('js', `src/a.js\n${BLOCK}`)],
    ['path in the fence info', fence('js src/a.js', BLOCK)],
    ['path in prose with ticks', 'In `src/a.js`, return b:\n' + fence('js', BLOCK)],
    ['./ prefix', `./src/a.js\n${fence('js', BLOCK)}`],
  ];
  for (const [name, text] of variants) {
    it(`reads the path from a ${name}`, () => {
      const a = parseAnswer(text);
      assert.equal(a.format, 'search-replace');
      assert.deepEqual(a.blocks, [{ path: 'src/a.js', search: '  return a;\n', replace: '  return b;\n' }]);
    });
  }

  it('reads a name with spaces from a code span or quotes, never from a bold sentence', () => {
    const ticked = parseAnswer('Plan: fix the notes.\n\n`docs/Release notes.md`\n' + fence('md', BLOCK));
    assert.deepEqual(ticked.blocks.map((b) => b.path), ['docs/Release notes.md']);
    assert.equal(ticked.plan, 'fix the notes.');
    const quoted = parseAnswer('"src/my file.js":\n' + fence('js', BLOCK));
    assert.deepEqual(quoted.blocks.map((b) => b.path), ['src/my file.js']);
    const bold = parseAnswer('src/a.js\n**Change the loop in src/b.js**\n' + fence('js', BLOCK));
    assert.deepEqual(bold.blocks.map((b) => b.path), ['src/a.js']);
    const prose = parseAnswer('`src/a.js`\nThen `npm run test` checks it:\n' + fence('js', BLOCK));
    assert.deepEqual(prose.blocks.map((b) => b.path), ['src/a.js']);
  });

  it('keeps the file of the previous block when a block has no path line', () => {
    const text = `src/a.js\n${fence('js', `${BLOCK}\n${BLOCK.replace(/a;/, 'c;')}`)}\nlib/b.py\n${fence('python', BLOCK)}`;
    const a = parseAnswer(text);
    assert.deepEqual(a.blocks.map((b) => [b.path, b.search]), [
      ['src/a.js', '  return a;\n'],
      ['src/a.js', '  return c;\n'],
      ['lib/b.py', '  return a;\n'],
    ]);
  });

  it('reads an empty SEARCH part as the empty string (file creation)', () => {
    const a = parseAnswer(`src/new.js\n${fence('js', '<<<<<<< SEARCH\n=======\nexport const x = 1;\n>>>>>>> REPLACE')}`);
    assert.deepEqual(a.blocks, [{ path: 'src/new.js', search: '', replace: 'export const x = 1;\n' }]);
  });

  it('keeps fences inside SEARCH/REPLACE text', () => {
    const body = '<<<<<<< SEARCH\n```js\nold()\n```\n=======\n```js\nnew()\n```\n>>>>>>> REPLACE';
    const a = parseAnswer(`README.md\n${fence('markdown', body)}`);
    assert.deepEqual(a.blocks, [{ path: 'README.md', search: '```js\nold()\n```\n', replace: '```js\nnew()\n```\n' }]);
  });

  it('reports a block cut off before its REPLACE line', () => {
    const a = parseAnswer('src/a.js\n```js\n<<<<<<< SEARCH\nold\n=======\nnew');
    assert.deepEqual(a.blocks, []);
    assert.match(a.problems?.[0] ?? '', /src\/a\.js is cut off/);
  });

  it('reports a block that names no file', () => {
    const a = parseAnswer(`Change this:\n${fence('js', BLOCK)}`);
    assert.deepEqual(a.blocks, []);
    assert.match(a.problems?.[0] ?? '', /names no file/);
  });

  it('calls an answer with both formats mixed', () => {
    const a = parseAnswer(`${fence('diff', DIFF)}\nsrc/a.js\n${fence('js', BLOCK)}`);
    assert.equal(a.format, 'mixed');
    assert.equal(a.diffs.length, 1);
    assert.equal(a.blocks.length, 1);
  });

  it('does not read a SEARCH/REPLACE block in a ```diff fence as a diff', () => {
    const a = parseAnswer(`src/a.js\n${fence('diff', BLOCK)}`);
    assert.equal(a.format, 'search-replace');
    assert.deepEqual(a.diffs, []);
  });
});

describe('parseAnswer: plan', () => {
  it('takes a Plan: line', () => {
    const a = parseAnswer(`Looking at it.\nPlan: make the loop bound inclusive.\n${fence('diff', DIFF)}`);
    assert.equal(a.plan, 'make the loop bound inclusive.');
  });

  it('takes a bold Plan with its text on the next line', () => {
    const a = parseAnswer(`**Plan:**\n- use <= in the loop\n${fence('diff', DIFF)}`);
    assert.equal(a.plan, 'use <= in the loop');
  });

  it('ignores Plan: inside a fence and falls back to the first sentence of prose', () => {
    const a = parseAnswer(`The bug is an off-by-one in \`range\`. It stops one early.\n${fence('diff', 'Plan: no\n' + DIFF)}`);
    assert.equal(a.plan, 'The bug is an off-by-one in range.');
  });

  it('does not take the file path line above a block as the plan', () => {
    assert.equal(parseAnswer(`**src/a.js**\n${fence('js', BLOCK)}`).plan, undefined);
    assert.equal(parseAnswer(`Return b instead.\n\nsrc/a.js\n${fence('js', BLOCK)}`).plan, 'Return b instead.');
  });

  it('has no plan when the answer starts with code', () => {
    assert.equal(parseAnswer(fence('diff', DIFF)).plan, undefined);
  });

  it('clips a long plan to about 200 characters', () => {
    const a = parseAnswer(`Plan: ${'change the loop bound '.repeat(30)}\n${fence('diff', DIFF)}`);
    assert.ok(a.plan!.length <= 200, `${a.plan!.length}`);
    assert.ok(a.plan!.endsWith('…'));
  });
});
