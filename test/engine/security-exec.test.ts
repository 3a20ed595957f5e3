// Nothing the model writes is ever executed outside the sandboxed test run: no eval, no shell
// built from its text, and a hostile answer full of shell syntax runs nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { searchWith } from '../support/faults-search';
import { BUGGY_RANGE_REPO, makeRepo, RANGE_FIX_DIFF } from '../support/repo';
import { privateTmp } from '../support/search';

const SRC = resolve(__dirname, '..', '..', 'src');

/**
 * The only files allowed to start processes, and what each starts. A new one must be reviewed:
 * whatever it runs must not be built from a model's answer.
 */
const SPAWNERS: Record<string, string> = {
  'engine/mutation/python.ts': 'python3 -I with a fixed script that only parses; source text is data on stdin',
  'engine/sandbox/git.ts': 'git, with an argument array',
  'engine/sandbox/owner.ts': 'ps, to tell a live search from a dead one',
  'engine/sandbox/jail/probe.ts': 'bwrap, once, to see whether it works',
  'engine/verify/run-tests.ts': "the user's test command, in the sandbox",
};

function sources(dir: string): Array<{ path: string; code: string }> {
  const out: Array<{ path: string; code: string }> = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.(ts|mts|cts|js|mjs)$/.test(e.name)) out.push({ path: relative(SRC, p).split('\\').join('/'), code: stripComments(readFileSync(p, 'utf8')) });
  }
  return out;
}

// Comments may explain these words; only code counts.
function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

describe('no code path from model text to execution', () => {
  const files = sources(SRC);

  test('the scan sees the engine', () => {
    assert.ok(files.length > 50);
    assert.ok(files.some((f) => f.path === 'engine/verify/run-tests.ts'));
  });

  test('no eval, no Function constructor, no vm, no shell: true anywhere in src', () => {
    const banned: Array<[RegExp, string]> = [
      [/(^|[^\w.])eval\s*\(/, 'eval('],
      [/new\s+Function\s*\(/, 'new Function('],
      [/(^|[^\w.])Function\s*\(\s*['"`]/, 'Function(...)'],
      [/from\s+['"](node:)?vm['"]|require\(\s*['"](node:)?vm['"]\s*\)/, 'the vm module'],
      [/shell\s*:\s*(true|['"`])/, 'shell: true'],
      [/setTimeout\s*\(\s*['"`]/, 'setTimeout(string)'],
    ];
    const found = files.flatMap((f) => banned.filter(([re]) => re.test(f.code)).map(([, what]) => `${f.path}: ${what}`));
    assert.deepEqual(found, []);
  });

  test('only the reviewed files start processes, never through a shell-string API', () => {
    const spawning = /from\s+['"](node:)?child_process['"]|require\(\s*['"](node:)?child_process['"]\s*\)|import\(\s*['"]execa['"]\s*\)|from\s+['"]execa['"]/;
    const found = files.filter((f) => spawning.test(f.code)).map((f) => f.path).sort();
    assert.deepEqual(found, Object.keys(SPAWNERS).sort());
    for (const f of files.filter((x) => x.path in SPAWNERS)) {
      assert.doesNotMatch(f.code, /import\s*\{[^}]*\b(exec|execSync)\b[^}]*\}\s*from\s*['"](node:)?child_process['"]|child_process\.(exec|execSync)\b/, `${f.path} runs no command line through a shell`);
      assert.doesNotMatch(f.code, /\$`|execaCommand/, `${f.path} builds no command from a template`);
    }
  });

  test('every `sh -c` script in src interpolates only the user\'s test command or a number', () => {
    const scripts = files.flatMap((f) =>
      [...f.code.matchAll(/['"](?:\/bin\/)?sh['"]\s*,\s*['"]-c['"]\s*,\s*(`(?:[^`\\]|\\.)*`|'[^']*'|"[^"]*")/g)].map((m) => ({ path: f.path, script: m[1]! })),
    );
    assert.ok(scripts.length >= 2, JSON.stringify(scripts));
    const allowed = new Set(['opts.command', 'blocks']);
    for (const { path, script } of scripts) {
      for (const m of script.matchAll(/\$\{([^}]*)\}/g)) assert.ok(allowed.has(m[1]!.trim()), `${path}: \${${m[1]}} in a shell script`);
    }
  });
});

describe('a hostile answer', () => {
  let tmp: ReturnType<typeof privateTmp>;
  before(() => {
    tmp = privateTmp();
  });
  after(() => tmp.restore());

  test('shell syntax in plans, paths and contents creates nothing, even with the sandbox off', async (t) => {
    const repo = makeRepo(BUGGY_RANGE_REPO);
    const traps = realpathSync(mkdtempSync(join(tmpdir(), 'sws-pwned-')));
    t.after(() => {
      repo.remove();
      rmSync(traps, { recursive: true, force: true });
    });
    const trap = (n: number) => join(traps, `pwned-${n}`);
    // ${IFS} instead of spaces keeps the command a valid-looking path segment.
    const weird = `notes/$(touch\${IFS}${trap(4)})-\`touch\${IFS}${trap(5)}\`.md`;
    const withFix = [
      `Plan: Fix it $(touch ${trap(1)}) and \`touch ${trap(2)}\`; touch ${trap(3)}`,
      '',
      '```diff',
      RANGE_FIX_DIFF.trimEnd(),
      '--- /dev/null',
      `+++ b/${weird}`,
      '@@ -0,0 +1,2 @@',
      `+$(touch ${trap(6)})`,
      `+\`touch ${trap(7)}\``,
      '```',
      '',
    ].join('\n');
    const commentOnly = `Plan: $(touch ${trap(8)})\n\nsrc/range.js\n\`\`\`js\n<<<<<<< SEARCH\n  const out = [];\n=======\n  const out = []; // \`touch ${trap(9)}\` $(touch ${trap(10)})\n>>>>>>> REPLACE\n\`\`\`\n`;
    const r = await searchWith(repo.dir, () => ({ answers: [withFix, commentOnly] }), {
      samples: 2,
      sandbox: 'off',
      apply: true,
      stopPolicy: 'best-of-budget',
    });
    assert.deepEqual(readdirSync(traps), [], 'no trap file was created');
    assert.equal(r.result.stats.testRuns, 2, JSON.stringify(r.result.nodes.map((n) => [n.status, n.reason])));
    assert.equal(r.result.status, 'solved');
    assert.ok(r.result.nodes.every((n) => n.plan?.includes('$(touch')), 'plans are kept as text');
    assert.equal(r.result.applied, true);
    assert.equal(readFileSync(join(repo.dir, ...weird.split('/')), 'utf8'), `$(touch ${trap(6)})\n\`touch ${trap(7)}\`\n`, 'the hostile name is a plain file');
    assert.deepEqual(readdirSync(traps), [], 'still nothing after the apply');
  });
});
