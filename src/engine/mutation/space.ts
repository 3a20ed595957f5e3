// The mutants still to try: one ranked stream over the snapshot, one per refined candidate,
// and a memory of every change set already proposed so nothing is tested twice.
import { createHash } from 'node:crypto';
import type { BaseReader } from '../patch';
import type { FileChange, SearchNode } from '../types';
import type { Localization } from './localize';
import { applyMutant, describeMutant, type Mutant } from './mutant';
import { mutantsByLine } from './operators';
import { parentBase, withFile } from './parent';
import { isMutableScript, parsesCleanly } from './parse';
import { isPython, pythonMutantsByLine } from './python';
import { NO_NULL_DEREF_FACTOR, NULL_DEREF_GUARD_PRIOR, PRIORS } from './priors';
import { rankMutants, sortLines, type Ranked, type RankedLine } from './rank';

export interface MutantProposal {
  changes: FileChange[];
  plan: string;
  mutant: Mutant;
  /** Time spent generating and checking it. */
  latencyMs: number;
}

/** How far around a refined candidate's edit its second-order mutants look. */
export const NEAR_LINES = 3;
/** How many of the most suspicious snapshot lines second-order mutants also look at. */
export const TOP_SUSPICIOUS = 30;

type Index = (path: string, line: number) => readonly Mutant[];

interface Stream {
  ranked: Generator<Ranked>;
  /** Text each mutant applies to, by path. */
  text(path: string): string | undefined;
  build(path: string, content: string): Promise<FileChange[]>;
  plan(m: Mutant): string;
}

/** Localization against what a candidate still fails, read from the candidate's version of the files. */
export type Refocus = (parent: SearchNode, texts: ReadonlyMap<string, string>) => Promise<Localization | null>;

export class MutantSpace {
  private readonly seen = new Set<string>();
  private readonly root: Stream;
  private readonly parents = new Map<string, Promise<Stream | null>>();
  private readonly lines: RankedLine[];

  /** Python files are parsed by python3 up front (a process each); JavaScript and TypeScript lazily, in process. */
  static async create(loc: Localization, reader: BaseReader, refocus?: Refocus): Promise<MutantSpace> {
    return new MutantSpace(loc, reader, refocus, await analysePython(loc.texts));
  }

  private constructor(
    private readonly loc: Localization,
    private readonly reader: BaseReader,
    private readonly refocus: Refocus | undefined,
    private readonly python: PythonIndex,
  ) {
    this.lines = sortLines(flatten(loc));
    const index = indexOver((p) => loc.texts.get(p), python);
    this.root = {
      ranked: rankMutants(this.lines, index, (m) => this.prior(m)),
      text: (p) => loc.texts.get(p),
      build: async (path, content) => [{ path, kind: 'modify', content }],
      plan: describeMutant,
    };
  }

  /**
   * Guards follow the evidence: raised on the line where a failure read through null or
   * undefined, kept when some failure did so elsewhere, lowered when none did.
   */
  private prior(m: Mutant): number {
    if (m.op !== 'null-guard') return m.prior;
    if (this.loc.nullDeref.has(`${m.path}:${m.line}`)) return NULL_DEREF_GUARD_PRIOR * (m.prior / PRIORS['null-guard']);
    return this.loc.nullDerefSeen ? m.prior : m.prior * NO_NULL_DEREF_FACTOR;
  }

  /** The next first-order mutants, best first; fewer than `count` once the space is spent. */
  async firstOrder(count: number, signal: AbortSignal, planPrefix = ''): Promise<MutantProposal[]> {
    return this.take(this.root, count, signal, planPrefix);
  }

  /** Second-order mutants: the parent's changes plus one mutation near its edit or on a suspicious line. */
  async onTopOf(parent: SearchNode, count: number, signal: AbortSignal): Promise<MutantProposal[]> {
    let stream = this.parents.get(parent.id);
    if (!stream) {
      stream = this.parentStream(parent);
      this.parents.set(parent.id, stream);
    }
    const s = await stream;
    return s ? this.take(s, count, signal, '') : [];
  }

