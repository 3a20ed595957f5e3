import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { callFlags, callOverrides } from '../../src/agents/options';
import { SearchProgress, type ProgressStep } from '../../src/agents/progress';
import { solveResultSchema, structuredResult } from '../../src/agents/result';
import { INPUT_LIMITS, TOOL_NAME, toolInputJsonSchema } from '../../src/agents/schema';
import { summaryText, winningDiff } from '../../src/agents/summary';
import { checkWorkspace, parseToolArgs, realRoots, ToolInputError, validateToolInput, type WorkspacePolicy } from '../../src/agents/validate';
import { parseSolveArgs } from '../../src/cli/args';
import { resolveSolveConfig } from '../../src/cli/config';
import { resultJson } from '../../src/cli/json';
import type { SearchEvent, SearchNode, SearchResult } from '../../src/engine/types';

const ROOT = join(__dirname, '..', '..');

describe('the input schema', () => {
  test('is strict, requires a task, and publishes ranges and the apply default', () => {
    const schema = toolInputJsonSchema();
    assert.equal(schema.type, 'object');
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(schema.required, ['task']);
    const props = schema.properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(props).sort(), ['apply', 'budgetUsd', 'rounds', 'samples', 'task', 'testCommand', 'workspace']);
    assert.deepEqual([props.samples!.minimum, props.samples!.maximum], [INPUT_LIMITS.samples.min, INPUT_LIMITS.samples.max]);
    assert.deepEqual([props.rounds!.minimum, props.rounds!.maximum], [1, 10]);
    assert.equal(props.samples!.type, 'integer');
    assert.equal(props.budgetUsd!.minimum, 0);
    assert.equal(props.apply!.default, false);
    for (const [name, p] of Object.entries(props)) assert.ok(typeof p.description === 'string' && p.description.length > 10, `${name} is described for models`);
  });

  test('package.json publishes the same schema for the VS Code tool', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const tools = pkg.contributes.languageModelTools as Array<Record<string, unknown>>;
    const tool = tools.find((t) => t.name === TOOL_NAME);
    assert.ok(tool, 'contributes.languageModelTools names solve_with_search');
    assert.deepEqual(tool.inputSchema, toolInputJsonSchema(), 'regenerate it: node --import tsx -e "console.log(JSON.stringify(require(\'./src/agents/schema\').toolInputJsonSchema(), null, 2))"');
    assert.equal(tool.toolReferenceName, 'solveWithSearch');
    assert.equal(tool.canBeReferencedInPrompt, true);
  });

  test('good arguments parse, with apply false unless asked', () => {
    assert.deepEqual(parseToolArgs({ task: '  make the failing tests pass ' }), { task: 'make the failing tests pass', apply: false });
    const all = { task: 't', workspace: '/x', testCommand: 'npm test', samples: 64, rounds: 10, budgetUsd: 0, apply: true };
    assert.deepEqual(parseToolArgs(all), all);
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['no task', {}, /task must be a string/],
    ['an empty task', { task: '   ' }, /task must not be empty/],
    ['a task that is not a string', { task: 42 }, /task must be a string/],
    ['a negative sample count', { task: 't', samples: -1 }, /samples must be a whole number from 1 to 64 \(got -1\)/],
    ['an absurd sample count', { task: 't', samples: 100000 }, /samples must be a whole number from 1 to 64 \(got 100000\)/],
    ['a fractional sample count', { task: 't', samples: 2.5 }, /samples must be a whole number/],
    ['a sample count as text', { task: 't', samples: '8' }, /samples must be a whole number/],
    ['too many rounds', { task: 't', rounds: 11 }, /rounds must be a whole number from 1 to 10/],
    ['a negative budget', { task: 't', budgetUsd: -0.5 }, /budgetUsd must be a number of dollars, 0 or more \(got -0.5\)/],
    ['an empty test command', { task: 't', testCommand: '' }, /testCommand must not be empty/],
    ['apply as text', { task: 't', apply: 'yes' }, /apply must be true or false/],
    ['an unknown field', { task: 't', command: 'rm -rf /' }, /unknown field "command"/],
    ['arguments that are not an object', ['t'], /must be an object/],
  ];
  for (const [what, args, message] of bad) {
    test(`${what} is a clear error`, () => {
      assert.throws(
        () => parseToolArgs(args),
        (e: unknown) => e instanceof ToolInputError && message.test(e.message) && e.message.startsWith(`Invalid arguments for ${TOOL_NAME}:`),
      );
    });
  }

  test('several problems are reported together', () => {
    assert.throws(() => parseToolArgs({ task: '', samples: 0, extra: 1 }), (e: Error) => /task/.test(e.message) && /samples/.test(e.message) && /"extra"/.test(e.message));
  });
});

