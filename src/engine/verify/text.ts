// Byte-bounded text helpers: output caps and prompt budgets are in bytes, not characters.

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

export function omittedMarker(bytes: number): string {
  return `… [${formatBytes(bytes)} of output omitted] …`;
}

export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** The longest prefix of `s` that fits in `maxBytes`, never splitting a character. */
export function clipBytes(s: string, maxBytes: number): string {
  if (maxBytes <= 0) return '';
  const buf = Buffer.from(s, 'utf8');
  if (buf.length <= maxBytes) return s;
  let end = maxBytes;
  // Step back over UTF-8 continuation bytes so the cut lands on a character boundary.
  while (end > 0 && ((buf[end] ?? 0) & 0xc0) === 0x80) end--;
  return buf.subarray(0, end).toString('utf8');
}

/** The longest suffix of `s` that fits in `maxBytes`, never splitting a character. */
export function clipBytesFromEnd(s: string, maxBytes: number): string {
  if (maxBytes <= 0) return '';
  const buf = Buffer.from(s, 'utf8');
  if (buf.length <= maxBytes) return s;
  let start = buf.length - maxBytes;
  while (start < buf.length && ((buf[start] ?? 0) & 0xc0) === 0x80) start++;
  return buf.subarray(start).toString('utf8');
}

/**
 * Keeps a third of the budget for the head and the rest for the tail: runners print
 * their failures and summaries last, so the tail usually says more.
 */
export function headTail(s: string, maxBytes: number): string {
  const total = byteLength(s);
  if (total <= maxBytes) return s;
  const markerBudget = 48;
  if (maxBytes < markerBudget * 2) return clipBytesFromEnd(s, maxBytes);
  const room = Math.max(0, maxBytes - markerBudget);
  const head = clipBytes(s, Math.floor(room / 3));
  const tail = clipBytesFromEnd(s, room - byteLength(head));
  const omitted = total - byteLength(head) - byteLength(tail);
  return `${head}\n${omittedMarker(omitted)}\n${tail}`;
}
