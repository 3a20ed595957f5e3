// A library whose suite passes and a missing feature described in words, with scripted model
// answers: reproduction tests (good, passing, broken) and candidates (the fix, a no-op, a cheat).
import type { FakeReply, FakeRequest } from './fake-openai';

export const SLUG_TASK = "Add a `separator` option to slugify: slugify('Hello World', { separator: '_' }) must return 'hello_world'. The default stays '-'.";

export const SLUG_REPO: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'slug-lib', version: '1.0.0', scripts: { test: 'node --test' } }, null, 2) + '\n',
  'src/slugify.js': [
    "'use strict';",
    '/** Lower-case words joined by dashes. */',
    'function slugify(text) {',
    '  return text',
    '    .trim()',
    '    .toLowerCase()',
    "    .replace(/[^a-z0-9]+/g, '-')",
    "    .replace(/^-+|-+$/g, '');",
    '}',
    '',
    'module.exports = { slugify };',
    '',
  ].join('\n'),
  'test/slugify.test.js': [
    "'use strict';",
    "const test = require('node:test');",
    "const assert = require('node:assert');",
    "const { slugify } = require('../src/slugify.js');",
    '',
    "test('joins words with dashes', () => {",
    "  assert.strictEqual(slugify('Hello World'), 'hello-world');",
    '});',
    '',
    "test('trims punctuation', () => {",
    "  assert.strictEqual(slugify('  Hi, there!  '), 'hi-there');",
    '});',
    '',
  ].join('\n'),
};

const fence = (code: string) => `\`\`\`js\n${code}\`\`\`\n`;

const HEADER = "'use strict';\nconst test = require('node:test');\nconst assert = require('node:assert');\nconst { slugify } = require('../../src/slugify.js');\n\n";

/** Fails on the snapshot with an assertion: a valid reproduction test. */
export const REPRO_GOOD = fence(`${HEADER}test('separator option', () => {\n  assert.strictEqual(slugify('Hello World', { separator: '_' }), 'hello_world');\n});\n`);

/** The same test with different spacing: merged into REPRO_GOOD. */
export const REPRO_GOOD_SPACED = `Here it is.\n\n${fence(`${HEADER}\n\ntest('separator option', () => {\n    assert.strictEqual(slugify('Hello World', { separator: '_' }),   'hello_world');\n});\n`)}`;

/** Passes on the snapshot: it reproduces nothing. */
export const REPRO_PASSING = fence(`${HEADER}test('default separator', () => {\n  assert.strictEqual(slugify('Hello World'), 'hello-world');\n});\n`);

/** Does not compile. */
export const REPRO_SYNTAX = fence(`${HEADER}test('separator option', () => {\n  assert.strictEqual(slugify('Hello World', { separator: '_' }, 'hello_world');\n});\n`);

/** Implements the option: passes the suite and the reproduction test. */
export const SLUG_FIX = `Plan: Join words with the separator option, '-' by default.

src/slugify.js
\`\`\`js
<<<<<<< SEARCH
function slugify(text) {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
=======
function slugify(text, options = {}) {
  const sep = options.separator ?? '-';
  return text
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, sep)
    .split(sep)
    .filter(Boolean)
    .join(sep);
}
>>>>>>> REPLACE
\`\`\`
`;

/** Keeps the suite passing and fixes nothing. */
export const SLUG_NOOP = `Plan: Document the function.

src/slugify.js
\`\`\`js
<<<<<<< SEARCH
/** Lower-case words joined by dashes. */
=======
/** Lower-case words joined by dashes (URL-safe). */
>>>>>>> REPLACE
\`\`\`
`;

/** Rewrites the reproduction test instead of the code. */
export const SLUG_EDIT_REPRO = `Plan: Relax the new test.

\`\`\`diff
--- a/test/__repro__/r1.test.js
+++ b/test/__repro__/r1.test.js
@@ -5,3 +5,3 @@
 test('separator option', () => {
-  assert.strictEqual(slugify('Hello World', { separator: '_' }), 'hello_world');
+  assert.strictEqual(slugify('Hello World', { separator: '_' }), 'hello-world');
 });
\`\`\`
`;

/** True for the request that asks for reproduction tests. */
export function asksForTests(req: FakeRequest): boolean {
  return String(req.body.messages?.[0]?.content ?? '').startsWith('You write one reproduction test');
}

/** Replies with `tests` to the request for tests and with `candidates` to every other one. */
export function scripted(tests: string[], candidates: string[]): (req: FakeRequest) => FakeReply {
  return (req) => ({ answers: asksForTests(req) ? tests : candidates });
}
