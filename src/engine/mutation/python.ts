// Python sources, mutated through python3's own parser: comparison, arithmetic and boolean
// swaps, off-by-one on literals, len() and indexes, negated and dropped conditions, rounding,
// swapped arguments, wrong local variables and None guards.
import { spawn } from 'node:child_process';
import type { Mutant, OperatorClass } from './mutant';
import { PRIORS } from './priors';
import { PYTHON_MUTANTS_SCRIPT } from './python-script';

const PARSE_TIMEOUT_MS = 10_000;

export function isPython(path: string): boolean {
  return /\.py$/.test(path);
}

interface PythonSite {
  start: number;
  end: number;
  replacement: string;
  op: OperatorClass;
  before: string;
  after: string;
  variant: number;
  line: number;
}

/** The script's output, or null when python3 is missing, fails or takes too long. */
function runParser(text: string): Promise<string | null> {
  return new Promise((resolve) => {
    // -I: isolated mode, no PYTHON* variables, no user site-packages. The script only parses.
    const child = spawn('python3', ['-I', '-c', PYTHON_MUTANTS_SCRIPT], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PYTHONIOENCODING: 'utf-8' },
      stdio: ['pipe', 'pipe', 'ignore'],
      timeout: PARSE_TIMEOUT_MS,
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.on('error', () => resolve(null));
    child.on('close', (code) => resolve(code === 0 ? Buffer.concat(out).toString('utf8') : null));
    child.stdin.on('error', () => undefined);
    child.stdin.end(text);
  });
}

/** null when python3 is missing or the file does not parse. */
export async function pythonMutantsByLine(path: string, text: string): Promise<Map<number, Mutant[]> | null> {
  const stdout = await runParser(text);
  if (stdout === null) return null;
  let sites: PythonSite[] | null;
  try {
    sites = JSON.parse(stdout) as PythonSite[] | null;
  } catch {
    return null;
  }
  if (!sites) return null;
  const byLine = new Map<number, Mutant[]>();
  const seen = new Set<string>();
  for (const s of sites) {
    const key = `${s.start}:${s.end}:${s.replacement}`;
    if (seen.has(key) || !(s.op in PRIORS)) continue;
    seen.add(key);
    const m: Mutant = { path, line: s.line, start: s.start, end: s.end, replacement: s.replacement, op: s.op, before: s.before, after: s.after, prior: PRIORS[s.op] * s.variant };
    byLine.set(s.line, [...(byLine.get(s.line) ?? []), m]);
  }
  for (const list of byLine.values()) list.sort((a, b) => b.prior - a.prior);
  return byLine;
}
