// Candidates that differ only in comments, whitespace, quotes or parentheses run the same code.
// Samples of one model often write the same fix with another comment; testing each of them would
// spend a full run to learn nothing. Their key is the syntax tree with those details left out, so
// such a candidate joins the first one's verdict as a vote. The one that is tested is also the
// one applied, so a comment that did matter can cost a candidate, never a wrong verdict.
import { createHash } from 'node:crypto';
import { isMutableScript, NON_CODE_KEYS, parseScript } from '../mutation/parse';
import type { FileChange } from '../types';

// Comments that tools read and that can change what a test run sees (type checks, linters,
// coverage, bundlers, source maps): these stay in the key, in order.
const DIRECTIVE = /^\s*(?:[@#]|\/\s*<|eslint|istanbul|c8\b|v8\b|prettier|jshint|jslint|jscs|global\b|exported\b|webpack|vite-|tslint|biome-|deno-|type:|noinspection|sourceMappingURL)/i;

interface CommentLike {
  value: string;
}

/** The code of one JS/TS file, comments and formatting left out; null when it does not parse. */
export function codeShape(path: string, text: string): string | null {
  if (!isMutableScript(path)) return null;
  const ast = parseScript(path, text);
  if (!ast) return null;
  const directives = ((ast.comments ?? []) as CommentLike[]).map((c) => c.value).filter((v) => DIRECTIVE.test(v));
  const body = JSON.stringify(ast.program, (key, value: unknown) => (NON_CODE_KEYS.has(key) ? undefined : value));
  return `${directives.join('\u0001')}\u0000${body}`;
}

/**
 * Equal for patches that change the same files in the same way up to comments and formatting
 * (JavaScript and TypeScript); any other file must match byte for byte. Null when no file of the
 * patch is JS/TS: the exact key already says everything then.
 */
export function equivalenceKey(changes: readonly FileChange[]): string | null {
  const hash = createHash('sha256');
  let loose = false;
  for (const c of [...changes].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const shape = c.content === null ? null : codeShape(c.path, c.content);
    if (shape !== null) loose = true;
    hash.update(`${c.kind}\u0000${c.oldPath ?? ''}\u0000${c.path}\u0000${c.mode ?? ''}\u0000`);
    hash.update(shape === null ? `=${c.content ?? ''}` : `~${shape}`);
    hash.update('\u0002');
  }
  return loose ? hash.digest('hex').slice(0, 16) : null;
}
