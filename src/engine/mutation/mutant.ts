// A mutant is one small edit of one file at one line, with the words that explain it.

/** The operator families; their priors live in priors.ts. */
export type OperatorClass =
  | 'comparison'
  | 'off-by-one'
  | 'arithmetic'
  | 'logical'
  | 'negate-condition'
  | 'drop-condition'
  | 'boolean'
  | 'rounding'
  | 'null-guard'
  | 'swap-arguments'
  | 'wrong-variable';

export interface Mutant {
  path: string;
  /** 1-based line of the edit in the text it applies to. */
  line: number;
  /** Offsets of the replaced text; equal for an insertion. */
  start: number;
  end: number;
  replacement: string;
  op: OperatorClass;
  /** Short source text before and after, for the plan ("`<` → `<=`"). */
  before: string;
  after: string;
  /** Likelihood that this kind of edit is the fix, before looking at where it is (0..1]. */
  prior: number;
}

export function applyMutant(text: string, m: Pick<Mutant, 'start' | 'end' | 'replacement'>): string {
  return text.slice(0, m.start) + m.replacement + text.slice(m.end);
}

const MAX_SNIPPET = 40;

/** One-line, bounded source text for plans. */
export function snippet(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_SNIPPET ? `${flat.slice(0, MAX_SNIPPET - 1)}…` : flat;
}

/** "src/a.js:42 `<` → `<=` (comparison)": file, line, the edit and the operator family. */
export function describeMutant(m: Mutant): string {
  const before = m.before === '' ? '' : `\`${snippet(m.before)}\` → `;
  return `${m.path}:${m.line} ${before}\`${snippet(m.after)}\` (${m.op})`;
}
