// SEARCH/REPLACE edit blocks (aider style) in a model's answer.
import type { SearchReplaceBlock } from './types';

export const SEARCH_MARK = /^\s*<{5,9}\s*SEARCH>?\s*$/i;
const DIVIDER_MARK = /^\s*={5,9}\s*$/;
const REPLACE_MARK = /^\s*>{5,9}\s*REPLACE\s*$/i;
const FENCE_LINE = /^\s*(?:`{3,}|~{3,})(.*)$/;
/** How many non-blank lines above `<<<<<<< SEARCH` may hold the file path. */
const PATH_LOOKBACK = 3;
const BARE_FILE_NAMES = new Set(['Makefile', 'Dockerfile', 'Rakefile', 'Gemfile', 'Procfile', 'Jenkinsfile', 'Vagrantfile', 'Justfile']);

export interface BlockParse {
  blocks: SearchReplaceBlock[];
  problems: string[];
}

/** Finds every SEARCH/REPLACE block; blocks are scanned line by line, not by fence, because their text may itself contain fences. */
export function parseBlocks(lines: readonly string[]): BlockParse {
  const blocks: SearchReplaceBlock[] = [];
  const problems: string[] = [];
  let lastPath: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    if (!SEARCH_MARK.test(lines[i]!)) continue;
    // A block without its own path line continues the file of the block before it.
    const path = pathAbove(lines, i) ?? lastPath;
    const divider = findLine(lines, i + 1, DIVIDER_MARK, [SEARCH_MARK, REPLACE_MARK]);
    const end = divider < 0 ? -1 : findLine(lines, divider + 1, REPLACE_MARK, [SEARCH_MARK]);
    const name = path ?? 'an unnamed file';
    if (divider < 0) {
      problems.push(`The SEARCH/REPLACE block for ${name} has no ======= line between its SEARCH and REPLACE parts.`);
      continue;
    }
    if (end < 0) {
      problems.push(`The SEARCH/REPLACE block for ${name} is cut off before its >>>>>>> REPLACE line.`);
      i = divider;
      continue;
    }
    if (path === undefined) {
      problems.push('A SEARCH/REPLACE block names no file: the file path must be on the line just above its fence.');
    } else {
      blocks.push({ path, search: joinLines(lines.slice(i + 1, divider)), replace: joinLines(lines.slice(divider + 1, end)) });
      lastPath = path;
    }
    i = end;
  }
  return { blocks, problems };
}

/** Index of the first line from `from` matching `want`, or -1 if the end or a `stop` line comes first. */
function findLine(lines: readonly string[], from: number, want: RegExp, stop: RegExp[]): number {
  for (let j = from; j < lines.length; j++) {
    const line = lines[j]!;
    if (want.test(line)) return j;
    if (stop.some((s) => s.test(line))) return -1;
  }
  return -1;
}

function joinLines(lines: readonly string[]): string {
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

function pathAbove(lines: readonly string[], head: number): string | undefined {
  let seen = 0;
  for (let j = head - 1; j >= 0 && seen < PATH_LOOKBACK; j--) {
    const line = lines[j]!;
    if (line.trim() === '') continue;
    if (REPLACE_MARK.test(line) || DIVIDER_MARK.test(line) || SEARCH_MARK.test(line)) return undefined;
    seen++;
    const path = pathFromLine(line);
    if (path !== undefined) return path;
  }
  return undefined;
}

/** The file path a line names: `src/a.ts`, `**src/a.ts**`, `` `src/a.ts` ``, `### File: src/a.ts`, ```` ```ts src/a.ts ````, or prose with a backticked path. */
export function pathFromLine(line: string): string | undefined {
  const fence = FENCE_LINE.exec(line);
  if (fence) {
    const words = fence[1]!.trim().split(/[\s:]+/).filter(Boolean);
    return words.find((w) => looksLikePath(w, false));
  }
  let s = line.trim().replace(/^#+\s*/, '').replace(/^[-*+]\s+/, '');
  s = s.replace(/^(?:\*\*|__)?\s*(?:file(?:name)?|path)\s*:?\s*(?:\*\*|__)?\s*:?\s*/i, '');
  let wrapped = false;
  // Only a code span or quotes around the whole name let it hold spaces: a bold line with
  // spaces is a sentence more often than a file name.
  let quoted = false;
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(/:$/, '').trim();
    const m = /^(\*\*|__|`|"|')(.*)\1$/.exec(s);
    if (m) {
      s = m[2]!.trim();
      wrapped = true;
      quoted ||= m[1] === '`' || m[1] === '"' || m[1] === "'";
    }
  }
  if (looksLikePath(s, wrapped, quoted)) return s.replace(/^\.\//, '');
  const ticked = [...line.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]!.replace(/:$/, ''));
  const found = ticked.reverse().find((t) => looksLikePath(t, false));
  return found?.replace(/^\.\//, '');
}

function looksLikePath(s: string, explicit: boolean, spacesAllowed = false): boolean {
  if (s === '' || /[<>|*?"`]/.test(s) || s.length > 300) return false;
  if (/\s/.test(s) && !(spacesAllowed && /^\S+(?: \S+)*$/.test(s))) return false;
  if (s.includes('/')) return true;
  if (/^[^.].*\.[A-Za-z0-9_+-]+$/.test(s) || /^\.[\w.-]+$/.test(s)) return true;
  return BARE_FILE_NAMES.has(s) || (explicit && /^[\w.-]+$/.test(s));
}
