// The reproduction-test demo: copies demo/slugify (every test passes; the missing feature is
// only described in words) into a temporary git repository, serves a scripted model on
// 127.0.0.1 and runs the real CLI. The model first writes three reproduction tests: one fails
// on today's code with an assertion and is kept, one passes already and one imports a file
// that does not exist, so both are discarded with their reasons. Of the candidates, one only
// keeps the suite passing, one edits the reproduction test (rejected) and one implements the
// feature: it wins because it is the one that makes the reproduction test pass.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startFakeOpenAI } from '../test/support/fake-openai';

const root = resolve(__dirname, '..');
const cli = join(root, 'dist', 'cli.js');

const TASK = "Accented letters should become their plain form instead of being dropped: slugify('Crème Brûlée') must return 'creme-brulee'.";

const fence = (code: string) => `\`\`\`js\n${code}\`\`\`\n`;
const HEADER = "'use strict';\nconst test = require('node:test');\nconst assert = require('node:assert');\n";

/** Fails today with an assertion ('cr-me-br-l-e' is not 'creme-brulee'): kept. */
const TEST_GOOD = fence(
  `${HEADER}const { slugify } = require('../../src/slugify.js');\n\n` +
    "test('accented letters become plain letters', () => {\n" +
    "  assert.strictEqual(slugify('Crème Brûlée'), 'creme-brulee');\n" +
    "  assert.strictEqual(slugify('Ça va, Zoë?'), 'ca-va-zoe');\n" +
    '});\n',
);

/** Passes on today's code: it reproduces nothing. */
const TEST_PASSING = fence(
  `${HEADER}const { slugify } = require('../../src/slugify.js');\n\n` +
    "test('plain words', () => {\n  assert.strictEqual(slugify('Creme Brulee'), 'creme-brulee');\n});\n",
);

/** Imports a module that does not exist: it fails, but not because of the behaviour. */
const TEST_BAD_IMPORT = fence(
  `${HEADER}const { slugify } = require('../../src/slug.js');\n\n` +
    "test('accents', () => {\n  assert.strictEqual(slugify('Crème'), 'creme');\n});\n",
);

const STRIP_NON_ASCII = `Plan: Remove characters outside ASCII before making the slug.

src/slugify.js
\`\`\`js
<<<<<<< SEARCH
    .trim()
    .toLowerCase()
=======
    .replace(/[^\\x00-\\x7f]/g, '')
    .trim()
    .toLowerCase()
>>>>>>> REPLACE
\`\`\`
`;

const EDIT_REPRO = `Plan: Expect what the code returns today.

test/__repro__/r1.test.js
\`\`\`js
<<<<<<< SEARCH
  assert.strictEqual(slugify('Crème Brûlée'), 'creme-brulee');
=======
  assert.strictEqual(slugify('Crème Brûlée'), 'cr-me-br-l-e');
>>>>>>> REPLACE
\`\`\`
`;

const FIX = `Plan: Decompose accented letters (NFD) and drop the combining marks before slugging.

src/slugify.js
\`\`\`js
<<<<<<< SEARCH
  return String(text)
    .trim()
=======
  return String(text)
    .normalize('NFD')
    .replace(/[\\u0300-\\u036f]/g, '')
    .trim()
>>>>>>> REPLACE
\`\`\`
`;

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'sws-repro-demo-'));
  const repo = join(work, 'slugify');
  cpSync(join(root, 'demo', 'slugify'), repo, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Demo', '-c', 'user.email=demo@example.com', ...args], { cwd: repo, stdio: 'pipe', encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-qm', 'slugify library');

  const server = await startFakeOpenAI({
    reply: (req) => {
      const system = String(req.body.messages?.[0]?.content ?? '');
      if (system.startsWith('You write one reproduction test')) return { answers: [TEST_GOOD, TEST_PASSING, TEST_BAD_IMPORT] };
      return { answers: [STRIP_NON_ASCII, EDIT_REPRO, FIX] };
    },
  });
  try {
    console.log(`demo repository: ${repo}`);
    console.log(`scripted model:  ${server.url}`);
    console.log(`task:            ${TASK}\n`);
    // Asynchronous on purpose: the scripted model is served from this very process.
    const run = await runChild(
      process.execPath,
      [cli, 'solve', '--workspace', repo, '--task', TASK, '--repro', '3', '--samples', '3', '--rounds', '1',
        '--stop', 'best-of-budget', '--base-url', server.url, '--model', 'demo-scripted', '--apply', '--keep-repro'],
      { ...process.env, OPENAI_API_KEY: '' },
    );
    console.log(`\nsolve exited with status ${run.status}`);
    console.log('\n$ git status --short   (the fix and the kept reproduction test)');
    console.log(git('status', '--short', '--untracked-files=all'));
    const tests = spawnSync('npm', ['test', '--silent'], { cwd: repo, encoding: 'utf8' });
    const summary = (tests.stdout + tests.stderr).split('\n').filter((l) => /^# (pass|fail)/.test(l));
    console.log(`$ npm test   → ${summary.join(', ')}`);
    const kept = existsSync(join(repo, 'test', '__repro__', 'r1.test.js'));
    process.exitCode = run.status === 0 && tests.status === 0 && kept ? 0 : 1;
  } finally {
    await server.close();
    if (!process.env.SWS_KEEP_DEMO) rmSync(work, { recursive: true, force: true });
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
