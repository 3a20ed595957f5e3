/** How an elided stretch of a file is shown; the prompt tells the model never to copy it into a patch. */
export function omission(from: number, to: number): string {
  return from === to ? `[... line ${from} omitted ...]` : `[... lines ${from}-${to} omitted ...]`;
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/**
 * Cuts a file to about `maxBytes`, keeping whole lines nearest the anchors (1-based line numbers,
 * most important first) and then the file's head, where imports and declarations live.
 * Omitted stretches are marked with their line numbers.
 */
export function trimContent(content: string, maxBytes: number, anchors: number[] = []): string {
  if (bytes(content) <= maxBytes) return content;
  const lines = content.split('\n');
  const cost = lines.map((l) => bytes(l) + 1);
  // Each gap costs a marker line; reserve room for a few.
  let room = maxBytes - 40 * Math.min(anchors.length + 2, 12);
  const keep = new Array<boolean>(lines.length).fill(false);
  for (const i of linesByNearness(lines.length, anchors)) {
    const c = cost[i] ?? 0;
    if (c > room) continue;
    keep[i] = true;
    room -= c;
  }
  return render(lines, keep);
}

/** Line indexes ordered by distance to the nearest anchor; the head counts as a weaker anchor. */
function linesByNearness(count: number, anchors: number[]): number[] {
  const valid = anchors.map((a) => a - 1).filter((a) => a >= 0 && a < count);
  const score = (i: number) => {
    let best = i + (valid.length ? 8 : 0);
    valid.forEach((a, rank) => {
      // A line above an anchor matters more than one below (the function head is above).
      const d = i <= a ? (a - i) * 0.8 : (i - a) * 1.2;
      best = Math.min(best, d + rank * 0.5);
    });
    return best;
  };
  const scored = Array.from({ length: count }, (_, i) => ({ i, s: score(i) }));
  return scored.sort((a, b) => a.s - b.s || a.i - b.i).map((x) => x.i);
}

function render(lines: string[], keep: boolean[]): string {
  const out: string[] = [];
  let gapStart = -1;
  lines.forEach((line, i) => {
    if (keep[i]) {
      if (gapStart >= 0) out.push(omission(gapStart + 1, i));
      gapStart = -1;
      out.push(line);
    } else if (gapStart < 0) {
      gapStart = i;
    }
  });
  if (gapStart >= 0) out.push(omission(gapStart + 1, lines.length));
  return out.join('\n');
}

/** Keeps the head and the tail of long text (test output: names first, summary last), on line boundaries. */
export function headTail(text: string, maxBytes: number): string {
  if (bytes(text) <= maxBytes) return text;
  const lines = text.split('\n');
  const half = Math.max(0, Math.floor((maxBytes - 40) / 2));
  const head: string[] = [];
  let used = 0;
  for (const l of lines) {
    if (used + bytes(l) + 1 > half) break;
    head.push(l);
    used += bytes(l) + 1;
  }
  const tail: string[] = [];
  used = 0;
  for (let i = lines.length - 1; i >= head.length; i--) {
    const l = lines[i] ?? '';
    if (used + bytes(l) + 1 > half) break;
    tail.unshift(l);
    used += bytes(l) + 1;
  }
  const cut = lines.length - head.length - tail.length;
  if (head.length === 0 && tail.length === 0) return Buffer.from(text).subarray(0, Math.max(0, maxBytes - 20)).toString('utf8') + '\n[... cut ...]';
  return [...head, `[... ${cut} lines cut ...]`, ...tail].join('\n');
}

/** Water-filling: every file gets an equal share, and what small files leave over goes to the large ones. */
export function shareBudget(sizes: number[], budget: number): number[] {
  const order = sizes.map((s, i) => ({ s, i })).sort((a, b) => a.s - b.s);
  const out = new Array<number>(sizes.length).fill(0);
  let left = Math.max(0, budget);
  order.forEach(({ s, i }, k) => {
    const share = Math.floor(left / (order.length - k));
    out[i] = Math.min(s, share);
    left -= out[i] ?? 0;
  });
  return out;
}
