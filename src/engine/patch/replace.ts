// Applying one SEARCH/REPLACE block: the SEARCH lines must occur exactly once.
import { joinLines, quoteLine, splitLines, squash, type TextEdit } from './text';
import type { SearchReplaceBlock } from './types';

/** Ways to compare lines, strictest first: exact, then ignoring trailing whitespace, then ignoring all whitespace drift. */
const LEVELS: Array<(line: string) => string> = [(l) => l, (l) => l.trimEnd(), squash];

/** Applies a block with a non-empty SEARCH part to LF text; `label` names the block in messages. */
export function applyBlock(text: string, block: SearchReplaceBlock, label: string): TextEdit {
  const file = splitLines(text);
  const search = splitLines(block.search).lines;
  const replace = splitLines(block.replace).lines;
  for (const [level, norm] of LEVELS.entries()) {
    const hits = findAll(file.lines.map(norm), search.map(norm));
    if (hits.length > 1) {
      return { ok: false, reason: `The SEARCH part of ${label} matches ${hits.length} places in ${block.path}; include more surrounding lines so it matches once.` };
    }
    if (hits.length === 1) {
      const at = hits[0]!;
      const found = file.lines.slice(at, at + search.length);
      const lines = level === 0 ? replace : reindent(replace, search, found);
      file.lines.splice(at, search.length, ...lines);
      return { ok: true, text: joinLines(file.lines, file.finalNewline), fuzzy: level > 0 };
    }
  }
  const present = new Set(file.lines.map(squash));
  const missing = search.find((l) => l.trim() !== '' && !present.has(squash(l)));
  const why = missing !== undefined ? `the line ${quoteLine(missing)} is not in the file` : 'its lines are not found together in the file';
  return { ok: false, reason: `The SEARCH part of ${label} does not match ${block.path}: ${why}.` };
}

function findAll(hay: readonly string[], needle: readonly string[]): number[] {
  const hits: number[] = [];
  if (needle.length === 0) return hits;
  for (let i = 0; i + needle.length <= hay.length; i++) {
    if (needle.every((l, k) => hay[i + k] === l)) hits.push(i);
  }
  return hits;
}

const indentOf = (l: string) => /^\s*/.exec(l)![0];

/** When the SEARCH lines matched only after an indentation shift, shifts the REPLACE lines the same way. */
function reindent(replace: readonly string[], search: readonly string[], found: readonly string[]): string[] {
  const first = search.findIndex((l) => l.trim() !== '');
  if (first < 0) return [...replace];
  const from = indentOf(search[first]!);
  const to = indentOf(found[first]!);
  const consistent = search.every(
    (l, k) => l.trim() === '' || (l.startsWith(from) && found[k]!.startsWith(to) && indentOf(found[k]!).length - to.length === indentOf(l).length - from.length),
  );
  if (from === to || !consistent) return [...replace];
  return replace.map((l) => (l.trim() !== '' && l.startsWith(from) ? to + l.slice(from.length) : l));
}