  /**
   * Lines to mutate on top of a parent: near its edit, and the most suspicious lines for the
   * tests it still fails. A parent that fixed some tests without breaking others probably has
   * the right edit, so the remaining failures weigh more than its neighbourhood.
   */
  private async parentStream(parent: SearchNode): Promise<Stream | null> {
    const base = await parentBase(parent, this.reader);
    if (!base) return null;
    this.seen.add(changeKey(base.changes));
    const text = (p: string) => base.texts.get(p) ?? this.loc.texts.get(p);
    const lines = new Map<string, RankedLine>();
    const note = (path: string, line: number, score: number) => {
      const key = `${path}:${line}`;
      const had = lines.get(key);
      if (!had || had.score < score) lines.set(key, { path, line, score });
    };
    const v = parent.verdict;
    const sound = v !== undefined && v.fixed.length > 0 && v.regressed.length === 0;
    const [nearTop, nearStep] = sound ? [0.5, 0.1] : [1, 0.15];
    for (const [path, edited] of base.edited) {
      if (!isMutableScript(path) && !isPython(path)) continue;
      for (const e of edited) for (let d = -NEAR_LINES; d <= NEAR_LINES; d++) if (e + d >= 1) note(path, e + d, nearTop - nearStep * Math.abs(d));
    }
    const focus = this.refocus ? await this.refocus(parent, base.texts).catch(() => null) : null;
    const ranked = focus ? sortLines(flatten(focus)) : this.lines;
    const top = ranked.slice(0, TOP_SUSPICIOUS);
    const best = top[0]?.score ?? 1;
    for (const l of top) {
      // Focus lines are already in the parent's version of the files; snapshot lines move with its edits.
      const line = focus ? l.line : base.mapLine(l.path, l.line);
      if (line !== undefined) note(l.path, line, (0.9 * l.score) / best);
    }
    const python = new Map([...this.python, ...(await analysePython(base.texts))]);
    return {
      ranked: rankMutants(sortLines([...lines.values()]), indexOver(text, python), (m) => this.prior(m)),
      text,
      build: (path, content) => withFile(base, path, content, this.reader),
      plan: (m) => `on top of ${parent.id}: ${describeMutant(m)}`,
    };
  }

  private async take(s: Stream, count: number, signal: AbortSignal, planPrefix: string): Promise<MutantProposal[]> {
    const out: MutantProposal[] = [];
    while (out.length < count && !signal.aborted) {
      const t0 = performance.now();
      const next = s.ranked.next();
      if (next.done) break;
      const m = next.value.mutant;
      const before = s.text(m.path);
      if (before === undefined) continue;
      const after = applyMutant(before, m);
      // Python mutants are token swaps and whole-line guards that keep the syntax; the rest is checked.
      if (after === before || (isMutableScript(m.path) && !parsesCleanly(m.path, after))) continue;
      const changes = await s.build(m.path, after);
      if (changes.length === 0) continue;
      const key = changeKey(changes);
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      out.push({ changes, plan: planPrefix + s.plan(m), mutant: m, latencyMs: Math.round(performance.now() - t0) });
    }
    return out;
  }
}

function flatten(loc: Localization): RankedLine[] {
  return [...loc.lines].flatMap(([path, m]) => [...m].map(([line, score]) => ({ path, line, score })));
}

type PythonIndex = ReadonlyMap<string, Map<number, Mutant[]> | null>;

async function analysePython(texts: ReadonlyMap<string, string>): Promise<PythonIndex> {
  const out = new Map<string, Map<number, Mutant[]> | null>();
  for (const [path, text] of texts) if (isPython(path)) out.set(path, await pythonMutantsByLine(path, text));
  return out;
}

/** Mutants per line of each file, computed once per file and text on first use. */
function indexOver(text: (path: string) => string | undefined, python: PythonIndex): Index {
  const cache = new Map<string, Map<number, Mutant[]> | null>();
  return (path, line) => {
    if (isPython(path)) return python.get(path)?.get(line) ?? [];
    if (!cache.has(path)) {
      const t = text(path);
      cache.set(path, t === undefined || !isMutableScript(path) ? null : mutantsByLine(path, t));
    }
    return cache.get(path)?.get(line) ?? [];
  };
}

/** Equal change sets, equal keys: what "the same candidate" means before the engine renders a diff. */
function changeKey(changes: readonly FileChange[]): string {
  const h = createHash('sha256');
  for (const c of [...changes].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    h.update(`${c.kind}\0${c.oldPath ?? ''}\0${c.path}\0${c.content ?? '\u0001'}\0`);
  }
  return h.digest('hex');
}