describe('the workspace check', () => {
  let root: string;
  let outside: string;
  let policy: WorkspacePolicy;
  before(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'sws-roots-')));
    outside = realpathSync(mkdtempSync(join(tmpdir(), 'sws-outside-')));
    mkdirSync(join(root, 'repo', 'sub'), { recursive: true });
    writeFileSync(join(root, 'file.txt'), 'not a folder');
    symlinkSync(outside, join(root, 'link-out'));
    symlinkSync(join(root, 'repo'), join(root, 'link-in'));
    policy = { roots: [root], widenHint: 'start the server with --allow-root DIR to allow it' };
  });
  after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  test('a folder inside a root, or the root itself, passes as its real path', () => {
    assert.equal(checkWorkspace(join(root, 'repo'), policy), join(root, 'repo'));
    assert.equal(checkWorkspace(join(root, 'repo', 'sub'), policy), join(root, 'repo', 'sub'));
    assert.equal(checkWorkspace(root, policy), root);
    assert.equal(checkWorkspace(join(root, 'link-in'), policy), join(root, 'repo'), 'a link inside the roots resolves to its target');
  });

  test('no workspace means the default one, or an error when there is none', () => {
    assert.equal(checkWorkspace(undefined, { ...policy, defaultWorkspace: join(root, 'repo') }), join(root, 'repo'));
    assert.throws(() => checkWorkspace(undefined, policy), /No workspace: pass "workspace"/);
  });

  const refusals: Array<[string, () => string, RegExp]> = [
    ['a relative path', () => 'repo', /must be an absolute path \(got "repo"\)/],
    ['a missing folder', () => join(root, 'nope'), /does not exist/],
    ['a file', () => join(root, 'file.txt'), /is not a folder/],
    ['a folder outside the roots', () => outside, /is outside the folders this tool may work in .*--allow-root/],
    ['a symlink inside the roots that leads outside', () => join(root, 'link-out'), /link-out \(.*sws-outside-.*\) is outside/],
    ['a parent of a root', () => join(root, '..'), /is outside/],
    ['a sibling whose name starts like the root', () => `${root}-x`, /does not exist|is outside/],
  ];
  for (const [what, path, message] of refusals) {
    test(`${what} is refused`, () => {
      assert.throws(() => checkWorkspace(path(), policy), (e: unknown) => e instanceof ToolInputError && message.test(e.message));
    });
  }

  test('validateToolInput checks both the arguments and the workspace', () => {
    const ok = validateToolInput({ task: 'fix', workspace: join(root, 'repo') }, policy);
    assert.deepEqual(ok, { task: 'fix', workspace: join(root, 'repo'), apply: false });
    assert.throws(() => validateToolInput({ task: 'fix', workspace: outside }, policy), ToolInputError);
  });

  test('allowed roots are real folders', () => {
    assert.deepEqual(realRoots([join(root, 'link-in'), join(root, 'repo')]), [join(root, 'repo')]);
    assert.throws(() => realRoots([join(root, 'file.txt')]), /is not a folder/);
    assert.throws(() => realRoots([join(root, 'missing')]), /is not a folder/);
  });

  test('good input → engine options: the call chooses its part, the server keeps the model and the rest', () => {
    const server = parseSolveArgs(['--base-url', 'http://127.0.0.1:9/v1', '--model', 'scripted', '--samples', '8', '--rounds', '3', '--budget-tokens', '5000', '--concurrency', '1']);
    const input = validateToolInput({ task: 'fix the range', workspace: join(root, 'repo'), samples: 2, budgetUsd: 0.25, apply: true }, policy);
    const { options } = resolveSolveConfig(callFlags(server, input, 'node --test'), {}, '/');
    assert.equal(options.workspace, join(root, 'repo'));
    assert.equal(options.task, 'fix the range');
    assert.equal(options.testCommand, 'node --test');
    assert.equal(options.samples, 2, 'the call lowers samples');
    assert.equal(options.rounds, 3, 'rounds stay the server\'s');
    assert.deepEqual(options.budget, { candidates: undefined, tokens: 5000, usd: 0.25, timeMs: undefined });
    assert.equal(options.concurrency, 1);
    assert.equal(options.apply, true);
    assert.deepEqual(callOverrides({ rounds: 1 }), { rounds: 1 });
  });
});

function node(over: Partial<SearchNode>): SearchNode {
  return { id: 'n1', parent: 'root', round: 1, status: 'passed', votes: 1, tokens: { prompt: 10, completion: 5 }, costUsd: 0, timings: {}, source: 'model', ...over };
}

