// Mutants in order of suspiciousness(line) × prior, produced lazily: lines are opened only when
// their best possible mutant could still come next, so a large workspace never materializes.
import type { Mutant } from './mutant';

export interface RankedLine {
  path: string;
  line: number;
  score: number;
}

export interface Ranked {
  mutant: Mutant;
  score: number;
}

interface Entry extends Ranked {
  seq: number;
  /** Score before any line decay. */
  base: number;
}

/** Max-heap on score; equal scores come out in insertion order, so the ranking is deterministic. */
class Heap {
  private readonly items: Entry[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Entry | undefined {
    return this.items[0];
  }

  private before(a: Entry, b: Entry): boolean {
    return a.score > b.score || (a.score === b.score && a.seq < b.seq);
  }

  push(e: Entry): void {
    const a = this.items;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!this.before(a[i]!, a[up]!)) break;
      [a[i], a[up]] = [a[up]!, a[i]!];
      i = up;
    }
  }

  pop(): Entry | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.before(a[l]!, a[m]!)) m = l;
        if (r < a.length && this.before(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

/** Ties between lines of equal suspiciousness go to files, then lines, in reading order. */
export function sortLines(lines: RankedLine[]): RankedLine[] {
  return lines.sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.line - b.line);
}

/**
 * A failed mutant makes its line a little less likely to hold the fault: had the fault been
 * there, that edit had its share of the line's prior mass to fix it. After failed edits with
 * a share f of the mass, the line's weight is 1 − EVIDENCE·f: a line with three edits, two of
 * them tried, drops fast; a line with thirty edits hardly moves. Searching a function of equally
 * suspicious lines thus moves on from a line whose likely edits are spent.
 */
export const EVIDENCE = 0.8;

/**
 * Best-first over `lines` (sorted by score, best first). `prior` may raise a mutant's prior
 * up to `maxPrior` (a hint from the failure). Scores in the heap are upper bounds (the line
 * decay only lowers them), so an entry whose line was tried since it was queued goes back in
 * with its lowered score; the order stays exact.
 */
export function* rankMutants(
  lines: readonly RankedLine[],
  mutantsAt: (path: string, line: number) => readonly Mutant[],
  prior: (m: Mutant) => number = (m) => m.prior,
  maxPrior = 1.5,
): Generator<Ranked> {
  const heap = new Heap();
  const mass = new Map<string, { total: number; tried: number }>();
  let next = 0;
  let seq = 0;
  for (;;) {
    while (next < lines.length && (heap.size === 0 || lines[next]!.score * maxPrior >= heap.peek()!.score)) {
      const l = lines[next++]!;
      if (l.score <= 0) continue;
      let total = 0;
      for (const m of mutantsAt(l.path, l.line)) {
        const p = Math.min(prior(m), maxPrior);
        total += p;
        heap.push({ mutant: m, score: l.score * p, base: l.score * p, seq: seq++ });
      }
      if (total > 0) mass.set(`${l.path}:${l.line}`, { total, tried: 0 });
    }
    const top = heap.pop();
    if (!top) return;
    const m = mass.get(`${top.mutant.path}:${top.mutant.line}`);
    const now = m ? top.base * (1 - (EVIDENCE * m.tried) / m.total) : top.base;
    if (now < top.score) {
      heap.push({ ...top, score: now });
      continue;
    }
    if (m) m.tried += Math.min(prior(top.mutant), maxPrior);
    yield { mutant: top.mutant, score: top.score };
  }
}
