// From a model's answer text to the edits it contains. Nothing here executes or evaluates model text.
import { parseBlocks, pathFromLine, SEARCH_MARK } from './blocks';
import { findFences, type Fence } from './fences';
import type { ParsedAnswer } from './types';

const DIFF_LANGS = new Set(['diff', 'patch', 'udiff', 'git-diff']);
const PLAN_LINE = /^\s*(?:[#>*_-]+\s*)*plan\s*(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?\s*(.*)$/i;
const PLAN_MAX = 200;

export function parseAnswer(text: string): ParsedAnswer {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const fences = findFences(lines);
  const { blocks, problems } = parseBlocks(lines);
  let diffs = fences.filter(isDiffFence).map((f) => joinBody(f.body));
  if (fences.length === 0 && blocks.length === 0) diffs = bareDiff(lines);
  const format = diffs.length > 0 ? (blocks.length > 0 ? 'mixed' : 'diff') : blocks.length > 0 ? 'search-replace' : 'none';
  return { plan: extractPlan(lines, fences), format, diffs, blocks, ...(problems.length > 0 ? { problems } : {}) };
}

function isDiffFence(f: Fence): boolean {
  if (f.body.some((l) => SEARCH_MARK.test(l))) return false;
  return DIFF_LANGS.has(f.lang) || startsLikeDiff(f.body, f.body.findIndex((l) => l.trim() !== ''));
}

function startsLikeDiff(lines: readonly string[], i: number): boolean {
  const line = lines[i];
  if (line === undefined) return false;
  return line.startsWith('diff --git ') || (line.startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ '));
}

function joinBody(body: readonly string[]): string {
  let end = body.length;
  while (end > 0 && body[end - 1]!.trim() === '') end--;
  return body.slice(0, end).join('\n') + '\n';
}

const DIFF_LINE = /^(?:[-+ @\\]|diff |index |new file mode|deleted file mode|old mode|new mode|rename |copy |similarity |dissimilarity |Binary files|GIT binary patch)/;

/** A diff pasted without fences: from its first file header to its last diff-shaped line, leaving prose around it out. */
function bareDiff(lines: readonly string[]): string[] {
  const start = lines.findIndex((_, i) => startsLikeDiff(lines, i));
  if (start < 0) return [];
  let end = lines.length - 1;
  while (end > start && !DIFF_LINE.test(lines[end]!)) end--;
  return [lines.slice(start, end + 1).join('\n') + '\n'];
}

function insideFence(i: number, fences: readonly Fence[]): boolean {
  return fences.some((f) => i >= f.open && i <= f.close);
}

function extractPlan(lines: readonly string[], fences: readonly Fence[]): string | undefined {
  for (let i = 0; i < lines.length; i++) {
    if (insideFence(i, fences)) continue;
    const m = PLAN_LINE.exec(lines[i]!);
    if (!m) continue;
    const rest = cleanProse(m[1]!);
    if (rest !== '') return clip(rest);
    const next = lines.slice(i + 1).find((l, k) => l.trim() !== '' && !insideFence(i + 1 + k, fences));
    if (next !== undefined && cleanProse(next) !== '') return clip(cleanProse(next));
  }
  return firstSentence(lines, fences);
}

function firstSentence(lines: readonly string[], fences: readonly Fence[]): string | undefined {
  const firstCode = lines.findIndex(
    (l, i) => insideFence(i, fences) || SEARCH_MARK.test(l) || startsLikeDiff(lines, i),
  );
  let end = firstCode < 0 ? lines.length : firstCode;
  // The file path line above a fence or SEARCH block is not prose.
  while (end > 0 && lines[end - 1]!.trim() === '') end--;
  if (end > 0 && firstCode >= 0 && isPathLine(lines[end - 1]!)) end--;
  const prose = cleanProse(lines.slice(0, end).map(cleanProse).join(' '));
  if (prose === '') return undefined;
  const m = /^(.+?[.!?])(?=\s|$)/.exec(prose);
  return clip(m ? m[1]! : prose);
}

function isPathLine(line: string): boolean {
  const bare = cleanProse(line).replace(/^(?:file(?:name)?|path)\s*:\s*/i, '');
  const path = pathFromLine(line);
  return path !== undefined && (!/\s/.test(bare) || bare.replace(/:$/, '').replace(/^\.\//, '') === path);
}

/** One line of markdown as plain text: no heading or list marker, no emphasis or code ticks. */
function cleanProse(s: string): string {
  return s
    .replace(/^\s*(?:#+|>|[-*+]|\d+[.)])\s+/, '')
    .replace(/\*\*|__|`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function clip(s: string): string {
  if (s.length <= PLAN_MAX) return s;
  const cut = s.slice(0, PLAN_MAX - 1);
  const space = cut.lastIndexOf(' ');
  return (space > PLAN_MAX / 2 ? cut.slice(0, space) : cut) + '…';
}
