// Line-level helpers shared by the diff and SEARCH/REPLACE appliers.

export type TextEdit = { ok: true; text: string; fuzzy: boolean } | { ok: false; reason: string };

/** A line with its whitespace runs collapsed and ends trimmed: how lines compare when indentation drifted. */
export function squash(line: string): string {
  return line.replace(/\s+/g, ' ').trim();
}

/** True when every line break is CRLF. Mixed files are left as they are. */
export function isCrlf(text: string): boolean {
  return text.includes('\r\n') && !/(^|[^\r])\n/.test(text);
}

/** Text split into lines, and whether it ended with a newline. */
export function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  if (text === '') return { lines: [], finalNewline: true };
  const lines = text.split('\n');
  const finalNewline = lines[lines.length - 1] === '';
  if (finalNewline) lines.pop();
  return { lines, finalNewline };
}

export function joinLines(lines: readonly string[], finalNewline: boolean): string {
  return lines.length === 0 ? '' : lines.join('\n') + (finalNewline ? '\n' : '');
}

/** Short quote of a line for messages. */
export function quoteLine(line: string): string {
  const t = line.trim();
  return JSON.stringify(t.length > 70 ? t.slice(0, 69) + '…' : t);
}
