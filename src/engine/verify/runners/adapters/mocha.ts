// mocha: the xunit reporter writes JUnit XML to a file; --grep matches a test's full title
// (suite titles and its own, joined with spaces).
import { join } from 'node:path';
import { exactPattern, pathWithoutFile } from '../names';
import { commandName, hasFlag, type RunnerAdapter } from './adapter';

// The xunit reporter names its one suite so; it is not part of any title.
const XUNIT_SUITE = 'Mocha Tests';

export const mocha: RunnerAdapter = {
  kind: 'mocha',
  reportHow: 'JUnit XML (--reporter=xunit)',
  selectHow: 'title filter (--grep)',
  match(words, at) {
    return ['mocha', '_mocha'].includes(commandName(words[at])) ? 1 : 0;
  },
  report(dir, cmd) {
    if (cmd === null || hasFlag(cmd.args, '--reporter', '-R', '--reporter-option', '--reporter-options', '-O')) return null;
    const file = join(dir, 'mocha.xml');
    return { options: ['--reporter=xunit', `--reporter-option=output=${file}`], files: [file] };
  },
  select(tests, cmd) {
    if (cmd === null || tests.length === 0) return null;
    const titles = tests.flatMap((t) => {
      const path = pathWithoutFile(t).filter((p, i) => !(i === 0 && p === XUNIT_SUITE));
      const title = path.join(' ');
      // The JUnit reader folds a suite and a test of one name into one part.
      return path.length === 1 ? [title, `${title} ${t.name}`] : [title];
    });
    return { options: ['--grep', exactPattern(titles)] };
  },
};
