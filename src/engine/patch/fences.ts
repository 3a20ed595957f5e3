// Markdown code fences in a model's answer.

export interface Fence {
  /** Index of the opening fence line. */
  open: number;
  /** Index of the closing fence line; lines.length when the answer ends inside the fence. */
  close: number;
  /** Info string after the fence characters, e.g. `diff` or `python src/app.py`. */
  info: string;
  /** Lowercased first word of the info string. */
  lang: string;
  body: string[];
}

const OPEN = /^( {0,3})(`{3,}|~{3,})\s*([^`]*?)\s*$/;

export function findFences(lines: readonly string[]): Fence[] {
  const fences: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = OPEN.exec(lines[i]!);
    if (!m) continue;
    const indent = m[1]!.length;
    const marker = m[2]!;
    const info = m[3]!;
    // A closing fence indented deeper than the opening one is content: a diff's context line " ```" must not end its fence.
    const close = findClose(lines, i + 1, marker, indent);
    fences.push({
      open: i,
      close,
      info,
      lang: (info.split(/[\s:{]/)[0] ?? '').toLowerCase(),
      body: lines.slice(i + 1, close).map((l) => stripIndent(l, indent)),
    });
    i = close;
  }
  return fences;
}

function findClose(lines: readonly string[], from: number, marker: string, indent: number): number {
  const char = marker[0]!;
  for (let j = from; j < lines.length; j++) {
    const line = lines[j]!;
    const lead = line.length - line.trimStart().length;
    if (lead > indent) continue;
    const rest = line.trim();
    if (rest.length >= marker.length && [...rest].every((c) => c === char)) return j;
  }
  return lines.length;
}

function stripIndent(line: string, indent: number): string {
  let n = 0;
  while (n < indent && line[n] === ' ') n++;
  return line.slice(n);
}
