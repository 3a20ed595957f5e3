import assert from 'node:assert/strict';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { resolveOptions, type SearchOptions } from '../../src/engine/options';
import { runSearch } from '../../src/engine/search';
import { MutationSource } from '../../src/engine/sources/mutation';
import type { SearchResult } from '../../src/engine/types';
import { bug, libraryFiles, plant } from '../support/mutation-fixtures';
import { makeRepo, type TempRepo } from '../support/repo';
import { privateTmp } from '../support/search';

async function search(repo: TempRepo, testCommand: string, options: Partial<SearchOptions> = {}): Promise<SearchResult> {
  const opts = resolveOptions({ workspace: repo.dir, testCommand, samples: 8, rounds: 3, concurrency: 1, apply: true, ...options });
  return runSearch(opts, { source: new MutationSource() });
}

/** No candidate ever touched a test file. */
function assertTestsUntouched(r: SearchResult): void {
  for (const n of r.nodes) for (const f of n.files ?? []) assert.ok(!f.startsWith('test/'), `${n.id} changed ${f}`);
}

describe('mutation search through the real engine', () => {
  let tmp: ReturnType<typeof privateTmp>;
  before(() => {
    tmp = privateTmp();
  });
  after(() => tmp.restore());

  // One planted bug per operator family, each in a library with a real node:test suite.
  const cases: Array<{ id: string; tests: string; plan: RegExp; exact?: boolean }> = [
    { id: 'touching-ranges', tests: 'test/duration.test.js', plan: /^src\/duration\.js:37 `aStart <= bEnd` → `aStart < bEnd` \(comparison\)$/ },
    { id: 'add-days-direction', tests: 'test/calendar.test.js', plan: /^src\/calendar\.js:19 `date\.getTime\(\) - days \* MS_PER_DAY` → `date\.getTime\(\) \+ days \* MS_PER_DAY` \(arithmetic\)$/ },
    { id: 'lru-capacity-check', tests: 'test/lru.test.js', plan: /src\/lru\.js:6 .*`&&` → `\|\|`|src\/lru\.js:6 .*\(logical\)$/ },
    { id: 'median-parity', tests: 'test/array.test.js', plan: /src\/array\.js:29 .*\(off-by-one\)$/ },
    { id: 'partition-sides', tests: 'test/array.test.js', plan: /src\/array\.js:21 `!pred\(x\)` → `pred\(x\)` \(negate-condition\)$/ },
    // `size + i` is as right as the original `i + size`.
    { id: 'chunk-end', tests: 'test/array.test.js', plan: /src\/array\.js:6 `i \+ i` → `(i \+ size|size \+ i)` \(wrong-variable\)$/, exact: false },
    { id: 'get-in-missing', tests: 'test/array.test.js', plan: /src\/array\.js:35 .*\(null-guard\)$/ },
    { id: 'truncate-slice', tests: 'test/layout.test.js', plan: /src\/layout\.js:28 .*\(swap-arguments\)$/ },
  ];
  for (const c of cases) {
    const b = bug(c.id);
    test(`fixes a planted ${b.op} bug (${b.id}) and applies the fix`, async (t) => {
      const repo = makeRepo(plant(b));
      t.after(() => repo.remove());
      const r = await search(repo, `node ${c.tests}`);
      assert.equal(r.status, 'solved', `${r.stopReason}; tried: ${r.nodes.map((n) => `${n.status} ${n.plan}`).join(' | ')}`);
      assert.equal(r.applied, true);
      assert.equal(r.best!.source, 'mutation');
      assert.match(r.best!.plan!, c.plan);
      const now = readFileSync(join(repo.dir, b.file), 'utf8');
      if (c.exact === false) assert.ok(!now.includes(b.buggy), 'the bug is gone');
      else assert.equal(now, libraryFiles(b.lib)[b.file]);
      assert.equal(r.stats.llmRequests, 0);
      assert.equal(r.stats.costUsd, 0);
      assertTestsUntouched(r);
    });
  }

  test('a bug no single edit fixes ends unsolved within the budget; the workspace is untouched', async (t) => {
    const b = bug('lru-keys-order');
    const files = plant(b);
    const repo = makeRepo(files);
    t.after(() => repo.remove());
    const head = repo.git('rev-parse', 'HEAD');
    const r = await search(repo, 'node test/lru.test.js', { samples: 2, rounds: 2 });
    assert.equal(r.status, 'unsolved');
    assert.equal(r.applied, false);
    assert.equal(r.nodes.length, 4, 'two rounds of two candidates, then the search stops');
    assert.equal(r.stats.testRuns, 4);
    assert.equal(readFileSync(join(repo.dir, b.file), 'utf8'), files[b.file]);
    assert.equal(repo.git('status', '--porcelain'), '');
    assert.equal(repo.git('rev-parse', 'HEAD'), head);
    assertTestsUntouched(r);
  });

  test('with every test passing there is nothing to aim at: no candidate is tested', async (t) => {
    const repo = makeRepo(libraryFiles('collections'));
    t.after(() => repo.remove());
    const r = await search(repo, 'node test/queue.test.js', { samples: 2, rounds: 1, task: 'make it faster' });
    assert.equal(r.stats.testRuns, 0);
    assert.notEqual(r.status, 'solved');
    assert.match(r.nodes[0]!.reason!, /needs a failing test/);
  });

  test('TypeScript sources are parsed and mutated', async (t) => {
    const repo = makeRepo({
      '.gitignore': 'node_modules\n',
      'src/range.ts': [
        'export interface Range { lo: number; hi: number }',
        'type Inclusive = Range & { closed: true };',
        '',
        '/** Half-open: the low end is in, the high end is out. */',
        'export function inRange(x: number, r: Range | Inclusive): boolean {',
        '  const ends: Array<number> = [r.lo, r.hi];',
        '  return x > ends[0]! && x < ends[1]!;',
        '}',
        '',
      ].join('\n'),
      'test/range.test.ts': [
        "import test from 'node:test';",
        "import assert from 'node:assert/strict';",
        "import { inRange } from '../src/range';",
        '',
        "test('inside', () => assert.equal(inRange(5, { lo: 0, hi: 10 }), true));",
        "test('the low end is in', () => assert.equal(inRange(0, { lo: 0, hi: 10 }), true));",
        "test('the high end is out', () => assert.equal(inRange(10, { lo: 0, hi: 10 }), false));",
        '',
      ].join('\n'),
    });
    t.after(() => repo.remove());
    // The tests run TypeScript through tsx, shared into the worktrees like any node_modules.
    symlinkSync(join(__dirname, '..', '..', 'node_modules'), join(repo.dir, 'node_modules'));
    const r = await search(repo, 'node --import tsx test/range.test.ts');
    assert.equal(r.status, 'solved', r.nodes.map((n) => `${n.status} ${n.plan}`).join(' | '));
    assert.equal(r.best!.plan, 'src/range.ts:7 `x > ends[0]!` → `x >= ends[0]!` (comparison)');
    const now = readFileSync(join(repo.dir, 'src/range.ts'), 'utf8');
    assert.match(now, /return x >= ends\[0\]! && x < ends\[1\]!;/);
    assert.match(now, /^export interface Range \{ lo: number; hi: number \}\ntype Inclusive = Range & \{ closed: true \};$/m, 'types are as they were');
  });
});
