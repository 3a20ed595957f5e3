'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { pageCount, pageItems, pageWindow } = require('../src/pagination.js');

const letters = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

test('pageCount rounds up', () => {
  assert.strictEqual(pageCount(7, 3), 3);
  assert.strictEqual(pageCount(6, 3), 2);
  assert.strictEqual(pageCount(0, 3), 0);
});

test('pageCount rejects a zero page size', () => {
  assert.throws(() => pageCount(7, 0), RangeError);
});

test('first page', () => {
  assert.deepStrictEqual(pageItems(letters, 1, 3), ['a', 'b', 'c']);
});

test('last page holds the remainder', () => {
  assert.deepStrictEqual(pageItems(letters, 3, 3), ['g']);
});

test('a single full page', () => {
  assert.deepStrictEqual(pageItems(['x', 'y'], 1, 2), ['x', 'y']);
});

test('pages outside the range are empty', () => {
  assert.deepStrictEqual(pageItems(letters, 0, 3), []);
  assert.deepStrictEqual(pageItems(letters, 4, 3), []);
});

test('window is centred and clamped', () => {
  assert.deepStrictEqual(pageWindow(5, 10, 3), [4, 5, 6]);
  assert.deepStrictEqual(pageWindow(1, 10, 3), [1, 2, 3]);
  assert.deepStrictEqual(pageWindow(10, 10, 3), [8, 9, 10]);
});
