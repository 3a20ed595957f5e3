import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SearchNode } from '../../src/engine/types';
import { TreeModel } from '../../src/shared/treeModel';
import { finished, node, started } from '../support/extension-events';

const ids = (model: TreeModel) => model.rows().map((r) => r.key);

describe('reasoning tree view-model', () => {
  test('events become rows: the task, then rounds, then candidates in creation order', () => {
    const m = new TreeModel();
    m.apply(started());
    m.apply({ type: 'node', node: node('root', { status: 'testing' }) });
    m.apply({ type: 'node', node: node('n2') });
    m.apply({ type: 'node', node: node('n1') });
    m.apply({ type: 'node', node: node('n10', { round: 2, parent: 'n1' }) });
    m.apply({ type: 'node', node: node('n3', { round: 2, parent: 'n1' }) });
    assert.deepEqual(ids(m), ['root', 'round-1', 'n1', 'n2', 'round-2', 'n3', 'n10']);
    const round1 = m.rows().find((r) => r.key === 'round-1');
    assert.equal(round1?.kind === 'round' && round1.count, 2);
    assert.equal(m.search?.status, 'running');
    assert.equal(m.search?.searchId, 's1');
  });

  test('one node event changes exactly that node, with the engine\'s fields', () => {
    const m = new TreeModel();
    m.apply(started());
    m.apply({ type: 'node', node: node('n1') });
    m.apply({ type: 'node', node: node('n2') });
    const before = m.node('n2');
    const change = m.apply({
      type: 'node',
      node: node('n1', { status: 'failed', plan: 'Use <=', tests: { passed: 2, failed: 1, total: 3 }, reward: 0.5, tokens: { prompt: 900, completion: 120 }, costUsd: 0.002 }),
    });
    assert.equal(change.search, false);
    assert.deepEqual(change.nodes.map((n) => n.id), ['n1']);
    const n1 = m.node('n1')!;
    assert.equal(n1.status, 'failed');
    assert.equal(n1.plan, 'Use <=');
    assert.deepEqual(n1.tests, { passed: 2, failed: 1, total: 3 });
    assert.equal(n1.reward, 0.5);
    assert.deepEqual(n1.tokens, { prompt: 900, completion: 120 });
    assert.equal(m.node('n2'), before, 'the other node is untouched');
    assert.deepEqual(ids(m), ['root', 'round-1', 'n1', 'n2'], 'an update does not reorder');
  });

  test('the view copies what it keeps: later engine mutations do not leak in', () => {
    const m = new TreeModel();
    const engineNode = node('n1', { files: ['a.js'], tests: { passed: 1, failed: 0, total: 1 } });
    m.apply({ type: 'node', node: engineNode });
    engineNode.files!.push('b.js');
    engineNode.tests!.passed = 0;
    assert.deepEqual(m.node('n1')!.files, ['a.js']);
    assert.equal(m.node('n1')!.tests!.passed, 1);
  });

  test('the winner is marked when the search finishes, with its reasons and the final status', () => {
    const m = new TreeModel();
    m.apply(started());
    const n1 = node('n1', { status: 'failed', reward: 0.3 });
    const n2 = node('n2', { status: 'passed', reward: 1 });
    m.apply({ type: 'node', node: n1 });
    m.apply({ type: 'node', node: n2 });
    assert.equal(m.rows().some((r) => r.kind === 'node' && r.winner), false, 'no winner while running');
    const change = m.apply(finished(n2, [n1, n2]));
    assert.equal(change.search, true);
    const winners = m.rows().filter((r) => r.kind === 'node' && r.winner).map((r) => r.key);
    assert.deepEqual(winners, ['n2']);
    assert.equal(m.isWinner('n1'), false);
    assert.equal(m.search?.status, 'solved');
    assert.deepEqual(m.search?.why, ['passes 3/3 tests', 'no regressions']);
    assert.equal(m.search?.stopReason, 'n1 passed every test (first-pass)');
    assert.equal(m.search?.stats?.testRuns, 2);
  });

  test('an unsolved search has no winner; an error carries its message', () => {
    const m = new TreeModel();
    m.apply(started());
    m.apply({ type: 'node', node: node('n1', { status: 'failed' }) });
    const result = finished(null, [node('n1', { status: 'failed' })], 'error');
    if (result.type === 'search-finished') result.result.error = 'git is missing';
    m.apply(result);
    assert.equal(m.search?.bestId, undefined);
    assert.equal(m.search?.status, 'error');
    assert.equal(m.search?.error, 'git is missing');
  });

  test('collapsed rounds hide their candidates; a collapsed root hides everything', () => {
    const m = new TreeModel();
    m.apply(started());
    for (const id of ['n1', 'n2']) m.apply({ type: 'node', node: node(id) });
    m.apply({ type: 'node', node: node('n3', { round: 2 }) });
    assert.deepEqual(m.rows(new Set(['round-1'])).map((r) => r.key), ['root', 'round-1', 'round-2', 'n3']);
    assert.deepEqual(m.rows(new Set(['root'])).map((r) => r.key), ['root']);
  });

  test('500 nodes: each update touches one node; rows stay complete and ordered', () => {
    const m = new TreeModel();
    m.apply(started());
    const all: SearchNode[] = [];
    for (let i = 1; i <= 500; i++) {
      const n = node(`n${i}`, { round: Math.ceil(i / 100) });
      all.push(n);
      const change = m.apply({ type: 'node', node: n });
      assert.equal(change.nodes.length, 1);
    }
    for (const n of all) {
      const change = m.apply({ type: 'node', node: { ...n, status: n.id === 'n250' ? 'passed' : 'failed', reward: 0.1 } });
      assert.deepEqual(change.nodes.map((x) => x.id), [n.id]);
    }
    m.apply(finished({ ...all[249]!, status: 'passed' }, all));
    const rows = m.rows();
    assert.equal(rows.length, 1 + 5 + 500);
    assert.deepEqual(rows.filter((r) => r.kind === 'round').map((r) => r.key), ['round-1', 'round-2', 'round-3', 'round-4', 'round-5']);
    const nodeRows = rows.filter((r) => r.kind === 'node');
    assert.deepEqual(nodeRows.map((r) => r.key), all.map((n) => n.id));
    assert.deepEqual(nodeRows.filter((r) => r.kind === 'node' && r.winner).map((r) => r.key), ['n250']);
    assert.equal(nodeRows.filter((r) => r.kind === 'node' && r.node.status === 'failed').length, 499);
  });

  test('a model rebuilt from a snapshot equals the original (webview state and reload)', () => {
    const m = new TreeModel();
    m.apply(started());
    m.apply({ type: 'node', node: node('n1', { status: 'passed' }) });
    m.apply(finished(node('n1', { status: 'passed' }), [node('n1', { status: 'passed' })]));
    const copy = new TreeModel(JSON.parse(JSON.stringify(m.snapshot())));
    assert.deepEqual(copy.rows(), m.rows());
  });
});
