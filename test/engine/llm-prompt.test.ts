import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPrompt, estimateTokens } from '../../src/engine/llm';
import { headTail, trimContent } from '../../src/engine/llm/trim';
import { BUGGY_RANGE_REPO, RANGE_FIX_DIFF } from '../support/repo';

const failure = [
  'not ok 1 - range includes both ends',
  '  error: Expected values to be strictly deep-equal',
  '  stack: TestContext.<anonymous> (/tmp/ws/test/range.test.js:7:10)',
].join('\n');
const files = [
  { path: 'src/range.js', content: BUGGY_RANGE_REPO['src/range.js']! },
  { path: 'test/range.test.js', content: BUGGY_RANGE_REPO['test/range.test.js']!, readOnly: true },
];

test('a first prompt carries the format, the task, the failure output and the files', () => {
  const [system, user, ...rest] = buildPrompt({ task: 'range() must include its end', failureOutput: failure, files, protectedNote: 'Test files may not be edited.' });
  assert.equal(rest.length, 0);
  assert.equal(system?.role, 'system');
  assert.equal(user?.role, 'user');
  for (const marker of ['Plan:', '<<<<<<< SEARCH', '=======', '>>>>>>> REPLACE', '```diff', 'Never edit test files']) {
    assert.ok(system!.content.includes(marker), `system prompt mentions ${marker}`);
  }
  const u = user!.content;
  assert.match(u, /## Task\nrange\(\) must include its end/);
  assert.ok(u.includes(failure), 'failure output verbatim');
  assert.ok(u.includes(BUGGY_RANGE_REPO['src/range.js']!), 'source file verbatim');
  assert.ok(u.includes(BUGGY_RANGE_REPO['test/range.test.js']!), 'test file verbatim');
  assert.match(u, /### test\/range\.test\.js \(read-only\)/);
  assert.match(u, /Read-only \(do not edit\): test\/range\.test\.js/);
  assert.match(u, /Test files may not be edited\./);
  assert.ok(!u.includes('previous attempt'), 'no refinement part in a first prompt');
});

test('an empty task falls back to the failing tests', () => {
  const [, user] = buildPrompt({ task: '  ', failureOutput: failure, files });
  assert.match(user!.content, /## Task\nMake the failing tests below pass\./);
});

test('a refinement prompt carries the parent patch, its plan and output, and asks for a patch against the originals', () => {
  const parentOutput = 'not ok 2 - range of one\n  error: Expected [2] got []';
  const [, user] = buildPrompt({
    task: 'range() must include its end',
    failureOutput: failure,
    files,
    parent: { diff: RANGE_FIX_DIFF, failureOutput: parentOutput, plan: 'Use <= in the loop.' },
  });
  const u = user!.content;
  assert.ok(u.includes(RANGE_FIX_DIFF.trimEnd()), 'parent diff');
  assert.ok(u.includes(parentOutput), 'parent failure output');
  assert.match(u, /Its plan: Use <= in the loop\./);
  assert.match(u, /against the ORIGINAL files/);
  assert.match(u, /NOT applied/);
  assert.ok(u.indexOf('previous attempt') > u.indexOf('### src/range.js'), 'files first, then the attempt');
});

test('file contents cannot close the fence they are shown in', () => {
  const tricky = 'const md = `\n```\n`;\n// ```` four\n';
  const [, user] = buildPrompt({ task: 't', files: [{ path: 'src/md.js', content: tricky }] });
  assert.match(user!.content, /`````js\nconst md/);
  assert.ok(user!.content.includes(tricky + '`````'));
});

test('a prompt over maxPromptBytes trims files around the cited lines', () => {
  const big = Array.from({ length: 4000 }, (_, i) => (i === 3199 ? 'function broken() { return NaN; } // CITED' : `const filler${i} = ${i};`)).join('\n');
  const out = 'TypeError: x\n    at broken (/tmp/ws/src/big.js:3200:12)';
  const messages = buildPrompt({ task: 'fix broken', failureOutput: out, files: [{ path: 'src/big.js', content: big }, ...files], maxPromptBytes: 20_000 });
  const total = messages.reduce((s, m) => s + Buffer.byteLength(m.content), 0);
  assert.ok(total <= 20_000, `prompt is ${total} bytes`);
  const u = messages[1]!.content;
  assert.match(u, /CITED/);
  assert.match(u, /\[\.\.\. lines \d+-\d+ omitted \.\.\.\]/);
  assert.ok(u.includes(BUGGY_RANGE_REPO['src/range.js']!), 'small files stay whole');
  assert.ok(estimateTokens(u) < 6_000);
});

test('trimContent keeps anchors and the head; headTail keeps both ends', () => {
  const text = Array.from({ length: 200 }, (_, i) => `line ${i + 1}`).join('\n');
  const cut = trimContent(text, 400, [150]);
  assert.ok(Buffer.byteLength(cut) <= 400);
  assert.match(cut, /^line 150$/m);
  assert.match(cut, /^line 1$/m);
  assert.doesNotMatch(cut, /^line 100$/m);
  assert.equal(trimContent(text, 10_000, [3]), text, 'small enough: unchanged');

  const log = Array.from({ length: 1000 }, (_, i) => `log ${i}`).join('\n');
  const ht = headTail(log, 300);
  assert.ok(Buffer.byteLength(ht) <= 300);
  assert.match(ht, /^log 0$/m);
  assert.match(ht, /^log 999$/m);
  assert.match(ht, /lines cut/);
});
