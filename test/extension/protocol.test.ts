import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fromWebviewSchema, parseFromWebview, toWebviewSchema, type ToWebview } from '../../src/shared/protocol';
import { TreeModel } from '../../src/shared/treeModel';
import { node, started } from '../support/extension-events';

describe('webview protocol', () => {
  test('accepts every well-formed message from the webview', () => {
    assert.deepEqual(parseFromWebview({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseFromWebview({ type: 'ready', searchId: 'abc-1' }), { type: 'ready', searchId: 'abc-1' });
    for (const action of ['apply', 'diff', 'output'] as const) {
      assert.deepEqual(parseFromWebview({ type: 'action', action, searchId: 's1', nodeId: 'n3' }), { type: 'action', action, searchId: 's1', nodeId: 'n3' });
    }
  });

  test('rejects malformed, unknown and oversized messages', () => {
    const bad: unknown[] = [
      undefined,
      null,
      'ready',
      42,
      {},
      { type: 'unknown' },
      { type: 'action', action: 'delete', searchId: 's1', nodeId: 'n1' },
      { type: 'action', action: 'apply', searchId: 's1' },
      { type: 'action', action: 'apply', searchId: '', nodeId: 'n1' },
      { type: 'action', action: 'apply', searchId: 's1', nodeId: 7 },
      { type: 'action', action: 'apply', searchId: 's1', nodeId: 'n'.repeat(101) },
      { type: 'ready', searchId: 5 },
    ];
    for (const msg of bad) assert.equal(parseFromWebview(msg), undefined, JSON.stringify(msg));
  });

  test('strips unknown fields instead of passing them on', () => {
    const parsed = fromWebviewSchema.parse({ type: 'action', action: 'diff', searchId: 's', nodeId: 'n1', command: 'rm -rf /' });
    assert.deepEqual(Object.keys(parsed).sort(), ['action', 'nodeId', 'searchId', 'type']);
  });

  test('what the extension sends conforms to its schema', () => {
    const model = new TreeModel();
    model.apply(started());
    model.apply({ type: 'node', node: node('n1', { status: 'passed', tests: { passed: 3, failed: 0, total: 3 }, reward: 1, diff: '--- a/x\n+++ b/x\n' }) });
    const snap = model.snapshot();
    const messages: ToWebview[] = [
      { type: 'reset', search: snap.search, nodes: snap.nodes, live: true },
      { type: 'reset', search: null, nodes: [], live: false },
      { type: 'nodes', searchId: 's1', nodes: snap.nodes },
      { type: 'search', search: snap.search! },
      { type: 'applyResult', searchId: 's1', nodeId: 'n1', ok: true, message: 'Applied.' },
      { type: 'live', live: false },
    ];
    for (const m of messages) assert.doesNotThrow(() => toWebviewSchema.parse(m), m.type);
    assert.throws(() => toWebviewSchema.parse({ type: 'nodes', searchId: 's1', nodes: [{ id: 'n1', status: 'weird' }] }));
  });
});
