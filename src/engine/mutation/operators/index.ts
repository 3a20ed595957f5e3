// Every mutant of a JavaScript or TypeScript file, grouped by line, likeliest first on each line.
import type { Mutant } from '../mutant';
import { isTypeOnly, parseScript, walk } from '../parse';
import { Scopes } from '../scope';
import { indexBound, lengthBound } from './bounds';
import { swapArguments } from './calls';
import { arithmetic, booleanLiteral, comparison, literalOffByOne, logical, negateCondition, rounding } from './expressions';
import type { Operator, Site } from './site';
import { nullGuard } from './guards';
import { wrongProperty, wrongVariable } from './variables';

const OPERATORS: Operator[] = [
  comparison,
  literalOffByOne,
  lengthBound,
  indexBound,
  arithmetic,
  logical,
  negateCondition,
  booleanLiteral,
  rounding,
  nullGuard,
  swapArguments,
  wrongVariable,
  wrongProperty,
];

/** Offsets where each line starts, for offset → line lookups. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** null when the file does not parse: no mutant of it could be checked. */
export function mutantsByLine(path: string, text: string): Map<number, Mutant[]> | null {
  const ast = parseScript(path, text);
  if (!ast) return null;
  const scopes = new Scopes(ast);
  const starts = lineStarts(text);
  const byLine = new Map<number, Mutant[]>();
  const seen = new Set<string>();
  const emit: Site['emit'] = ({ lineAt, ...m }) => {
    // Several accesses in one statement ask for the same guard; one copy is enough.
    const key = `${m.start}:${m.end}:${m.replacement}`;
    if (seen.has(key)) return;
    seen.add(key);
    const line = lineOf(starts, lineAt ?? m.start);
    const list = byLine.get(line) ?? [];
    list.push({ ...m, path, line });
    byLine.set(line, list);
  };
  walk(ast.program, ({ node, key, parents }) => {
    if (isTypeOnly(node)) return false;
    const site: Site = { text, node, key, parents, scopes, emit };
    for (const op of OPERATORS) op(site);
    return;
  });
  // Stable sort: equal priors keep source order.
  for (const list of byLine.values()) list.sort((a, b) => b.prior - a.prior);
  return byLine;
}
