// Peak memory of the engine for a large search: the shipped CLI bundle (dist/cli.js) runs a
// 256-candidate search in a child process against the scripted model served from this one, and
// reports its own peak RSS at exit (test runs are separate processes and do not count).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeOpenAI } from '../../test/support/fake-openai';
import { candidateMix } from '../fixtures/answers';
import { createWorkspace } from '../fixtures/workspace';
import { scriptedReplies } from '../lib/engine';
import { run } from '../lib/proc';

export interface MemoryResult {
  candidates: number;
  files: number;
  concurrency: number;
  peakRssMb: number;
  vmHwmMb: number | null;
  wallMs: number;
  exitCode: number | null;
  testRuns: number | null;
  uniqueCandidates: number | null;
}

const SHAPE = { files: 2, testsPerFile: 3, unitsPerTest: 1 };

export async function measureMemory(scratch: string, repoRoot: string, candidates: number, concurrency: number): Promise<MemoryResult> {
  const ws = await createWorkspace({ scratch, name: 'memory', files: 1000, suite: SHAPE });
  const mix = candidateMix(candidates, SHAPE);
  const server = await startFakeOpenAI({ reply: scriptedReplies(mix.answers, 200) });
  const out = join(scratch, 'memory-rss.json');
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, SWS_BENCH_RSS_OUT: out };
    // The search needs no key; a real one in the environment must not travel to the scripted server.
    delete env.OPENAI_API_KEY;
    const args = [
      '-r', join(repoRoot, 'bench', 'child', 'peak-rss.cjs'),
      join(repoRoot, 'dist', 'cli.js'), 'solve',
      '--workspace', ws.dir, '--test-command', ws.testCommand,
      '--base-url', server.url, '--model', 'bench',
      '--samples', String(candidates), '--rounds', '1', '--stop', 'best-of-budget',
      '--concurrency', String(concurrency), '--json', '--quiet',
    ];
    const r = await run(process.execPath, args, { cwd: ws.dir, env, okCodes: [1] });
    const rss = JSON.parse(readFileSync(out, 'utf8')) as { maxRssKb: number; vmHwmKb: number | null };
    const result = parseJson(r.stdout);
    return {
      candidates,
      files: ws.trackedFiles,
      concurrency,
      peakRssMb: Math.round(rss.maxRssKb / 1024),
      vmHwmMb: rss.vmHwmKb === null ? null : Math.round(rss.vmHwmKb / 1024),
      wallMs: Math.round(r.ms),
      exitCode: r.code,
      testRuns: result?.stats?.testRuns ?? null,
      uniqueCandidates: result?.stats?.uniqueCandidates ?? null,
    };
  } finally {
    await server.close();
  }
}

function parseJson(stdout: string): { stats?: { testRuns?: number; uniqueCandidates?: number } } | null {
  try {
    return JSON.parse(stdout) as { stats?: { testRuns?: number; uniqueCandidates?: number } };
  } catch {
    return null;
  }
}
