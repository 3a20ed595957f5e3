// Detection, command plans, targeted commands and the stage-1 rules, without running any runner.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { detectRunner, detectTestCommand, planForCommand } from '../../src/engine/detect';
import type { TestCaseResult, TestReport, Verdict } from '../../src/engine/types';
import { decideStage1, splitCommand, stopsAtStage1, targetedCommand, TestRunner } from '../../src/engine/verify/runners';

function workspace(t: { after(fn: () => void): void }, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sws-detect-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const pkg = (scripts: Record<string, string>, extra: object = {}) => JSON.stringify({ name: 'x', scripts, ...extra });
const failing = (id: string, name: string, extra: Partial<TestCaseResult> = {}): TestCaseResult => ({ id, name, status: 'failed', ...extra });

/** The value of `flag` in a targeted command, unquoted. */
function argOf(command: string, flag: string): string {
  const words = splitCommand(command)!.words;
  const i = words.findIndex((w) => w === flag || w.startsWith(`${flag}=`));
  assert.ok(i >= 0, `${flag} in ${command}`);
  return words[i]!.startsWith(`${flag}=`) ? words[i]!.slice(flag.length + 1) : words[i + 1]!;
}

describe('splitting commands', () => {
  test('a simple command splits into words; anything more is opaque', () => {
    assert.deepEqual(splitCommand(`FOO=1 npx jest -t 'a b' "c \\"d\\"" e\\ f`)?.words, ['FOO=1', 'npx', 'jest', '-t', 'a b', 'c "d"', 'e f']);
    for (const text of ['tsc && jest', 'jest | tee log', 'jest; echo', 'jest > out', 'jest $(cat args)', 'jest `x`', 'jest # comment', "jest 'open", 'a\nb']) {
      assert.equal(splitCommand(text), null, text);
    }
  });
});

describe('detecting the test command', () => {
  test('package.json: the manager from lockfiles or packageManager, the runner from the script', (t) => {
    const cases: Array<[Record<string, string>, string, string | null]> = [
      [{ 'package.json': pkg({ test: 'jest' }) }, 'npm run test', 'jest'],
      [{ 'package.json': pkg({ test: 'vitest run' }), 'pnpm-lock.yaml': '' }, 'pnpm run test', 'vitest'],
      [{ 'package.json': pkg({ test: 'mocha' }), 'yarn.lock': '' }, 'yarn run test', 'mocha'],
      [{ 'package.json': pkg({ test: 'tape test/*.js' }, { packageManager: 'bun@1.1.0' }), 'package-lock.json': '{}' }, 'bun run test', 'tape'],
      [{ 'package.json': pkg({ test: 'node --test' }) }, 'npm run test', 'node-test'],
      [{ 'package.json': pkg({ test: 'ava --verbose' }) }, 'npm run test', 'ava'],
    ];
    for (const [files, command, runner] of cases) {
      const plan = detectRunner(workspace(t, files))!;
      assert.equal(plan.command, command);
      assert.equal(plan.runner, runner);
      assert.ok(plan.invocation, `${command} runs the script directly`);
      assert.match(plan.reason, /package\.json script "test" runs/);
    }
  });

  test('a script with hooks, several commands or another runner behind it is run as it is', (t) => {
    const hooked = detectRunner(workspace(t, { 'package.json': pkg({ pretest: 'tsc', test: 'jest' }) }))!;
    assert.equal(hooked.runner, 'jest');
    assert.equal(hooked.invocation, null);
    assert.match(hooked.reason, /because of the pretest script/);
    const listed = detectRunner(workspace(t, { 'package.json': pkg({ test: 'tsc && vitest run' }) }))!;
    assert.equal(listed.runner, 'vitest');
    assert.equal(listed.invocation, null);
    const hidden = detectRunner(workspace(t, { 'package.json': pkg({ test: 'node scripts/test.js' }, { devDependencies: { mocha: '1' } }) }))!;
    assert.equal(hidden.runner, 'mocha', 'the runner from devDependencies');
    assert.equal(hidden.invocation, null);
    const chained = detectRunner(workspace(t, { 'package.json': pkg({ test: 'npm run test:unit', 'test:unit': 'jest --ci' }) }))!;
    assert.equal(chained.invocation?.text, 'jest --ci');
    assert.match(chained.reason, /via "test:unit"/);
  });

  test('Python, Go, Rust and Java; nothing found is null', (t) => {
    const cases: Array<[Record<string, string>, string | null, string | null, RegExp]> = [
      [{ 'pyproject.toml': '[tool.pytest.ini_options]\n', 'tests/test_a.py': 'def test_a(): pass\n' }, 'python3 -m pytest -q', 'pytest', /pyproject\.toml has \[tool\.pytest/],
      [{ 'requirements-dev.txt': 'pytest==8\n' }, 'python3 -m pytest -q', 'pytest', /names pytest/],
      [{ 'tests/test_a.py': 'import pytest\n' }, 'python3 -m pytest -q', 'pytest', /imports pytest/],
      [{ 'test_a.py': 'import unittest\n', '.venv/bin/python': '' }, '.venv/bin/python -m unittest', 'unittest', /unittest/],
      [{ 'tests/test_a.py': 'import unittest\n' }, 'python3 -m unittest discover -s tests', 'unittest', /unittest/],
      [{ 'package.json': pkg({ test: 'echo "Error: no test specified" && exit 1' }), 'go.mod': 'module x\n' }, 'go test ./...', 'go', /go\.mod found/],
      [{ 'Cargo.toml': '[package]\n' }, 'cargo test', 'cargo', /Cargo\.toml/],
      [{ 'pom.xml': '<project/>' }, 'mvn -q test', 'maven', /pom\.xml/],
      [{ gradlew: '#!/bin/sh\n' }, './gradlew test', 'gradle', /gradlew/],
    ];
    for (const [files, command, runner, reason] of cases) {
      const plan = detectRunner(workspace(t, files));
      assert.equal(plan?.command, command);
      assert.equal(plan?.runner, runner);
      assert.match(plan!.reason, reason);
    }
    assert.equal(detectRunner(workspace(t, { 'README.md': 'hi' })), null);
    assert.deepEqual(detectTestCommand(workspace(t, { 'go.mod': 'module x\n' })), { command: 'go test ./...', reason: 'go.mod found' });
  });
});

describe('planning a configured command', () => {
  test('package scripts are looked into; single runner commands may be extended; the rest runs as written', (t) => {
    const ws = workspace(t, { 'package.json': pkg({ test: 'jest', unit: 'mocha test/unit' }) });
    const viaNpm = planForCommand('npm test', ws);
    assert.equal(viaNpm.runner, 'jest');
    assert.equal(viaNpm.command, 'npm test');
    assert.equal(planForCommand('yarn unit', ws).invocation?.text, 'mocha test/unit');
    assert.equal(planForCommand('npm test -- --ci', ws).invocation, null, 'extra arguments to the package manager: not looked into');

    const npx = planForCommand('CI=1 npx jest --ci', ws);
    assert.equal(new TestRunner(npx).commandFor(), 'CI=1 npx jest --json --outputFile=.solve-with-search-report-X/jest.json --ci');
    const own = planForCommand('npx jest --json', ws);
    assert.equal(new TestRunner(own).commandFor(), 'npx jest --json', 'a reporter the user chose is kept');

    const opaque = planForCommand('make test', ws);
    assert.equal(opaque.runner, null);
    assert.equal(opaque.invocation, null);
    assert.equal(new TestRunner(opaque).asksForReports, false);
    assert.match(opaque.reason, /run exactly as written/);

    // pytest reads its options from the environment, so even a wrapped pytest reports per test.
    const wrapped = planForCommand('cd api && python -m pytest', ws);
    assert.equal(wrapped.runner, 'pytest');
    const spec = targetedCommand(wrapped, [failing('tests/test_a.py > pytest > tests.test_a > test_a[1]', 'test_a[1]')])!;
    assert.equal(spec.command, 'cd api && python -m pytest');
    assert.match(spec.env.PYTEST_ADDOPTS!, /--junitxml=.* -o junit_family=xunit1 -k test_a$/);
  });
});

describe('targeted commands', () => {
  const plan = (command: string) => planForCommand(command, '/nonexistent');

  test('name filters are escaped regular expressions that match exactly the target names', () => {
    const weird = 'multiplies (a*b) [x] $1 + ^y?';
    const node = targetedCommand(plan('node --test'), [failing(`calc > ${weird}`, weird)])!.command;
    const nodeRe = new RegExp(argOf(node, '--test-name-pattern'));
    assert.ok(nodeRe.test(weird) && nodeRe.test(`calc ${weird}`));
    assert.ok(!nodeRe.test(`${weird} 2`) && !nodeRe.test('multiplies (aab) [x] $1 + ^y?'));

    const jest = targetedCommand(plan('jest'), [failing(`test/m.test.js > calc > ${weird}`, weird, { file: 'test/m.test.js' })])!.command;
    const jestRe = new RegExp(argOf(jest, '-t'));
    assert.ok(jestRe.test(`calc ${weird}`) && !jestRe.test(weird));
    const fileRe = new RegExp(splitCommand(jest)!.words.at(-1)!);
    assert.ok(fileRe.test('/tmp/w/test/m.test.js') && !fileRe.test('/tmp/w/test/m.test.jsx') && !fileRe.test('/tmp/w/test/xm.test.js'));

    const vitest = targetedCommand(plan('vitest run'), [failing(`test/m.test.js > ${weird}`, weird, { file: 'test/m.test.js' })])!.command;
    assert.ok(new RegExp(argOf(vitest, '-t')).test(weird));
    assert.equal(splitCommand(vitest)!.words.at(-1), 'test/m.test.js');

    const mocha = targetedCommand(plan('mocha'), [failing(`test/m.js > Mocha Tests > calc > ${weird}`, weird, { file: 'test/m.js' })])!.command;
    assert.ok(new RegExp(argOf(mocha, '--grep')).test(`calc ${weird}`));
  });

  test('each runner selects in its own way, or says it cannot', () => {
    assert.equal(
      targetedCommand(plan('go test ./...'), [failing('m/p > TestSub > neg', 'neg'), failing('m/p > TestMul', 'TestMul'), failing('m/p > TestSub > pos', 'pos')])!.command,
      "go test -json -run '^(?:TestSub|TestMul)$' ./...",
    );
    assert.equal(targetedCommand(plan('go test ./...'), [failing('m/p', 'm/p')]), null, 'a package that did not build has no test name');
    const located = [failing('calc > m', 'm', { file: 'test/m.test.js' })];
    assert.equal(targetedCommand(plan('node --test'), located)!.command, "node --test --test-reporter=tap '--test-name-pattern=^(?:m|calc m)$' test/m.test.js");
    assert.equal(
      targetedCommand(plan('node --import tsx --test test/'), located)!.command,
      "node --import tsx --test --test-reporter=tap '--test-name-pattern=^(?:m|calc m)$' test/",
      'the files the user named stay the only ones',
    );
    assert.equal(targetedCommand(plan('cargo test'), [failing('src/lib.rs > tests::muls', 'tests::muls')])!.command, 'cargo test -- --exact tests::muls');
    assert.equal(targetedCommand(plan('cargo test -- --nocapture'), [failing('x > a::b', 'a::b')])!.command, 'cargo test -- --nocapture --exact a::b');
    assert.equal(
      targetedCommand(plan('tape -r esm "test/**/*.js"'), [failing('calc > two', 'two', { stack: 'at Test.<anonymous> (test/mul.test.js:3:36)' })])!.command,
      'tape -r esm test/mul.test.js',
    );
    assert.equal(targetedCommand(plan('tape test/*.js'), [failing('calc > two', 'two')]), null, 'no stack, no file to run');
    assert.equal(
      targetedCommand(plan('ava'), [failing('mul › calc multiplies', 'mul › calc multiplies'), failing('!odd', '!odd')])!.command,
      "ava --tap --match 'mul › calc multiplies' --match 'calc multiplies' --match '*!odd'",
    );
    assert.equal(targetedCommand(plan('python3 -m unittest'), [failing('t.T.test_a > (i=1)', 'test_a')])!.command, 'python3 -m unittest -v t.T.test_a');
    assert.equal(targetedCommand(plan('python3 -m unittest discover -s tests'), [failing('t.T.test_a', 'test_a')]), null);
    assert.equal(targetedCommand(plan('python3 -m pytest'), [failing('x > tests/a.py::weird name', 'weird name')]), null);
    assert.equal(targetedCommand(plan('make test'), [failing('a', 'a')]), null);
    const many = Array.from({ length: 3000 }, (_, i) => failing(`calc > test number ${i} with a long name`, `test number ${i} with a long name`));
    assert.equal(targetedCommand(plan('node --test'), many), null, 'a selection longer than the system takes is not attempted');
  });
});

describe('stage 1', () => {
  const test5: TestCaseResult[] = ['a', 'b', 'c', 'd'].map((n) => ({ id: n, name: n, status: 'passed' as const }));
  const report = (tests: TestCaseResult[], extra: Partial<TestReport> = {}): TestReport => ({
    level: 'per-test',
    counts: { passed: 0, failed: 0, total: tests.length },
    tests,
    exitCode: 1,
    signal: null,
    timedOut: false,
    outputLimited: false,
    durationMs: 1,
    output: '',
    truncated: false,
    ...extra,
  });
  const runner = new TestRunner(planForCommand('node --test', '/nonexistent'));
  const confirmed = { flaky: [], confirmed: ['x'], missing: [] };

  test('planned for a few targets the runner re-ran; off otherwise, with the reason', () => {
    const target = failing('x', 'x');
    const baseline = report([...test5, target]);
    const on = decideStage1(runner, baseline, [target], confirmed, true);
    assert.deepEqual(on.stage1?.baseline.tests, [target], 'a stage-1 run is judged against the targets alone');
    assert.match(on.note, /^Stage 1: each candidate first runs the 1 failing test \(name pattern/);
    assert.match(decideStage1(runner, baseline, [target], confirmed, false).note, /turned off/);
    assert.match(decideStage1(runner, baseline, [target], { flaky: [], confirmed: [], missing: ['x'] }, true).note, /did not report every failing test/);
    const most = [failing('p', 'p'), failing('q', 'q'), failing('r', 'r')];
    assert.match(decideStage1(runner, report([test5[0]!, ...most]), most, { flaky: [], confirmed: ['p', 'q', 'r'], missing: [] }, true).note, /3 of 4 tests fail/);
    assert.match(decideStage1(new TestRunner(planForCommand('make test', '/x')), baseline, [target], confirmed, true).note, /cannot be narrowed/);
  });

  test('a candidate stops after stage 1 only when it fixed nothing and something failed', () => {
    const verdict = (fixed: string[]): Verdict => ({ fixed } as unknown as Verdict);
    const failed = report([failing('x', 'x')]);
    assert.equal(stopsAtStage1(verdict([]), failed, new Set()), true);
    assert.equal(stopsAtStage1(verdict(['x']), failed, new Set()), false);
    assert.equal(stopsAtStage1(verdict([]), report([]), new Set()), false, 'the selection missed the targets: the full suite decides');
    assert.equal(stopsAtStage1(verdict([]), failed, new Set(['x'])), false, 'a flaky failure proves nothing');
    assert.equal(stopsAtStage1(verdict([]), report([], { timedOut: true }), new Set()), true);
  });
});
