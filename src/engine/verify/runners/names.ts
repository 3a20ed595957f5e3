// From the ids the parsers give tests back to the names each runner's own filter matches.
import type { TestCaseResult } from '../../types';

/** Escapes a literal for a JavaScript, Python or RE2 regular expression. */
export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `^(?:a|b)$` matching exactly these names (deduplicated, in order). */
export function exactPattern(names: Iterable<string>): string {
  return `^(?:${unique(names).map(escapeRegex).join('|')})$`;
}

export function unique<T>(items: Iterable<T>): T[] {
  return [...new Set(items)];
}

/**
 * The suite path of a test: its id split on " > ", with the leaf replaced by the test's own
 * name (the id may carry a "#2" suffix that tells apart two tests of one name).
 */
export function pathOf(t: TestCaseResult): string[] {
  const parts = t.id.split(' > ');
  parts[parts.length - 1] = t.name;
  return parts;
}

/** The path without a leading file part, when the id starts with the test's file. */
export function pathWithoutFile(t: TestCaseResult): string[] {
  const parts = pathOf(t);
  return t.file !== undefined && parts.length > 1 && parts[0] === t.file ? parts.slice(1) : parts;
}

const FRAME_FILE = /\(?((?:\.{0,2}\/)?[\w@.][\w@./-]*\.[cm]?[jt]sx?):\d+:\d+\)?\s*$/;

/**
 * The workspace file a failure happened in, from the first stack frame outside dependencies
 * and Node itself (paths were made workspace-relative by the runner).
 */
export function fileFromStack(t: TestCaseResult): string | undefined {
  for (const line of (t.stack ?? '').split('\n')) {
    if (/node_modules|node:|internal\//.test(line)) continue;
    const m = FRAME_FILE.exec(line.trim());
    if (m && !m[1]!.startsWith('/')) return m[1]!.replace(/^\.\//, '');
  }
  return undefined;
}