function result(over: Partial<SearchResult> = {}): SearchResult {
  const best = node({ diff: '--- a/src/range.js\n+++ b/src/range.js\n@@ -1 +1 @@\n-a\n+b\n', files: ['src/range.js'], tests: { passed: 3, failed: 0, total: 3 }, reward: 1, plan: 'Include the end.' });
  return {
    searchId: 's1',
    status: 'solved',
    applied: false,
    best,
    why: ['passes 3/3 tests', 'fixes 1 target test (range includes both ends)', 'no regressions'],
    nodes: [best, node({ id: 'n2', status: 'failed', tests: { passed: 2, failed: 1, total: 3 }, reason: undefined })],
    stats: { testRuns: 3, uniqueCandidates: 2, llmRequests: 1, promptTokens: 1200, completionTokens: 300, costUsd: 0.0042, wallMs: 4200 },
    baseline: { tests: { passed: 2, failed: 1, total: 3 }, level: 'per-test', failing: ['test/range.test.js > range includes both ends'], passing: 2, durationMs: 300, outputExcerpt: '' },
    hasTargets: true,
    snapshot: 'abc',
    ...over,
  };
}

describe('the result', () => {
  test('the summary gives the verdict, why, tests before and after, and the cost', () => {
    const text = summaryText(result(), { task: 'make the failing tests pass', workspace: '/w', testCommand: 'node --test' });
    assert.match(text, /^Solved: candidate n1 passes every test \(3\/3 tests\)\./);
    assert.match(text, /Why n1 won: passes 3\/3 tests; fixes 1 target test \(range includes both ends\); no regressions\./);
    assert.match(text, /Tests before: 2\/3 pass, 1 fail \(test\/range\.test\.js > range includes both ends\)\./);
    assert.match(text, /Tests after n1: 3\/3 pass\./);
    assert.match(text, /Candidates: 2 \(1 passed, 1 failed\)\./);
    assert.match(text, /Cost: 1 model request, 1\.5k tokens, \$0\.0042; 3 test runs; 4\.2 s\./);
    assert.match(text, /Not applied: the workspace is unchanged/);
    assert.equal(winningDiff(result()), result().best!.diff);
  });

  test('unsolved, cancelled and failed searches say so, and give no diff to apply', () => {
    const partial = node({ status: 'failed', diff: 'x', tests: { passed: 2, failed: 1, total: 3 } });
    const unsolved = result({ status: 'unsolved', best: partial, nodes: [partial] });
    assert.match(summaryText(unsolved, { task: '', workspace: '/w', testCommand: 't' }), /^Not solved: no candidate passes every test; the best, n1, passes 2\/3\./);
    assert.equal(winningDiff(unsolved), undefined);
    assert.match(summaryText(result({ status: 'cancelled', best: null, nodes: [] }), { task: '', workspace: '/w', testCommand: 't' }), /^Cancelled/);
    assert.match(summaryText(result({ status: 'error', error: 'git failed', best: null }), { task: '', workspace: '/w', testCommand: 't' }), /^The search failed: git failed/);
    assert.match(summaryText(result({ applied: true }), { task: '', workspace: '/w', testCommand: 't' }), /Applied to the workspace: src\/range\.js\./);
    assert.match(summaryText(result({ applyError: 'src/range.js changed' }), { task: '', workspace: '/w', testCommand: 't' }), /Not applied: src\/range\.js changed/);
  });

  test('the structured result is the CLI\'s --json object and satisfies the published output schema', () => {
    const r = result({ stopReason: 'n1 passed every test (first-pass)' });
    assert.deepEqual(structuredResult(r), resultJson(r));
    assert.equal(solveResultSchema.safeParse(structuredResult(r)).success, true);
    for (const key of ['status', 'applied', 'best', 'candidates', 'stats']) assert.ok(key in structuredResult(r), key);
  });

  test('progress: one step for the baseline, each round and each finished candidate, always growing', () => {
    const steps: ProgressStep[] = [];
    const p = new SearchProgress({ samples: 2, rounds: 1 }, (s) => steps.push(s));
    const events: SearchEvent[] = [
      { type: 'baseline', report: result().baseline! },
      { type: 'round-started', round: 1 },
      { type: 'node', node: node({ id: 'root', parent: null }) },
      { type: 'node', node: node({ id: 'n1', status: 'testing' }) },
      { type: 'node', node: node({ id: 'n1', status: 'failed', tests: { passed: 2, failed: 1, total: 3 } }) },
      { type: 'node', node: node({ id: 'n1', status: 'failed' }) },
      { type: 'node', node: node({ id: 'n2', status: 'passed', tests: { passed: 3, failed: 0, total: 3 } }) },
      { type: 'stats', stats: result().stats },
    ];
    events.forEach(p.handle);
    assert.deepEqual(steps.map((s) => s.progress), [1, 2, 3, 4]);
    assert.ok(steps.every((s) => s.total === 4));
    assert.deepEqual(steps.map((s) => s.message), [
      'Baseline: 2/3 tests pass, 1 fail.',
      'Round 1 of 1: asking for up to 2 candidates.',
      'Candidate n1 failed 2/3 tests; 1 checked, 0 passed.',
      'Candidate n2 passed 3/3 tests; 2 checked, 1 passed.',
    ]);
  });
});
