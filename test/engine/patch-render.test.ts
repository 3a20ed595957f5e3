import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildPatch, DEFAULT_PROTECTED_GLOBS, parseAnswer, patchFromChanges, renderDiff, type BaseReader } from '../../src/engine/patch';
import type { FileChange } from '../../src/engine/types';
import { memoryBase } from '../support/memoryBase';
import { BUGGY_RANGE_REPO, makeRepo, RANGE_FIX_DIFF, type TempRepo } from '../support/repo';

/** Reads the committed snapshot of a real repository, as the engine's reader does. */
function gitBase(repo: TempRepo): BaseReader {
  const entries = new Map<string, string>();
  for (const line of repo.git('ls-files', '-s', '-z').split('\0').filter(Boolean)) {
    const [meta, path] = line.split('\t') as [string, string];
    entries.set(path, meta.split(' ')[0]!);
  }
  return {
    symlinks: new Set([...entries].filter(([, m]) => m === '120000').map(([p]) => p)),
    async read(path) {
      const mode = entries.get(path);
      if (mode === undefined) return null;
      const content = execFileSync('git', ['show', `HEAD:${path}`], { cwd: repo.dir, encoding: 'utf8' });
      return { content, mode, binary: content.includes('\u0000') };
    },
  };
}

function gitApply(repo: TempRepo, diff: string): void {
  execFileSync('git', ['apply', '--check', '-'], { cwd: repo.dir, input: diff });
  execFileSync('git', ['apply', '-'], { cwd: repo.dir, input: diff });
}

describe('renderDiff', () => {
  it('renders a modify in the canonical form', async () => {
    const base = memoryBase({ 'f.txt': 'a\nb\nc\nd\ne\nf\ng\nh\n' });
    const diff = await renderDiff([{ path: 'f.txt', kind: 'modify', content: 'a\nb\nc\nd\nE\nf\ng\nh\n' }], base);
    assert.equal(diff, 'diff --git a/f.txt b/f.txt\n--- a/f.txt\n+++ b/f.txt\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n');
  });

  it('sorts files and renders adds, deletes, renames and mode changes with git headers', async () => {
    const base = memoryBase({ 'old.txt': 'x\n', 'gone.txt': 'bye\n', 'run.sh': 'echo\n' });
    const diff = await renderDiff(
      [
        { path: 'run.sh', kind: 'modify', content: 'echo\n', mode: '100755' },
        { path: 'new.txt', oldPath: 'old.txt', kind: 'rename', content: 'x\n' },
        { path: 'gone.txt', kind: 'delete', content: null },
        { path: 'add.txt', kind: 'add', content: 'hi', mode: '100644' },
      ],
      base,
    );
    assert.equal(
      diff,
      [
        'diff --git a/add.txt b/add.txt', 'new file mode 100644', '--- /dev/null', '+++ b/add.txt', '@@ -0,0 +1,1 @@', '+hi', '\\ No newline at end of file',
        'diff --git a/gone.txt b/gone.txt', 'deleted file mode 100644', '--- a/gone.txt', '+++ /dev/null', '@@ -1,1 +0,0 @@', '-bye',
        'diff --git a/old.txt b/new.txt', 'rename from old.txt', 'rename to new.txt',
        'diff --git a/run.sh b/run.sh', 'old mode 100644', 'new mode 100755',
        '',
      ].join('\n'),
    );
  });
});

describe('canonical diffs against a real git repository', () => {
  const repos: TempRepo[] = [];
  after(() => repos.forEach((r) => r.remove()));

  it('applies the patch built from a model answer with git apply', async () => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    repos.push(repo);
    const answer = `Plan: make the loop inclusive.\n\`\`\`diff\n${RANGE_FIX_DIFF}\`\`\`\n`;
    const out = await buildPatch(parseAnswer(answer), gitBase(repo), { protectedGlobs: DEFAULT_PROTECTED_GLOBS });
    assert.ok(out.ok, out.ok ? '' : out.reason);
    gitApply(repo, out.patch.diff);
    assert.equal(readFileSync(join(repo.dir, 'src/range.js'), 'utf8'), out.patch.changes[0]!.content);
    assert.match(readFileSync(join(repo.dir, 'src/range.js'), 'utf8'), /i <= end/);
  });

  it('renders every kind of change so that git apply reproduces the new contents exactly', async () => {
    const repo = makeRepo({
      'src/a.js': 'one\ntwo\nthree\n',
      'src/crlf.txt': 'l1\r\nl2\r\nl3\r\n',
      'src/nonl.txt': 'x\ny',
      'old name.txt': 'moved\n',
      'é.txt': 'accent\n',
      'gone.txt': 'bye\n',
      'run.sh': 'echo hi\n',
    });
    repos.push(repo);
    const base = gitBase(repo);
    const changes: FileChange[] = [
      { path: 'src/a.js', kind: 'modify', content: 'one\n2\nthree\nfour\n' },
      { path: 'src/crlf.txt', kind: 'modify', content: 'l1\r\nL2\r\nl3\r\n' },
      { path: 'src/nonl.txt', kind: 'modify', content: 'x\nY' },
      { path: 'new name.txt', oldPath: 'old name.txt', kind: 'rename', content: 'moved\nand edited\n' },
      { path: 'é.txt', kind: 'modify', content: 'accént\n' },
      { path: 'gone.txt', kind: 'delete', content: null },
      { path: 'run.sh', kind: 'modify', content: 'echo hi\n', mode: '100755' },
      { path: 'src/new file.ts', kind: 'add', content: 'export {};\n' },
    ];
    const out = await patchFromChanges(changes, base, { protectedGlobs: DEFAULT_PROTECTED_GLOBS });
    assert.ok(out.ok, out.ok ? '' : out.reason);
    assert.equal(out.patch.diff, await renderDiff(out.patch.changes, base));
    gitApply(repo, out.patch.diff);
    for (const c of changes) {
      if (c.content === null) {
        assert.throws(() => statSync(join(repo.dir, c.path)), `${c.path} should be deleted`);
      } else {
        assert.equal(readFileSync(join(repo.dir, c.path), 'utf8'), c.content, c.path);
      }
    }
    assert.throws(() => statSync(join(repo.dir, 'old name.txt')));
    assert.equal(statSync(join(repo.dir, 'run.sh')).mode & 0o111, 0o111);
  });
});
