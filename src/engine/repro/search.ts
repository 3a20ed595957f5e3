// What the search loop does with reproduction tests: how many to ask for, the phase before any
// candidate, and what the candidate source is shown once they are validated.
import type { SearchOptions } from '../options';
import { overlayReader, type BaseReader } from '../patch';
import type { CandidateSource } from '../sources/source';
import type { TraceRecord } from '../trace';
import type { SearchStats } from '../types';
import { writeReproTests, type ReproPhaseInput } from './phase';
import { reproChanges } from './run';
import { ReproSuite } from './suite';

/** Tests asked for when the options leave it to the engine. */
export const AUTO_REPRO_TESTS = 3;

/** How many reproduction tests to ask for: the option, else 3 for a task in words that no failing test checks. */
export function reproCount(opts: Pick<SearchOptions, 'repro' | 'task'>, failingTests: number, source: CandidateSource): number {
  if (opts.repro !== undefined) return opts.repro;
  return failingTests === 0 && opts.task.trim() !== '' && source.writeTests ? AUTO_REPRO_TESTS : 0;
}

export interface ReproSearchInput extends Omit<ReproPhaseInput, 'onRequest' | 'onUsage'> {
  searchId: string;
  stats: SearchStats;
  log(level: 'info' | 'warn', message: string): void;
  trace?: (record: TraceRecord) => void;
}

/** Writes and validates the tests, counting their cost in `stats`; null when none were asked for or none could be. */
export async function runReproPhase(input: ReproSearchInput): Promise<ReproSuite | null> {
  if (input.count <= 0) return null;
  const { stats } = input;
  const phase = await writeReproTests({
    ...input,
    onRequest: () => stats.llmRequests++,
    onUsage: (a) => {
      stats.promptTokens += a.promptTokens;
      stats.completionTokens += a.completionTokens;
      stats.costUsd += a.costUsd;
    },
  });
  if (phase.skipped) {
    input.log('warn', `No reproduction tests: ${phase.skipped}.`);
    return null;
  }
  for (const t of phase.tests) {
    input.trace?.({
      type: 'repro',
      searchId: input.searchId,
      id: t.id,
      file: t.file,
      status: t.status,
      ...(t.reason !== undefined ? { reason: t.reason } : {}),
      ...(t.baseFailure ? { baseFailure: t.baseFailure } : {}),
      ...(t.duplicateOf ? { duplicateOf: t.duplicateOf } : {}),
      content: t.content,
      ...(phase.request ? { messages: phase.request.messages, answer: phase.request.answers[Number(t.id.slice(1)) - 1] ?? '' } : {}),
    });
  }
  const suite = new ReproSuite(phase.tests, { ...input.run, runner: phase.runner! });
  input.log('info', describeOutcome(suite));
  return suite;
}

function describeOutcome(suite: ReproSuite): string {
  const discarded = suite.tests.length - suite.valid.length;
  const head = `Reproduction tests: ${suite.valid.length} of ${suite.tests.length} fail on the current code as they should`;
  return suite.valid.length > 0
    ? `${head} (${suite.valid.map((t) => t.file).join(', ')}); they are part of every candidate's verification${discarded > 0 ? `, ${discarded} discarded` : ''}.`
    : `${head}: candidates are verified against regressions only.`;
}

/** What the candidate source sees: the valid tests as read-only files and their failures as the failing output. */
export function sourceView(suite: ReproSuite | null, view: { files: string[]; reader: BaseReader; baselineFailure: string }) {
  if (!suite || suite.valid.length === 0) return view;
  const failures = suite.valid.map((t) => `Reproduction test ${t.id} (${t.file}) fails on the current code:\n${t.baseFailure ?? ''}`);
  return {
    files: [...view.files, ...suite.valid.map((t) => t.file)],
    reader: overlayReader(view.reader, reproChanges(suite.valid)),
    baselineFailure: [view.baselineFailure, ...failures].filter((s) => s.trim() !== '').join('\n\n'),
  };
}
