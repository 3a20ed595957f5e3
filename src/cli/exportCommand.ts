import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { preferencePairs } from '../engine/preference';
import { parseTrace } from '../engine/traceSchema';
import { UsageError } from './args';
import type { CliIO } from './solveCommand';

export const EXPORT_HELP = `Usage: solve-with-search export --trace FILE --format preference [--out FILE]

Turns a search trace (solve --trace) into training data.

  --trace FILE         the JSONL trace to read
  --format preference  pairs for preference training: for each prompt, a passing answer
                       (chosen) with a failing or rejected sibling (rejected), as JSONL
  --out FILE           write there instead of stdout
`;

export function exportCommand(argv: string[], io: CliIO): number {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: { trace: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }).values;
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
  if (values.help) {
    io.stdout.write(EXPORT_HELP);
    return 0;
  }
  if (!values.trace) throw new UsageError('export needs --trace FILE');
  if (values.format !== 'preference') throw new UsageError(`--format takes preference (got "${values.format ?? ''}")`);
  let text: string;
  try {
    text = readFileSync(values.trace, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${values.trace}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let records;
  try {
    records = parseTrace(text);
  } catch (e) {
    throw new UsageError(`${values.trace}: ${(e as Error).message}`);
  }
  const lines = preferencePairs(records).map((p) => JSON.stringify(p));
  const body = lines.length ? lines.join('\n') + '\n' : '';
  if (values.out) writeFileSync(values.out, body);
  else io.stdout.write(body);
  io.stderr.write(`${lines.length} preference pair${lines.length === 1 ? '' : 's'}\n`);
  return 0;
}
