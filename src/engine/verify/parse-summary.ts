// Summary lines of common runners, for commands whose output has no per-test structure.
import type { TestCounts } from '../types';

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
  total?: number;
}

type Rule = (lines: string[]) => Tally | null;

const FAILED_WORDS = new Set(['failed', 'failing', 'fail', 'error', 'errors']);
const PASSED_WORDS = new Set(['passed', 'passing', 'pass', 'xpassed']);
const SKIPPED_WORDS = new Set(['skipped', 'pending', 'todo', 'xfailed', 'ignored', 'skip']);

/** Adds "3 passed" style phrases of one line into a tally; false when the line had none. */
function tallyPhrases(text: string, into: Tally): boolean {
  let seen = false;
  for (const m of text.matchAll(/(\d+) ([a-z]+)/gi)) {
    const n = Number(m[1]);
    const word = m[2]!.toLowerCase();
    if (FAILED_WORDS.has(word)) into.failed += n;
    else if (PASSED_WORDS.has(word)) into.passed += n;
    else if (SKIPPED_WORDS.has(word)) into.skipped += n;
    else if (word === 'total') into.total = (into.total ?? 0) + n;
    else continue;
    seen = true;
  }
  return seen;
}

function empty(): Tally {
  return { passed: 0, failed: 0, skipped: 0 };
}

/** Sums the phrases that `pick` finds in each line; null when no line had any. */
function lineRule(pick: (line: string) => string | undefined): Rule {
  return (lines) => {
    const tally = empty();
    let seen = false;
    for (const line of lines) {
      const phrases = pick(line);
      if (phrases !== undefined && tallyPhrases(phrases, tally)) seen = true;
    }
    return seen ? tally : null;
  };
}

/** Lines whose capture group 1 holds phrases such as "1 failed, 3 passed". */
function phraseRule(re: RegExp): Rule {
  return lineRule((line) => re.exec(line)?.[1]);
}

/** Lines like "# pass 3": the word comes before its number. */
function keyedRule(re: RegExp): Rule {
  return lineRule((line) => {
    const m = re.exec(line);
    return m ? `${m[2]} ${m[1]}` : undefined;
  });
}

// jest: "Tests:       1 failed, 3 passed, 4 total"
const jest = phraseRule(/^\s*Tests:\s+(.*\d+ total.*)$/);
// vitest: "      Tests  1 failed | 3 passed (4)"  ("Test Files" is not matched on purpose)
const vitest = phraseRule(/^\s*Tests\s{2,}(.*?)\s*\(\d+\)\s*$/);
// mocha: "  3 passing (12ms)", "  1 failing", "  2 pending"
const mocha = phraseRule(/^\s*(\d+ (?:passing|failing|pending))\b/);
// pytest: "===== 1 failed, 3 passed in 0.12s =====", quiet mode drops the rulers
const pytest = phraseRule(/^(?:=+ )?((?:\d+ [a-z]+(?:, )?)+) in \d+(?:\.\d+)?s\b.*$/);
// cargo: "test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out"
const cargo = phraseRule(/^test result: (?:ok|FAILED)\. (.*)$/);
// tape and other TAP producers: "# pass  3", "# fail  1"
const tapComments = keyedRule(/^#\s*(pass|fail|skip|skipped|todo)\s+(\d+)\s*$/);
// node:test spec reporter: "ℹ pass 2", "ℹ fail 1"
const nodeSpec = keyedRule(/^ℹ (pass|fail|skipped|todo) (\d+)\s*$/);

// go test: top-level "--- FAIL: TestX (0.00s)" when verbose or failing, otherwise per-package "ok"/"FAIL".
const goTest: Rule = (lines) => {
  const t = { pass: 0, fail: 0, skip: 0, okPkg: 0, failPkg: 0 };
  for (const line of lines) {
    const m = /^--- (PASS|FAIL|SKIP): /.exec(line);
    if (m) t[m[1] === 'PASS' ? 'pass' : m[1] === 'FAIL' ? 'fail' : 'skip']++;
    else if (/^ok\s+\S+\s+(?:\(cached\)|\d+(?:\.\d+)?s)/.test(line)) t.okPkg++;
    else if (/^FAIL\s+\S+\s+(?:\(cached\)|\d+(?:\.\d+)?s|\[[^\]]+\])/.test(line)) t.failPkg++;
  }
  if (t.pass + t.fail + t.skip + t.okPkg + t.failPkg === 0) return null;
  return {
    passed: t.pass > 0 ? t.pass : t.okPkg,
    failed: t.fail > 0 ? t.fail : t.failPkg,
    skipped: t.skip,
  };
};

const RULES: Rule[] = [jest, vitest, mocha, pytest, cargo, goTest, tapComments, nodeSpec];

// "Results: 3 passed, 1 failed" from any tool; only the last such line, as progress lines repeat.
function plain(lines: string[]): Tally | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (line.length < 200 && /\b\d+ (?:passed|failed)\b/i.test(line)) {
      const tally = empty();
      tallyPhrases(line, tally);
      return tally;
    }
  }
  return null;
}

/** Counts from runner summary lines, summed over runners (a command may run several); null when none. */
export function parseSummary(output: string): TestCounts | null {
  const lines = output.split('\n');
  let found: Tally[] = RULES.map((rule) => rule(lines)).filter((t): t is Tally => t !== null);
  if (found.length === 0) {
    const p = plain(lines);
    if (p) found = [p];
  }
  if (found.length === 0) return null;
  const counts: TestCounts = { passed: 0, failed: 0, total: 0, skipped: 0 };
  for (const t of found) {
    counts.passed += t.passed;
    counts.failed += t.failed;
    counts.skipped! += t.skipped;
    counts.total += t.total ?? t.passed + t.failed + t.skipped;
  }
  return counts;
}
