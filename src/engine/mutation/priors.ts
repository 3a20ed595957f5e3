import type { OperatorClass } from './mutant';

/**
 * How likely each operator family is to be the fix, before looking at where it applies.
 * The order follows what repair studies of real single-line bugs keep finding (ManySStuBs4J,
 * Defects4J, BugsJS): wrong comparison operators and off-by-one bounds are the most common
 * simple fixes, then wrong arithmetic and boolean connectives, then missing conditions and
 * guards; a wrong variable is common too, but each use has many alternatives, so each one
 * alone is less likely. A mutant's rank is suspiciousness(line) × prior.
 */
export const PRIORS: Record<OperatorClass, number> = {
  comparison: 1,
  'off-by-one': 0.9,
  arithmetic: 0.7,
  logical: 0.7,
  'negate-condition': 0.6,
  boolean: 0.6,
  rounding: 0.6,
  'drop-condition': 0.5,
  'null-guard': 0.5,
  'swap-arguments': 0.45,
  'wrong-variable': 0.4,
};

/** Finer grades inside a family: the likelier variant of an edit keeps the family prior, the others get a share of it. */
export const VARIANT = {
  /** `<` → `<=`: the boundary moves by one (the classic). */
  boundary: 1,
  /** `<` → `>`: the direction flips. */
  flip: 0.8,
  /** A literal or bound up or down by one with |n| ≤ 10 (larger numbers are rarely off by one). */
  smallNumber: 1,
  largeNumber: 0.5,
  /** A factor, divisor or modulus one off. */
  scale: 0.5,
  /** `x.length - 1` style bounds on a length or an index. */
  bound: 0.85,
  /** A boolean literal that is returned, against one that initializes something. */
  returned: 1,
  elsewhere: 0.5,
} as const;

/** A dereference of null or undefined in the failure makes a guard at the crashing line the likeliest fix. */
export const NULL_DEREF_GUARD_PRIOR = 1.2;
/** With no such dereference in any failure, a missing guard is an unlikely cause. */
export const NO_NULL_DEREF_FACTOR = 0.4;
