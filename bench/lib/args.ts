// Command-line options of `npm run bench`.
import { parseArgs } from 'node:util';
import { DEFAULT_DEPENDENCIES } from '../fixtures/deps';

export type Section = 'overhead' | 'throughput' | 'memory' | 'extension';
export const SECTIONS: Section[] = ['overhead', 'throughput', 'memory', 'extension'];

export interface BenchOptions {
  quick: boolean;
  sections: Section[];
  /** Repository sizes for the overhead section. */
  sizes: number[];
  /** Search sizes for the throughput section. */
  candidates: number[];
  /** The naive baseline runs at these sizes; larger ones are extrapolated from the largest of them. */
  naiveUpTo: number;
  latencyMs: number;
  /** CPU work of one full test run, on top of the runner's own start-up. */
  testMs: number;
  /** Test files of the throughput suite (node --test starts a process per file). */
  testFiles: number;
  /** Packages the throughput workspace installs (what the naive way installs again per candidate). */
  deps: number;
  repeats: number;
  overheadCandidates: number;
  memoryCandidates: number;
  activationRuns: number;
  dom: boolean;
  out: string;
}

export const USAGE = `Usage: npm run bench -- [options]

  --quick               smaller run: 1,000 and 10,000 files, 8 and 32 candidates, one repeat
  --only LIST           sections to run: ${SECTIONS.join(',')}
  --sizes LIST          repository sizes for the overhead section (default 1000,10000,50000)
  --candidates LIST     search sizes for the throughput section (default 8,32,128)
  --naive-up-to N       run the naive baseline up to N candidates, extrapolate beyond (default 32)
  --latency-ms N        the scripted model's latency per request (default 1000)
  --test-ms N           CPU work of one full test run besides the runner's start-up (default 400)
  --test-files N        test files in the throughput suite, 4 tests each (default 8)
  --deps N              packages the throughput workspace depends on, 19 files each
                        (default 338: what installing jest alone brings)
  --repeats N           engine runs per search size up to 32; the median is reported (default 3)
  --no-dom              skip the headless Chromium measurement of the tree webview
  --out FILE            where to write the JSON results (default bench/results/latest.json)
`;

function list(v: string | undefined, fallback: number[]): number[] {
  if (v === undefined) return fallback;
  const xs = v.split(',').map((s) => Number(s.trim()));
  if (xs.some((x) => !Number.isInteger(x) || x < 1)) throw new Error(`Expected a comma-separated list of positive whole numbers, got "${v}".`);
  return xs;
}

function int(v: string | undefined, fallback: number, min = 0): number {
  if (v === undefined) return fallback;
  const x = Number(v);
  if (!Number.isInteger(x) || x < min) throw new Error(`Expected a whole number of at least ${min}, got "${v}".`);
  return x;
}

export function parseBenchArgs(argv: string[], defaultOut: string): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: 'boolean' },
      only: { type: 'string' },
      sizes: { type: 'string' },
      candidates: { type: 'string' },
      'naive-up-to': { type: 'string' },
      'latency-ms': { type: 'string' },
      'test-ms': { type: 'string' },
      'test-files': { type: 'string' },
      deps: { type: 'string' },
      repeats: { type: 'string' },
      'no-dom': { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const quick = values.quick === true;
  const sections = values.only ? (values.only.split(',').map((s) => s.trim()) as Section[]) : SECTIONS;
  const unknown = sections.filter((s) => !SECTIONS.includes(s));
  if (unknown.length > 0) throw new Error(`Unknown section(s) ${unknown.join(', ')}: use ${SECTIONS.join(', ')}.`);
  return {
    quick,
    sections,
    sizes: list(values.sizes, quick ? [1000, 10_000] : [1000, 10_000, 50_000]),
    candidates: list(values.candidates, quick ? [8, 32] : [8, 32, 128]),
    naiveUpTo: int(values['naive-up-to'], 32, 1),
    latencyMs: int(values['latency-ms'], 1000),
    testMs: int(values['test-ms'], 400),
    testFiles: int(values['test-files'], 8, 1),
    deps: int(values.deps, DEFAULT_DEPENDENCIES.packages, 3),
    repeats: int(values.repeats, quick ? 1 : 3, 1),
    overheadCandidates: quick ? 10 : 20,
    memoryCandidates: 256,
    activationRuns: quick ? 5 : 15,
    dom: values['no-dom'] !== true,
    out: values.out ?? defaultOut,
  };
}
