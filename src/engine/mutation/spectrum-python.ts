// The static spectrum's view of Python: functions and test functions found by `def` and
// indentation, which is all a name-level spectrum needs (no Python process for this part).
import type { TestCase, Unit } from './spectrum';

const DEF = /^([ \t]*)(?:async[ \t]+)?def[ \t]+(\w+)[ \t]*\(/;
const NAME = /[A-Za-z_]\w*/g;

interface Block {
  name: string;
  startLine: number;
  endLine: number;
  names: Set<string>;
}

/** Every `def` with the lines of its body: the lines after it indented deeper (blank lines do not end it). */
function blocks(text: string): Block[] {
  const lines = text.split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = DEF.exec(lines[i]!);
    if (!m) continue;
    const indent = m[1]!.length;
    let end = i;
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j]!;
      if (l.trim() === '') continue;
      if (l.length - l.trimStart().length <= indent) break;
      end = j;
    }
    const body = lines.slice(i + 1, end + 1).join('\n').replace(/#.*$/gm, '');
    out.push({ name: m[2]!, startLine: i + 1, endLine: end + 1, names: new Set(body.match(NAME) ?? []) });
  }
  return out;
}

export function pythonUnits(path: string, text: string): Unit[] {
  return blocks(text).map((b) => ({ path, ...b }));
}

/** pytest and unittest collect functions and methods named test*. */
export function pythonTestCases(file: string, text: string): TestCase[] {
  return blocks(text)
    .filter((b) => b.name.startsWith('test'))
    .map((b) => ({ file, ...b }));
}

const PYTEST_FAILED = /^(?:FAILED|ERROR) ([^\s:]+\.py)::(?:[\w[\]-]+::)*([\w]+)/gm;

/** Failing tests named in pytest's short summary ("FAILED tests/test_x.py::test_y - ..."). */
export function pytestFailures(output: string): Array<{ file: string; name: string }> {
  return [...output.matchAll(PYTEST_FAILED)].map((m) => ({ file: m[1]!, name: m[2]! }));
}
