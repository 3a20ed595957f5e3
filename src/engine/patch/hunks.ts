// Applying a file's diff hunks with jsdiff: strictly first, then with whitespace-tolerant matching and a little fuzz.
import { applyPatch, type ApplyPatchOptions, type StructuredPatch } from 'diff';
import { quoteLine, squash, type TextEdit } from './text';

// jsdiff passes `undefined` for lines past the end of the file despite its typing.
const looseEqual = (_n: number, line: string | undefined, _op: string, patchLine: string) =>
  line !== undefined && squash(line) === squash(patchLine);

const ATTEMPTS: Array<{ fuzzy: boolean; options: ApplyPatchOptions }> = [
  { fuzzy: false, options: {} },
  { fuzzy: true, options: { compareLine: looseEqual } },
  { fuzzy: true, options: { compareLine: looseEqual, fuzzFactor: 2 } },
];
const LOOSEST = ATTEMPTS[ATTEMPTS.length - 1]!.options;

/** Applies `patch` to LF text; `headers` are the hunk headers as written, to name a failing hunk. */
export function applyHunks(text: string, patch: StructuredPatch, path: string, headers: readonly string[]): TextEdit {
  if (patch.hunks.length === 0) return { ok: true, text, fuzzy: false };
  for (const { fuzzy, options } of ATTEMPTS) {
    // Line endings were normalized to LF before applying; jsdiff must not convert them again.
    const out = applyPatch(text, patch, { ...options, autoConvertLineEndings: false });
    if (out !== false) return { ok: true, text: out, fuzzy };
  }
  return { ok: false, reason: failingHunkReason(text, patch, path, headers) };
}

function failingHunkReason(text: string, patch: StructuredPatch, path: string, headers: readonly string[]): string {
  let k = 0;
  // jsdiff reports failure for the whole file; growing the hunk list finds the first hunk that breaks it.
  while (k < patch.hunks.length - 1 && applyPatch(text, { ...patch, hunks: patch.hunks.slice(0, k + 1) }, LOOSEST) !== false) k++;
  const hunk = patch.hunks[k]!;
  const fileLines = new Set(text.split('\n').map(squash));
  const missing = hunk.lines.find((l) => (l[0] === '-' || l[0] === ' ') && !fileLines.has(squash(l.slice(1))));
  const written = /^@@[^@]*@@/.exec(headers[k] ?? '')?.[0];
  const header = written && written !== '@@' ? ` (${written})` : '';
  const why = missing !== undefined
    ? `the line ${quoteLine(missing.slice(1))} is not in the file`
    : 'its context and removed lines are not found together in the file';
  return `Hunk ${k + 1} of ${path}${header} does not apply: ${why}.`;
}
