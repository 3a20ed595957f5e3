import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createOpenAIProvider } from '../../src/engine/llm';
import { resolveOptions, type SearchOptions } from '../../src/engine/options';
import { runSearch } from '../../src/engine/search';
import { MixedSource } from '../../src/engine/sources/mixed';
import { ModelSource } from '../../src/engine/sources/model';
import { MutationSource } from '../../src/engine/sources/mutation';
import { UserError, type SearchResult } from '../../src/engine/types';
import { startFakeOpenAI, type FakeReply, type FakeServer } from '../support/fake-openai';
import { BUGGY_RANGE_REPO, makeRepo } from '../support/repo';
import { privateTmp } from '../support/search';

// The range library with a second bug: sum subtracts. No single edit fixes both.
const TWO_BUGS: Record<string, string> = {
  ...BUGGY_RANGE_REPO,
  'src/range.js': BUGGY_RANGE_REPO['src/range.js']!.replace('(a, b) => a + b', '(a, b) => a - b'),
};

// The model fixes sum (the bug mutations rank lower) and misses the range.
const MODEL_SUM_FIX = `Plan: Add instead of subtracting.

src/range.js
\`\`\`js
<<<<<<< SEARCH
  return xs.reduce((a, b) => a - b, 0);
=======
  return xs.reduce((a, b) => a + b, 0);
>>>>>>> REPLACE
\`\`\`
`;

async function mixedSearch(files: Record<string, string>, reply: FakeReply, options: Partial<SearchOptions>, share?: number): Promise<{ r: SearchResult; server: FakeServer }> {
  const repo = makeRepo(files);
  const server = await startFakeOpenAI({ reply: () => reply });
  try {
    const provider = createOpenAIProvider({ baseURL: server.url, apiKey: '', model: 'scripted', maxRetries: 0 });
    const source = new MixedSource(new ModelSource(provider), new MutationSource(), share === undefined ? {} : { mutationShare: share });
    const opts = resolveOptions({ workspace: repo.dir, testCommand: 'node test/range.test.js', concurrency: 2, ...options });
    return { r: await runSearch(opts, { source }), server };
  } finally {
    await server.close();
    repo.remove();
  }
}

describe('model and mutations side by side', () => {
  let tmp: ReturnType<typeof privateTmp>;
  before(() => {
    tmp = privateTmp();
  });
  after(() => tmp.restore());

  test('a round is split between the sources, each node says where it came from, and mutation refines the model\'s candidate', async () => {
    const { r, server } = await mixedSearch(TWO_BUGS, { answers: [MODEL_SUM_FIX] }, { samples: 4, rounds: 2 });
    const first = r.nodes.filter((n) => n.round === 1);
    assert.deepEqual(first.map((n) => n.source), ['mutation', 'mutation', 'model', 'model']);
    assert.equal(server.requests[0]!.body.n, 2, 'the model is asked for its half only');
    for (const n of first.filter((x) => x.source === 'mutation')) assert.match(n.plan!, /^src\/range\.js:\d+ .*\((comparison|arithmetic|off-by-one)\)$/);
    const modelNode = first.find((n) => n.source === 'model' && n.status === 'failed');
    assert.ok(modelNode, r.nodes.map((n) => `${n.id} ${n.source} ${n.status} ${n.plan}`).join(' | '));
    assert.deepEqual(modelNode.verdict!.fixed, ['sum adds']);
    // No single edit fixes both bugs: the winner is the model's change plus one mutation.
    assert.equal(r.status, 'solved', r.nodes.map((n) => `${n.id}<${n.parent} ${n.source} ${n.status} ${n.plan}`).join(' | '));
    const best = r.best!;
    assert.equal(best.parent, modelNode.id);
    assert.equal(best.source, 'mutation');
    assert.equal(best.plan, `on top of ${modelNode.id}: src/range.js:5 \`i < end\` → \`i <= end\` (comparison)`);
    assert.match(best.diff!, /\+ {2}for \(let i = start; i <= end; i\+\+\) \{/);
    assert.match(best.diff!, /\+ {2}return xs\.reduce\(\(a, b\) => a \+ b, 0\);/, 'the model\'s edit is kept');
  });

  test('when mutations have nothing to aim at, the model gets every place', async () => {
    const { r, server } = await mixedSearch(
      { ...BUGGY_RANGE_REPO, 'src/range.js': BUGGY_RANGE_REPO['src/range.js']!.replace('i < end', 'i <= end') },
      { answers: ['No change needed.'] },
      { samples: 3, rounds: 1, task: 'document the range function' },
    );
    assert.deepEqual(r.nodes.map((n) => n.source), ['model', 'model', 'model']);
    assert.equal(server.requests[0]!.body.n, 3);
  });

  test('the share is checked', () => {
    assert.throws(() => new MixedSource(new MutationSource(), new MutationSource(), { mutationShare: 1.5 }), UserError);
    const m = new MixedSource(new MutationSource(), new MutationSource(), { mutationShare: 0.25 });
    assert.deepEqual([1, 2, 4, 8].map((c) => m.mutationCount(c)), [0, 1, 1, 2]);
    const all = new MixedSource(new MutationSource(), new MutationSource(), { mutationShare: 1 });
    assert.equal(all.mutationCount(4), 4);
  });
});
