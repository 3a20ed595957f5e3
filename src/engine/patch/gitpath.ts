// Path quoting as git writes it in diff headers (C-style quotes, octal escapes for non-ASCII bytes).

const C_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', '"': '"', '\\': '\\' };
const C_ESCAPES_BACK: Record<string, string> = Object.fromEntries(Object.entries(C_ESCAPES).map(([k, v]) => [v, k]));

/** `"a/\303\251.txt"` → `a/é.txt`; unquoted text is returned as is. */
export function unquoteGitPath(s: string): string {
  if (!(s.length >= 2 && s.startsWith('"') && s.endsWith('"'))) return s;
  const bytes: number[] = [];
  const body = s.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    const octal = /^[0-7]{3}/.exec(body.slice(i + 1, i + 4));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else {
      bytes.push(...Buffer.from(C_ESCAPES[next] ?? next, 'utf8'));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Quotes a path the way `git diff` does (core.quotePath on), so `git apply` reads it back. */
export function quoteGitPath(s: string): string {
  if (!/["\\\x00-\x1f\x7f-\uffff]/.test(s)) return s;
  let out = '"';
  for (const byte of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (C_ESCAPES_BACK[ch] !== undefined) out += '\\' + C_ESCAPES_BACK[ch];
    else if (byte < 0x20 || byte >= 0x7f) out += '\\' + byte.toString(8).padStart(3, '0');
    else out += ch;
  }
  return out + '"';
}

/** The two names of a `diff --git <a> <b>` line, prefixes kept. */
export function splitGitNames(rest: string): [string, string] | undefined {
  if (rest.startsWith('"')) {
    const end = closingQuote(rest, 0);
    if (end < 0) return undefined;
    return [unquoteGitPath(rest.slice(0, end + 1)), unquoteGitPath(rest.slice(end + 1).trim())];
  }
  // Unquoted names may contain spaces; git writes the same name twice, so the split point is the middle.
  const mid = (rest.length - 1) / 2;
  if (Number.isInteger(mid) && rest[mid] === ' ' && rest.slice(2, mid) === rest.slice(mid + 3)) {
    return [rest.slice(0, mid), rest.slice(mid + 1)];
  }
  const quoted = rest.indexOf(' "');
  if (quoted > 0) return [rest.slice(0, quoted), unquoteGitPath(rest.slice(quoted + 1))];
  const b = rest.indexOf(' b/');
  if (b > 0) return [rest.slice(0, b), rest.slice(b + 1)];
  const parts = rest.split(' ');
  return parts.length === 2 ? [parts[0]!, parts[1]!] : undefined;
}

function closingQuote(s: string, open: number): number {
  for (let i = open + 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i;
  }
  return -1;
}

/** The file name of a `---`/`+++` header: no timestamp, no quotes. */
export function headerPath(raw: string): string {
  let s = raw.split('\t')[0]!.trim();
  // Models often write the timestamp with spaces instead of the tab diff uses.
  s = s.replace(/\s+\d{4}-\d\d-\d\d[ T][\d:.]+(?:\s*[+-]\d{4})?$/, '');
  return unquoteGitPath(s);
}
