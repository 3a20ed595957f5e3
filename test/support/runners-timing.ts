// Wall time of a full-suite run and of a stage-1 run (the failing test only) on each runner
// fixture: what staging saves per candidate that fixes nothing. A measurement, not a test:
//   node --import tsx test/support/runners-timing.ts [runs] [padding files] [kinds...]
// The fixtures have four tests, so process start-up dominates; padding adds files of passing
// tests that wait 50 ms each (five per file), as a suite with some weight would.
import type { TestCaseResult } from '../../src/engine/types';
import { detectRunner } from '../../src/engine/detect';
import { scrubEnv } from '../../src/engine/verify';
import { TestRunner } from '../../src/engine/verify/runners';
import { makeRunnerRepo, missingTool, type FixtureKind } from './runners-fixtures';

const KINDS: FixtureKind[] = ['node-test', 'jest', 'vitest', 'mocha', 'tape', 'ava', 'pytest', 'unittest', 'go'];
const PER_FILE = 5;

/** One padding file of PER_FILE passing tests that wait 50 ms each, in the runner's own style. */
function paddingFile(kind: FixtureKind, i: number): [string, string] {
  const n = Array.from({ length: PER_FILE }, (_, j) => j);
  const wait = 'await new Promise((r) => setTimeout(r, 50));';
  switch (kind) {
    case 'node-test':
      return [`test/pad${i}.test.js`, `const { it } = require('node:test');\n${n.map((j) => `it('pad ${i}.${j}', async () => { ${wait} });`).join('\n')}\n`];
    case 'jest':
    case 'mocha':
      return [`test/pad${i}.test.js`, `${n.map((j) => `it('pad ${i}.${j}', async () => { ${wait} });`).join('\n')}\n`];
    case 'vitest':
      return [`test/pad${i}.test.js`, `import { it } from 'vitest';\n${n.map((j) => `it('pad ${i}.${j}', async () => { ${wait} });`).join('\n')}\n`];
    case 'tape':
      return [`test/pad${i}.test.js`, `const test = require('tape');\n${n.map((j) => `test('pad ${i}.${j}', async (t) => { ${wait} t.pass('waited'); });`).join('\n')}\n`];
    case 'ava':
      return [`test/pad${i}.test.js`, `const test = require('ava');\n${n.map((j) => `test('pad ${i}.${j}', async (t) => { ${wait} t.pass(); });`).join('\n')}\n`];
    case 'pytest':
      return [`tests/test_pad${i}.py`, `import time\n${n.map((j) => `def test_pad_${i}_${j}():\n    time.sleep(0.05)\n`).join('\n')}`];
    case 'unittest':
      return [`test_pad${i}.py`, `import time\nimport unittest\nclass TestPad${i}(unittest.TestCase):\n${n.map((j) => `    def test_pad_${j}(self):\n        time.sleep(0.05)\n`).join('')}`];
    case 'go':
      return [`calc/pad${i}_test.go`, `package calc\nimport (\n"testing"\n"time"\n)\n${n.map((j) => `func TestPad${i}x${j}(t *testing.T) { time.Sleep(50 * time.Millisecond) }`).join('\n')}\n`];
  }
}
const LIMITS = { timeoutMs: 120_000, maxOutputBytes: 1024 * 1024 };

interface Row {
  kind: FixtureKind;
  command: string;
  perTest: boolean;
  targeted: boolean;
  fullMs: number;
  stage1Ms: number;
  fullTests: number;
  stage1Tests: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function measure(kind: FixtureKind, runs: number, padding: number): Promise<Row | string> {
  const missing = missingTool(kind);
  if (missing) return `${kind}: skipped (${missing})`;
  const repo = makeRunnerRepo(kind, { flaky: false });
  try {
    for (let i = 0; i < padding; i++) repo.write(...paddingFile(kind, i));
    const plan = detectRunner(repo.dir)!;
    const runner = new TestRunner(plan);
    const env = scrubEnv(process.env);
    const opts = { cwd: repo.dir, env, ...LIMITS };
    // One warm-up run each (compilers and caches), then the measured ones, alternating.
    const first = await runner.run(opts);
    const targets: TestCaseResult[] = first.tests.filter((t) => t.status === 'failed');
    const targeted = runner.canSelect(targets);
    const stage1 = targeted ? await runner.run({ ...opts, only: targets }) : undefined;
    const full: number[] = [];
    const narrow: number[] = [];
    for (let i = 0; i < runs; i++) {
      let t0 = performance.now();
      await runner.run(opts);
      full.push(performance.now() - t0);
      if (!targeted) continue;
      t0 = performance.now();
      await runner.run({ ...opts, only: targets });
      narrow.push(performance.now() - t0);
    }
    return {
      kind,
      command: plan.command,
      perTest: first.level === 'per-test',
      targeted,
      fullMs: median(full),
      stage1Ms: targeted ? median(narrow) : NaN,
      fullTests: first.tests.filter((t) => t.status !== 'skipped').length,
      stage1Tests: stage1 ? stage1.tests.filter((t) => t.status !== 'skipped').length : 0,
    };
  } finally {
    repo.remove();
  }
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 5);
  const padding = Number(process.argv[3] ?? 0);
  const only = process.argv.slice(4) as FixtureKind[];
  console.log(`| runner | detected command | per-test | targeted | full suite (ms) | stage 1 (ms) | saved | tests full → stage 1 |`);
  console.log(`| --- | --- | --- | --- | --- | --- | --- | --- |`);
  for (const kind of only.length > 0 ? only : KINDS) {
    const row = await measure(kind, runs, padding);
    if (typeof row === 'string') {
      console.log(`| ${row} |`);
      continue;
    }
    const saved = row.targeted ? `${Math.round((1 - row.stage1Ms / row.fullMs) * 100)}%` : '—';
    console.log(
      `| ${row.kind} | \`${row.command}\` | ${row.perTest ? 'yes' : 'no'} | ${row.targeted ? 'yes' : 'no'} | ${Math.round(row.fullMs)} | ${row.targeted ? Math.round(row.stage1Ms) : '—'} | ${saved} | ${row.fullTests} → ${row.stage1Tests} |`,
    );
  }
}

if (require.main === module) void main();
