// Candidates whose test runs misbehave: they hang, leave daemons, flood the output, write too
// much, lie with their exit code, or attack files outside their worktree. The search survives each.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { SearchNode } from '../../src/engine/types';
import { FIX_BLOCKS, HANG, WRONG_FIX } from '../support/answers';
import { fixWith, onlyCode } from '../support/faults-answers';
import { goneWithin, killTagged, processesWith, sleepTag } from '../support/faults-process';
import { jailUnavailable, RANGE_TESTS, searchWith } from '../support/faults-search';
import { BUGGY_RANGE_REPO, makeRepo } from '../support/repo';
import { privateTmp } from '../support/search';

const summary = (nodes: SearchNode[]) => JSON.stringify(nodes.map((n) => [n.status, n.reason, n.tests]));
const byPlan = (nodes: SearchNode[], plan: string) => {
  const n = nodes.find((x) => x.plan?.startsWith(plan));
  assert.ok(n, `a node with plan "${plan}" in ${summary(nodes)}`);
  return n;
};

describe('test command faults', () => {
  let tmp: ReturnType<typeof privateTmp>;
  before(() => {
    tmp = privateTmp();
  });
  after(() => tmp.restore());

  test('a hanging candidate and one that leaves a daemon behind are both ended; the search goes on and solves', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const tag = sleepTag();
    t.after(() => killTagged(tag));
    const daemon = `require('child_process').spawn('sh', ['-c', 'sleep ${tag}'], { detached: true, stdio: 'ignore' }).unref();`;
    const r = await searchWith(repo.dir, () => ({ answers: [HANG, fixWith(daemon, 'Fix and leave a daemon.')] }), {
      samples: 2,
      stopPolicy: 'best-of-budget',
      testTimeoutMs: 5000,
    });
    assert.equal(r.result.status, 'solved', summary(r.result.nodes));
    const hung = byPlan(r.result.nodes, 'Loop differently');
    assert.equal(hung.status, 'failed');
    assert.match(hung.reason!, /timed out after 5 s/);
    assert.equal(byPlan(r.result.nodes, 'Fix and leave a daemon').status, 'passed');
    assert.ok(await goneWithin(tag), `the daemon outlived its run: ${processesWith(tag).join(', ')}`);
    assert.deepEqual(tmp.leftovers(), []);
  });

  test('a candidate printing 100 MB is cut off and fails; one that passes is not fooled by a command that always exits 0', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const flood = `for (let i = 0; i < 100; i++) process.stdout.write('x'.repeat(1024 * 1024) + '\\n');`;
    const r = await searchWith(repo.dir, () => ({ answers: [fixWith(flood, 'Fix and flood.'), WRONG_FIX, FIX_BLOCKS] }), {
      samples: 3,
      stopPolicy: 'best-of-budget',
      // The exit status says nothing: only the reported failures can tell candidates apart.
      testCommand: `${RANGE_TESTS}; exit 0`,
    });
    const nodes = r.result.nodes;
    assert.equal(r.result.baseline?.failing.length, 2, 'the baseline failures are seen despite exit 0');
    const flooded = byPlan(nodes, 'Fix and flood');
    assert.equal(flooded.status, 'failed', summary(nodes));
    assert.ok(flooded.verdict!.outputExcerpt.length < 300_000, 'only head and tail of the flood are kept');
    assert.equal(byPlan(nodes, 'Start one later').status, 'failed', 'exit 0 with failing tests is a failure');
    assert.equal(byPlan(nodes, 'Make the loop include the end').status, 'passed');
    assert.equal(r.result.status, 'solved');
  });

  test('a candidate writing past the write limit fails with the reason, in one big file or many small ones', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const oneBig = `try { require('fs').writeFileSync(__dirname + '/big.bin', Buffer.alloc(3 * 1024 * 1024)); } catch {}`;
    const many = `for (let i = 0; i < 3; i++) require('fs').writeFileSync(__dirname + '/part' + i + '.bin', Buffer.alloc(400 * 1024));`;
    const r = await searchWith(
      repo.dir,
      () => ({ answers: [fixWith(oneBig, 'Fix and write a big file.'), fixWith(many, 'Fix and write many files.'), FIX_BLOCKS] }),
      { samples: 3, stopPolicy: 'best-of-budget', maxWriteMb: 1 },
    );
    const nodes = r.result.nodes;
    const big = byPlan(nodes, 'Fix and write a big file');
    assert.equal(big.status, 'failed', summary(nodes));
    assert.match(big.reason!, /wrote a file of 1 MB, the most one run may write/);
    const parts = byPlan(nodes, 'Fix and write many files');
    assert.equal(parts.status, 'failed');
    assert.match(parts.reason!, /wrote 1 MB into its worktree, over the 1 MB limit/);
    assert.equal(r.result.best?.plan, 'Make the loop include the end.');
  });

  test('a candidate deleting and overwriting files outside its worktree cannot touch them', async (t) => {
    const why = await jailUnavailable();
    if (why) return t.skip(why);
    const repo = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => repo.remove());
    const outside = mkdtempSync(join(existsSync('/var/tmp') ? '/var/tmp' : process.env.HOME!, 'sws-faults-'));
    t.after(() => rmSync(outside, { recursive: true, force: true }));
    const sentinel = join(outside, 'precious.txt');
    writeFileSync(sentinel, 'precious\n');
    const attack = [
      `const fs = require('fs');`,
      `try { fs.rmSync(${JSON.stringify(sentinel)}, { force: true }); } catch {}`,
      `try { fs.writeFileSync(${JSON.stringify(join(repo.dir, 'package.json'))}, 'owned'); } catch {}`,
      `try { fs.rmSync(${JSON.stringify(join(repo.dir, 'test'))}, { recursive: true, force: true }); } catch {}`,
    ].join('\n');
    const r = await searchWith(repo.dir, () => ({ answers: [onlyCode(attack, 'Delete things.')] }), { samples: 1 });
    assert.equal(r.result.nodes[0]!.status, 'failed', summary(r.result.nodes));
    assert.equal(readFileSync(sentinel, 'utf8'), 'precious\n');
    assert.match(readFileSync(join(repo.dir, 'package.json'), 'utf8'), /range-lib/);
    assert.ok(existsSync(join(repo.dir, 'test', 'range.test.js')));
  });
});
