// Candidates that try to write where a candidate must not: each is rejected before any test runs.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { searchWith } from '../support/faults-search';
import { BUGGY_RANGE_REPO, makeRepo } from '../support/repo';
import { privateTmp } from '../support/search';

const diffAnswer = (plan: string, diff: string) => `Plan: ${plan}\n\n\`\`\`diff\n${diff}\`\`\`\n`;
const blockAnswer = (plan: string, path: string, text: string) => `Plan: ${plan}\n\n${path}\n\`\`\`js\n<<<<<<< SEARCH\n=======\n${text}\n>>>>>>> REPLACE\n\`\`\`\n`;

describe('path attacks', () => {
  let tmp: ReturnType<typeof privateTmp>;
  before(() => {
    tmp = privateTmp();
  });
  after(() => tmp.restore());

  test('../, absolute paths, new symlinks, writes through a symlink and .git/hooks are all rejected with zero test runs', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    const outside = realpathSync(mkdtempSync(join(tmpdir(), 'sws-outside-')));
    t.after(() => {
      repo.remove();
      rmSync(outside, { recursive: true, force: true });
    });
    // A symlink the user has in the workspace, pointing out of it.
    symlinkSync(outside, join(repo.dir, 'shared'));
    repo.commitAll('link');
    const absolute = join(outside, 'absolute.txt');
    const answers = [
      diffAnswer('Escape upwards.', '--- /dev/null\n+++ b/../escaped.txt\n@@ -0,0 +1 @@\n+owned\n'),
      diffAnswer('Escape deeper.', '--- a/src/range.js\n+++ b/src/../../escaped.js\n@@ -1 +1 @@\n-\'use strict\';\n+owned\n'),
      diffAnswer('Write an absolute path.', `--- /dev/null\n+++ ${absolute}\n@@ -0,0 +1 @@\n+owned\n`),
      blockAnswer('Write an absolute path in a block.', absolute, 'owned'),
      diffAnswer('Add a symlink out.', `diff --git a/evil b/evil\nnew file mode 120000\n--- /dev/null\n+++ b/evil\n@@ -0,0 +1 @@\n+${outside}\n\\ No newline at end of file\n`),
      diffAnswer('Write through the link.', '--- /dev/null\n+++ b/shared/through.txt\n@@ -0,0 +1 @@\n+owned\n'),
      diffAnswer('Install a hook.', '--- /dev/null\n+++ b/.git/hooks/pre-commit\n@@ -0,0 +1,2 @@\n+#!/bin/sh\n+touch owned\n'),
      blockAnswer('Install a hook in a block.', '.git/hooks/post-checkout', '#!/bin/sh\ntouch owned'),
      diffAnswer('Write git config.', '--- /dev/null\n+++ b/.GIT/config\n@@ -0,0 +1 @@\n+[core]\n'),
    ];
    const r = await searchWith(repo.dir, () => ({ answers }), { samples: answers.length, stopPolicy: 'best-of-budget' });
    const nodes = r.result.nodes;
    assert.equal(nodes.length, answers.length, JSON.stringify({ status: r.result.status, error: r.result.error, logs: r.events.filter((e) => e.type === "log") }));
    assert.equal(r.result.stats.testRuns, 0, JSON.stringify(nodes.map((n) => [n.status, n.reason])));
    for (const n of nodes) {
      assert.ok(n.status === 'rejected' || n.status === 'unparseable', `${n.plan}: ${n.status} ${n.reason}`);
      assert.ok(n.reason && n.reason.length > 20, `${n.plan} says why`);
    }
    const reasonOf = (plan: string) => nodes.find((n) => n.plan === plan)?.reason ?? '';
    assert.match(reasonOf('Write an absolute path.'), /absolute/);
    assert.match(reasonOf('Add a symlink out.'), /symbolic link/);
    assert.match(reasonOf('Write through the link.'), /symbolic link/);
    assert.match(reasonOf('Install a hook.'), /\.git/);
    assert.deepEqual(readdirSync(outside), [], 'nothing was written outside');
    assert.ok(!existsSync(join(repo.dir, '..', 'escaped.txt')));
    assert.ok(!existsSync(join(repo.dir, '.git', 'hooks', 'pre-commit')));
    assert.ok(!existsSync(join(repo.dir, '.git', 'hooks', 'post-checkout')));
  });
});
