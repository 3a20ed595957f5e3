import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseReviewPath, reviewPath, type ReviewRef } from '../../src/extension/review/uris';

describe('review document paths', () => {
  test('round trip: search, node and file name the document', () => {
    const refs: ReviewRef[] = [
      { kind: 'base', searchId: 'm3x-1a2b3c', path: 'src/range.js' },
      { kind: 'candidate', searchId: 'm3x-1a2b3c', nodeId: 'n12', path: 'src/deep/dir/file with space.ts' },
      { kind: 'output', searchId: 'm3x-1a2b3c', nodeId: 'root' },
    ];
    for (const ref of refs) assert.deepEqual(parseReviewPath(reviewPath(ref)), ref);
    assert.equal(reviewPath(refs[1]!), '/m3x-1a2b3c/node/n12/src/deep/dir/file with space.ts', 'the file name ends the path, so tabs show it');
  });

  test('nothing but ids and a relative path fits; no content travels in the URI', () => {
    assert.throws(() => reviewPath({ kind: 'base', searchId: '../etc', path: 'x' }));
    assert.throws(() => reviewPath({ kind: 'base', searchId: 's', path: '../outside' }));
    assert.throws(() => reviewPath({ kind: 'candidate', searchId: 's', nodeId: 'n/1', path: 'x' }));
    for (const bad of ['', 'relative/x', '/s', '/s/base', '/s/base/a/../b', '/s/node/n1', '/s/other/n1/x', '/../base/x', '/s/output/n1/a/b']) {
      assert.equal(parseReviewPath(bad), undefined, bad);
    }
  });
});
