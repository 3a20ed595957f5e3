import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { detectRunner } from '../engine/detect';
import { createOpenAIProvider, type Price } from '../engine/llm';
import { resolveOptions, type SearchOptions, type StopPolicy } from '../engine/options';
import type { CandidateSource } from '../engine/sources/source';
import { MixedSource } from '../engine/sources/mixed';
import { ModelSource } from '../engine/sources/model';
import { MutationSource } from '../engine/sources/mutation';

const PROVIDERS = ['openai-compatible', 'mutation', 'mixed'];
import { UserError } from '../engine/types';
import { num, UsageError, type SolveFlags } from './args';

export interface SolveConfig {
  options: SearchOptions;
  source: CandidateSource;
  /** Human notes about choices made for the user (detected command, ...). */
  notes: string[];
}

/** Turns flags and environment into engine options and a candidate source. */
export function resolveSolveConfig(flags: SolveFlags, env: NodeJS.ProcessEnv, cwd: string): SolveConfig {
  const notes: string[] = [];
  const workspace = resolve(cwd, flags.workspace ?? '.');
  if (!existsSync(workspace) || !statSync(workspace).isDirectory()) {
    throw new UsageError(`--workspace ${workspace} is not a folder`);
  }
  let testCommand = flags['test-command'];
  if (!testCommand) {
    const detected = detectRunner(workspace);
    if (!detected) throw new UsageError('no test command found in the workspace: pass --test-command');
    testCommand = detected.command;
    notes.push(`test command: ${detected.command} (${detected.reason})`);
  }
  const keyVar = flags['api-key-env'] ?? 'OPENAI_API_KEY';
  if (flags['api-key-env'] && env[keyVar] === undefined) throw new UsageError(`--api-key-env ${keyVar}: that variable is not set`);
  const apiKey = env[keyVar] ?? '';

  const stop = flags.stop ?? 'first-pass';
  if (stop !== 'first-pass' && stop !== 'best-of-budget') throw new UsageError(`--stop takes first-pass or best-of-budget (got "${stop}")`);
  const timeoutS = num(flags, 'timeout-s', { min: 0.1 });
  const testTimeoutS = num(flags, 'test-timeout-s', { min: 0.1 });
  const prices = parsePrices(flags.price ?? []);
  const sandbox = flags.sandbox ?? 'auto';
  if (sandbox !== 'auto' && sandbox !== 'required' && sandbox !== 'off') throw new UsageError(`--sandbox takes auto, required or off (got "${sandbox}")`);

  // No endpoint means no model: the built-in mutation search needs none.
  const provider = flags.provider ?? (flags['base-url'] ? 'openai-compatible' : 'mutation');
  if (!PROVIDERS.includes(provider)) throw new UsageError(`--provider ${provider} is not known: use ${PROVIDERS.join(', ')}`);
  let source: CandidateSource;
  if (provider === 'mutation') {
    source = new MutationSource();
  } else {
    if (!flags['base-url'] || !flags.model) throw new UsageError(`--provider ${provider} needs a model: pass --base-url URL and --model NAME`);
    try {
      new URL(flags['base-url']);
    } catch {
      throw new UsageError(`--base-url "${flags['base-url']}" is not a URL`);
    }
    const model = new ModelSource(
      createOpenAIProvider({
        baseURL: flags['base-url'],
        apiKey,
        model: flags.model,
        stream: flags.stream === true,
        ...(prices[flags.model] ? { price: prices[flags.model]! } : {}),
      }),
    );
    source = provider === 'mixed' ? new MixedSource(model, new MutationSource()) : model;
  }

  try {
    const options = resolveOptions({
      workspace,
      testCommand,
      task: flags.task ?? '',
      repro: num(flags, 'repro', { int: true, min: 0, max: 20 }),
      keepRepro: flags['keep-repro'] === true,
      samples: num(flags, 'samples', { int: true, min: 1 }),
      rounds: num(flags, 'rounds', { int: true, min: 1 }),
      concurrency: num(flags, 'concurrency', { int: true, min: 1 }),
      temperature: num(flags, 'temperature', { min: 0, max: 2 }),
      maxTokens: num(flags, 'max-tokens', { int: true, min: 16 }),
      testTimeoutMs: testTimeoutS === undefined ? undefined : Math.round(testTimeoutS * 1000),
      stopPolicy: stop as StopPolicy,
      plateauRounds: num(flags, 'plateau', { int: true, min: 0 }),
      expandWidth: num(flags, 'expand', { int: true, min: 1 }),
      protectedGlobs: flags.protect ?? [],
      shareDirs: flags['share-dir'] ?? [],
      envAllow: flags['allow-env'] ?? [],
      sandbox,
      maxWriteMb: num(flags, 'max-write-mb', { int: true, min: 1 }),
      apply: flags.apply === true,
      allowMerge: flags['no-merge'] !== true,
      staged: flags['no-staging'] !== true,
      secretValues: apiKey ? [apiKey] : [],
      budget: {
        candidates: num(flags, 'max-candidates', { int: true, min: 1 }),
        tokens: num(flags, 'budget-tokens', { int: true, min: 1 }),
        usd: num(flags, 'budget-usd', { min: 0 }),
        timeMs: timeoutS === undefined ? undefined : Math.round(timeoutS * 1000),
      },
    });
    return { options, source, notes };
  } catch (e) {
    if (e instanceof UserError) throw new UsageError(e.message);
    throw e;
  }
}

function parsePrices(specs: string[]): Record<string, Price> {
  const out: Record<string, Price> = {};
  for (const spec of specs) {
    const m = /^([^=]+)=([\d.]+),([\d.]+)$/.exec(spec);
    if (!m) throw new UsageError(`--price takes MODEL=IN,OUT in dollars per million tokens (got "${spec}")`);
    out[m[1]!] = { inputPerMTok: Number(m[2]), outputPerMTok: Number(m[3]) };
  }
  return out;
}
