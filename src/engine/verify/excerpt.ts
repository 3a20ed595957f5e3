// What a person or a model needs to read about a run: the failures first, then the output.
import type { TestReport } from '../types';
import { reportPassed } from '../types';
import { byteLength, clipBytes, headTail } from './text';

const DEFAULT_MAX_BYTES = 4096;
// Below this, a slice of raw output is noise rather than help.
const MIN_OUTPUT_BYTES = 256;
const MORE_RESERVE = 48;

/** Failing test names, assertion messages and trimmed stacks, then what room is left for the output. */
export function failureExcerpt(report: TestReport, maxBytes = DEFAULT_MAX_BYTES): string {
  const parts: string[] = [];
  let used = 0;
  const add = (text: string, reserve = 0): boolean => {
    const size = byteLength(text) + 1;
    if (used + size + reserve > maxBytes) return false;
    parts.push(text);
    used += size;
    return true;
  };

  const status = statusLine(report);
  if (status) add(status);
  const failing = report.tests.filter((t) => t.status === 'failed');
  for (let i = 0; i < failing.length; i++) {
    const t = failing[i]!;
    const block = [`FAIL ${t.id}`, indent(t.message), indent(t.stack)].filter((l) => l !== '').join('\n');
    // Room stays for the line that says how many were left out.
    if (add(block, i === failing.length - 1 ? 0 : MORE_RESERVE)) continue;
    // The first failure matters most: shortened rather than left out.
    if (i === 0) add(clipBytes(block, maxBytes - used - MORE_RESERVE));
    const left = failing.length - (i === 0 ? 1 : i);
    if (left > 0) add(`… and ${left} more failing test${left === 1 ? '' : 's'}`);
    break;
  }

  const room = maxBytes - used - 1;
  const output = report.output.trim();
  if (output !== '' && (parts.length === 0 || room >= MIN_OUTPUT_BYTES)) {
    parts.push(headTail(output, Math.max(0, room)));
  }
  return parts.join('\n').trim();
}

function statusLine(r: TestReport): string {
  if (r.timedOut) return `The run timed out after ${(r.durationMs / 1000).toFixed(1)} s and was killed.`;
  if (r.outputLimited) return 'The run was killed because it printed too much output.';
  if (reportPassed(r)) return '';
  const c = r.counts;
  const ended = r.signal ? `was killed by ${r.signal}` : `exited with code ${r.exitCode}`;
  if (r.level === 'exit-code') return `The test command ${ended}.`;
  return `${c.failed} of ${c.total} tests failed; the test command ${ended}.`;
}

function indent(text: string | undefined): string {
  return text ? text.replace(/^/gm, '  ') : '';
}
