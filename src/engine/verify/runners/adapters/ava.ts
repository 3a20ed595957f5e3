// AVA: TAP with --tap; --match takes titles with `*` as the only wildcard (no escaping, so a
// literal `*` matches itself and a little more). With several files AVA prefixes titles
// with "file › ", so both spellings are matched.
import { unique } from '../names';
import { commandName, hasFlag, type RunnerAdapter } from './adapter';

const FILE_PREFIX = ' › ';

export const ava: RunnerAdapter = {
  kind: 'ava',
  reportHow: 'TAP (--tap)',
  selectHow: 'title match (--match)',
  match(words, at) {
    return commandName(words[at]) === 'ava' ? 1 : 0;
  },
  report(_dir, cmd) {
    if (cmd === null || hasFlag(cmd.args, '--tap', '-t')) return null;
    return { options: ['--tap'] };
  },
  select(tests, cmd) {
    if (cmd === null || tests.length === 0) return null;
    const titles = unique(tests.flatMap((t) => {
      const cut = t.name.indexOf(FILE_PREFIX);
      return cut === -1 ? [t.name] : [t.name, t.name.slice(cut + FILE_PREFIX.length)];
    }));
    // A leading "!" would negate the pattern.
    return { options: titles.flatMap((title) => ['--match', title.startsWith('!') ? `*${title}` : title]) };
  },
};
