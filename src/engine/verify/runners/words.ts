// Just enough shell to see whether a command is one simple runner invocation. Anything
// the engine could misread (pipes, lists, substitutions, redirections) makes it opaque:
// such a command is run as written and never extended.

export interface SplitCommand {
  words: string[];
  /** Offset in the text just after each word. */
  ends: number[];
}

const OPERATORS = new Set(['|', '&', ';', '<', '>', '(', ')', '`', '\n', '\r']);

/** Words of a simple command, or null when the text is more than one plain command. */
export function splitCommand(text: string): SplitCommand | null {
  const words: string[] = [];
  const ends: number[] = [];
  let word: string | null = null;
  let i = 0;
  const close = () => {
    if (word === null) return;
    words.push(word);
    ends.push(i);
    word = null;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t') {
      close();
      i++;
    } else if (OPERATORS.has(c) || (c === '$' && text[i + 1] === '(') || (c === '#' && word === null)) {
      return null;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) return null;
      word = (word ?? '') + text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      const quoted = doubleQuoted(text, i + 1);
      if (!quoted) return null;
      word = (word ?? '') + quoted.value;
      i = quoted.end + 1;
    } else if (c === '\\') {
      if (i + 1 >= text.length) return null;
      word = (word ?? '') + text[i + 1];
      i += 2;
    } else {
      word = (word ?? '') + c;
      i++;
    }
  }
  close();
  return { words, ends };
}

function doubleQuoted(text: string, from: number): { value: string; end: number } | null {
  let value = '';
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') return { value, end: i };
    if (c === '`' || (c === '$' && text[i + 1] === '(')) return null;
    if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]!)) {
      value += text[++i];
      continue;
    }
    value += c;
  }
  return null;
}

/** One argument for /bin/sh (and Python's shlex): plain when safe, else single-quoted. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
