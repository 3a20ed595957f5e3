// The MCP server as other agents use it: the SDK's own client, spawning `node dist/cli.js mcp`
// over stdio, against a scripted model and real repositories with real failing tests.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { SolveToolResult } from '../../src/agents/result';
import { toolInputJsonSchema, TOOL_NAME } from '../../src/agents/schema';
import { FIX_BLOCKS, HANG, WRONG_FIX } from '../support/answers';
import { CLI } from '../support/cli';
import { startFakeOpenAI, type FakeServer } from '../support/fake-openai';
import { BUGGY_RANGE_REPO, makeRepo, type TempRepo } from '../support/repo';

const KEY = 'sk-mcp-test-DO-NOT-LEAK-7c1e';
const BUG = 'for (let i = start; i < end; i++)';
const FIX = 'for (let i = start; i <= end; i++)';

describe('mcp server over stdio', () => {
  let model: FakeServer;
  let answers: string[] = [];
  let root: string;
  let engineTmp: string;
  let client: Client;
  let transport: StdioClientTransport;
  let stderr = '';
  const stderrWaiters: Array<{ pattern: RegExp; resolve: () => void }> = [];

  /** Resolves when the server's stderr shows `pattern` (its logs say when a search has cleaned up). */
  const stderrShows = (pattern: RegExp) =>
    new Promise<void>((resolve) => {
      if (pattern.test(stderr)) resolve();
      else stderrWaiters.push({ pattern, resolve });
    });

  /** A repository with a failing test, inside the allowed root. */
  const repoInRoot = (t: { after(fn: () => void): void }): TempRepo => {
    const repo = makeRepo(BUGGY_RANGE_REPO, { prefix: join(relative(tmpdir(), root), 'repo-') });
    t.after(() => repo.remove());
    return repo;
  };

  const call = (args: Record<string, unknown>, opts: { onprogress?: (p: Progress) => void; signal?: AbortSignal } = {}) =>
    client.callTool({ name: TOOL_NAME, arguments: args }, undefined, { timeout: 120_000, ...opts }) as Promise<CallToolResult>;

  const text = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

  before(async () => {
    assert.ok(existsSync(CLI), 'dist/cli.js is built (npm run build)');
    model = await startFakeOpenAI({ reply: () => ({ answers }), apiKey: KEY });
    root = realpathSync(mkdtempSync(join(tmpdir(), 'sws-mcp-root-')));
    engineTmp = realpathSync(mkdtempSync(join(tmpdir(), 'sws-mcp-tmp-')));
    transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'mcp', '--base-url', model.url, '--model', 'scripted', '--api-key-env', 'SWS_MCP_KEY', '--allow-root', root, '--samples', '2', '--rounds', '1',
        // Every candidate gets its verdict (first-pass would stop a slower one mid-run).
        '--stop', 'best-of-budget'],
      env: { SWS_MCP_KEY: KEY, TMPDIR: engineTmp },
      cwd: root,
      stderr: 'pipe',
    });
    transport.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      for (const w of [...stderrWaiters]) {
        if (w.pattern.test(stderr)) {
          stderrWaiters.splice(stderrWaiters.indexOf(w), 1);
          w.resolve();
        }
      }
    });
    client = new Client({ name: 'solve-with-search-test', version: '1.0.0' });
    // The client fails on any stdout line that is not a protocol message, so every call below also checks that.
    await client.connect(transport);
  });

  after(async () => {
    await client?.close();
    await model?.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(engineTmp, { recursive: true, force: true });
    assert.ok(!stderr.includes(KEY), 'the API key never reaches the logs');
  });

  test('tools/list publishes solve_with_search with the shared input schema and an output schema', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name), [TOOL_NAME]);
    const tool = tools[0]!;
    assert.deepEqual(tool.inputSchema, toolInputJsonSchema());
    assert.equal(tool.outputSchema?.type, 'object');
    assert.deepEqual(Object.keys(tool.outputSchema?.properties ?? {}).filter((k) => ['status', 'applied', 'best', 'candidates', 'stats'].includes(k)).sort(), ['applied', 'best', 'candidates', 'stats', 'status']);
    assert.match(tool.description ?? '', /test suite/);
    assert.match(stderr, /serving solve_with_search/, 'the server logs to stderr');
  });

  test('tools/call on a repository with a failing test returns the verified winner, with progress', async (t) => {
    const repo = repoInRoot(t);
    answers = [WRONG_FIX, FIX_BLOCKS];
    const progress: Progress[] = [];
    const r = await call({ task: 'make the failing tests pass', workspace: repo.dir }, { onprogress: (p) => progress.push(p) });
    assert.ok(!r.isError, text(r));
    const s = r.structuredContent as SolveToolResult;
    assert.equal(s.status, 'solved');
    assert.equal(s.applied, false);
    assert.deepEqual(s.best?.files, ['src/range.js']);
    assert.deepEqual(s.best?.tests, { passed: 3, failed: 0 });
    assert.ok(s.best?.why.some((w) => /fixes 2 target tests/.test(w)), s.best?.why.join('; '));
    assert.equal(s.candidates.length, 2);
    assert.deepEqual(s.candidates.map((c) => c.status).sort(), ['failed', 'passed']);
    assert.equal(typeof s.stats.testRuns, 'number');
    const [summary, diff] = r.content.map((c) => (c.type === 'text' ? c.text : ''));
    assert.match(summary!, /^Solved: candidate \S+ passes every test \(3\/3 tests\)\./);
    assert.match(summary!, /Tests before: 1\/3 pass, 2 fail/);
    assert.match(summary!, /Cost: 1 model request/);
    assert.ok(diff!.includes(`+  ${FIX} {`) && diff!.includes(`-  ${BUG} {`), diff);
    assert.ok(readFileSync(join(repo.dir, 'src/range.js'), 'utf8').includes(BUG), 'apply was not asked: the file is untouched');
    assert.equal(repo.git('worktree', 'list').split('\n').length, 1, 'no worktree left');

    const messages = progress.map((p) => p.message);
    assert.match(messages[0] ?? '', /^Baseline: 1\/3 tests pass, 2 fail\./);
    assert.ok(messages.includes('Round 1 of 1: asking for up to 2 candidates.'), messages.join('\n'));
    assert.equal(messages.filter((m) => /^Candidate \S+ (passed|failed)/.test(m ?? '')).length, 2, messages.join('\n'));
    assert.ok(progress.every((p, i) => i === 0 || p.progress > progress[i - 1]!.progress), 'progress only grows');
    assert.ok(progress.every((p) => p.total !== undefined && p.progress <= p.total));
    assert.match(stderr, /baseline: 1\/3 passed/, 'the search logs on stderr');
  });

  test('apply: true writes the winner into the workspace', async (t) => {
    const repo = repoInRoot(t);
    answers = [FIX_BLOCKS];
    const r = await call({ task: 'make the failing tests pass', workspace: repo.dir, samples: 1, apply: true });
    assert.ok(!r.isError, text(r));
    assert.equal((r.structuredContent as SolveToolResult).applied, true);
    assert.match(text(r), /Applied to the workspace: src\/range\.js\./);
    assert.ok(readFileSync(join(repo.dir, 'src/range.js'), 'utf8').includes(FIX));
  });

  test('cancelling the request stops the search and leaves no worktree, ref or temporary file', async (t) => {
    const repo = repoInRoot(t);
    // Every answer makes the tests loop forever: only the cancellation can end this search.
    answers = [HANG];
    const abort = new AbortController();
    const seen: string[] = [];
    const pending = call(
      { task: 'make the failing tests pass', workspace: repo.dir, rounds: 3 },
      {
        signal: abort.signal,
        onprogress: (p) => {
          seen.push(p.message ?? '');
          if (/^Round 1/.test(p.message ?? '')) abort.abort(new Error('the caller changed its mind'));
        },
      },
    );
    await assert.rejects(pending, /changed its mind/);
    await stderrShows(/cancelled by the client; its worktrees and refs are removed/);
    assert.equal(repo.git('worktree', 'list').split('\n').length, 1, repo.git('worktree', 'list'));
    assert.equal(repo.git('for-each-ref', 'refs/solve-with-search'), '', 'no temporary ref left');
    assert.equal(repo.git('status', '--porcelain'), '', 'the workspace is untouched');
    const left = join(engineTmp, 'solve-with-search');
    const files = existsSync(left) ? readdirSync(left, { recursive: true, withFileTypes: true }).filter((e) => !e.isDirectory()) : [];
    assert.deepEqual(files.map((e) => join(e.parentPath, e.name)), [], 'no file left in the temporary folder');
    assert.ok(seen.some((m) => /^Round 1/.test(m)), seen.join('\n'));
  });

  test('bad arguments are tool errors with the reason, and start no search', async (t) => {
    const repo = repoInRoot(t);
    const outside = makeRepo(BUGGY_RANGE_REPO);
    t.after(() => outside.remove());
    mkdirSync(join(root, 'links'), { recursive: true });
    symlinkSync(outside.dir, join(root, 'links', 'escape'));
    writeFileSync(join(root, 'links', 'file.txt'), 'x');
    const requestsBefore = model.requests.length;
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ task: 'fix', workspace: 'relative/path' }, /workspace must be an absolute path \(got "relative\/path"\)/],
      [{ task: 'fix', workspace: join(root, 'missing') }, /does not exist/],
      [{ task: 'fix', workspace: join(root, 'links', 'file.txt') }, /is not a folder/],
      [{ task: 'fix', workspace: outside.dir }, /is outside the folders this tool may work in .*--allow-root/],
      [{ task: 'fix', workspace: join(root, 'links', 'escape') }, /is outside the folders/],
      [{ task: 'fix', workspace: repo.dir, samples: -3 }, /samples must be a whole number from 1 to 64 \(got -3\)/],
      [{ task: 'fix', workspace: repo.dir, samples: 5000 }, /samples must be a whole number from 1 to 64 \(got 5000\)/],
      [{ task: 'fix', workspace: repo.dir, baseUrl: 'http://evil.example/v1' }, /unknown field "baseUrl"/],
      [{ task: '', workspace: repo.dir }, /task must not be empty/],
      [{ workspace: repo.dir }, /task must be a string/],
    ];
    for (const [args, message] of cases) {
      const r = await call(args);
      assert.equal(r.isError, true, `${JSON.stringify(args)} → ${text(r)}`);
      assert.match(text(r), message);
    }
    assert.equal(model.requests.length, requestsBefore, 'no model request was made');
    assert.equal(outside.git('worktree', 'list').split('\n').length, 1);
    assert.equal(repo.git('worktree', 'list').split('\n').length, 1);
  });
});
