// The demo: copies demo/pagination into temporary git repositories and runs the real CLI
// end to end twice. Part 1 needs no model at all: the built-in mutation search finds and
// applies the fix. Part 2 serves a scripted model on 127.0.0.1: round 1's answers all fall
// short (prose, a test edit, a partial fix twice); round 2 refines the partial fix with its
// failing output and passes. Nothing outside the temporary folders is touched.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startFakeOpenAI } from '../test/support/fake-openai';

const root = resolve(__dirname, '..');
const cli = join(root, 'dist', 'cli.js');

const PROSE = 'The bug is probably in pageItems; you should double-check the bounds there.';

const TEST_EDIT = `Plan: Relax the failing expectation.

test/pagination.test.js
\`\`\`js
<<<<<<< SEARCH
  assert.deepStrictEqual(pageItems(letters, 3, 3), ['g']);
=======
  assert.deepStrictEqual(pageItems(letters, 3, 3), []);
>>>>>>> REPLACE
\`\`\`
`;

const PARTIAL_DIFF = `Plan: Only skip the last page when it is full.

\`\`\`diff
--- a/src/pagination.js
+++ b/src/pagination.js
@@ -13,7 +13,7 @@
 /** The items on page \`page\` (1-based); an empty list outside the valid pages. */
 function pageItems(items, page, perPage) {
   const count = pageCount(items.length, perPage);
-  if (page < 1 || page >= count) {
+  if (page < 1 || (page >= count && items.length % perPage === 0)) {
     return [];
   }
   const start = (page - 1) * perPage;
\`\`\`
`;

const PARTIAL_BLOCKS = `Plan: The last page is dropped when it is partial; keep it.

src/pagination.js
\`\`\`js
<<<<<<< SEARCH
  if (page < 1 || page >= count) {
=======
  if (page < 1 || (page >= count && items.length % perPage === 0)) {
>>>>>>> REPLACE
\`\`\`
`;

const FIX = `Plan: Page numbers are 1-based, so the last valid page is \`count\` itself: compare with \`>\`.

src/pagination.js
\`\`\`js
<<<<<<< SEARCH
  if (page < 1 || (page >= count && items.length % perPage === 0)) {
=======
  if (page < 1 || page > count) {
>>>>>>> REPLACE
\`\`\`
`;

function demoRepo(work: string, name: string): { repo: string; git: (...args: string[]) => string } {
  const repo = join(work, name);
  cpSync(join(root, 'demo', 'pagination'), repo, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe', encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=Demo', '-c', 'user.email=demo@example.com', 'add', '-A');
  git('-c', 'user.name=Demo', '-c', 'user.email=demo@example.com', 'commit', '-qm', 'pagination library');
  return { repo, git };
}

function testSummary(repo: string): { ok: boolean; text: string } {
  const tests = spawnSync('npm', ['test', '--silent'], { cwd: repo, encoding: 'utf8' });
  const text = (tests.stdout + tests.stderr).split('\n').filter((l) => /^# (pass|fail)/.test(l)).join(', ');
  return { ok: tests.status === 0, text };
}

/** Part 1: no model, no key, no network: the mutation search. */
async function withoutModel(work: string): Promise<boolean> {
  const { repo, git } = demoRepo(work, 'pagination-no-model');
  console.log('━━ Part 1: no model at all (built-in mutation search) ━━');
  console.log(`demo repository: ${repo}\n`);
  const run = await runChild(
    process.execPath,
    [cli, 'solve', '--workspace', repo, '--test-command', 'npm test --silent', '--samples', '4', '--rounds', '5', '--apply'],
    { ...process.env, OPENAI_API_KEY: '' },
  );
  console.log(`\nsolve exited with status ${run.status}\n$ git diff`);
  console.log(git('diff'));
  const t = testSummary(repo);
  console.log(`$ npm test   → ${t.text}\n`);
  return run.status === 0 && t.ok;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'sws-demo-'));
  let ok = false;
  try {
    ok = await withoutModel(work);
    ok = (await withScriptedModel(work)) && ok;
  } finally {
    if (!process.env.SWS_KEEP_DEMO) rmSync(work, { recursive: true, force: true });
  }
  process.exitCode = ok ? 0 : 1;
}

/** Part 2: a scripted model whose first round falls short, refined in round 2. */
async function withScriptedModel(work: string): Promise<boolean> {
  const { repo, git } = demoRepo(work, 'pagination-model');
  console.log('━━ Part 2: a scripted model, refined across rounds ━━');

  const server = await startFakeOpenAI({
    reply: (req) => {
      const prompt = JSON.stringify(req.body.messages ?? []);
      // A refinement carries the partial fix and the test it still fails.
      if (prompt.includes('items.length % perPage')) return FIX;
      return { answers: [PROSE, TEST_EDIT, PARTIAL_DIFF, PARTIAL_BLOCKS] };
    },
  });
  const trace = join(work, 'trace.jsonl');
  try {
    console.log(`demo repository: ${repo}`);
    console.log(`scripted model:  ${server.url}\n`);
    // Asynchronous on purpose: the scripted model is served from this very process.
    const run = await runChild(
      process.execPath,
      [cli, 'solve', '--workspace', repo, '--test-command', 'npm test --silent', '--samples', '4', '--rounds', '3',
        '--base-url', server.url, '--model', 'demo-scripted', '--expand', '1', '--trace', trace, '--apply'],
      { ...process.env, OPENAI_API_KEY: '' },
    );
    console.log(`\nsolve exited with status ${run.status}`);
    console.log('\n$ git diff   (the applied change in the demo repository)');
    console.log(git('diff'));
    const t = testSummary(repo);
    console.log(`$ npm test   → ${t.text}`);
    const records = readFileSync(trace, 'utf8').trim().split('\n');
    console.log(`trace: ${records.length} records (first: ${records[0]!.slice(0, 120)}…)`);
    return run.status === 0 && t.ok;
  } finally {
    await server.close();
  }
}

function runChild(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null }> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env });
    child.on('error', fail);
    child.on('close', (status) => done({ status }));
  });
}

void main();
