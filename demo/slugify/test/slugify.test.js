'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { slugify } = require('../src/slugify.js');

test('joins words with dashes', () => {
  assert.strictEqual(slugify('Hello World'), 'hello-world');
});

test('drops punctuation at the ends', () => {
  assert.strictEqual(slugify('  Hi, there!  '), 'hi-there');
});

test('keeps digits', () => {
  assert.strictEqual(slugify('Top 10 Tips'), 'top-10-tips');
});
