// The one place that reads the `solveWithSearch.*` settings and turns them into engine options.
// It sees settings through `SettingsReader`, which `workspace.getConfiguration` satisfies and
// `memorySettings` imitates for tests; nothing here imports `vscode`.
import { z } from 'zod';
import { detectTestCommand } from '../engine/detect';
import type { Price } from '../engine/llm';
import { DEFAULTS, resolveOptions, type SandboxMode, type SearchOptions, type StopPolicy } from '../engine/options';
import { UserError } from '../engine/types';

export const SECTION = 'solveWithSearch';

export const PROVIDERS = ['openai-compatible', 'vscode-lm', 'mutation'] as const;
export type ProviderKind = (typeof PROVIDERS)[number];
export const APPLY_MODES = ['workspaceEdit', 'preview'] as const;
export type ApplyMode = (typeof APPLY_MODES)[number];
export const SANDBOX_MODES = ['auto', 'required', 'off'] as const satisfies readonly SandboxMode[];

/**
 * Settings read from the user's own settings only, whatever a workspace says: a cloned repository's
 * `.vscode/settings.json` must not turn the sandbox off or hand the user's secrets to the code it
 * tests. package.json gives them the `machine` scope as well; this holds even where a host ignores it.
 */
export const USER_ONLY_KEYS: ReadonlySet<string> = new Set(['sandbox', 'allowEnv']);

export interface SettingsReader {
  get<T>(key: string): T | undefined;
  /** True when the user set the value somewhere (not just the default). */
  isSet(key: string): boolean;
}

/** A problem with one setting; `setting` is its full id, for an "Open Settings" button. */
export class SettingError extends UserError {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ExtensionSettings {
  provider: ProviderKind;
  /** False when `provider` was chosen for the user (see `chooseProvider`). */
  providerExplicit: boolean;
  baseUrl: string;
  model: string;
  samples: number;
  rounds: number;
  concurrency: number;
  temperature: number;
  maxTokens: number;
  stopPolicy: StopPolicy;
  plateauRounds: number;
  /** Reproduction tests to write before the candidates; undefined leaves it to the engine (3 when no test fails). */
  reproTests?: number;
  budget: { usd?: number; tokens?: number; timeSeconds?: number; candidates?: number };
  /** '' means: detect it from the workspace's files. */
  testCommand: string;
  testTimeoutSeconds: number;
  protectedGlobs: string[];
  shareDirs: string[];
  sandbox: SandboxMode;
  maxWriteMb: number;
  /** Variables passed to test runs even though they look like secrets. */
  allowEnv: string[];
  prices: Record<string, Price>;
  applyMode: ApplyMode;
}

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const optionalNonNegative = (integer: boolean) => (integer ? z.number().int().min(1) : z.number().min(0)).nullable().optional();
const price = z.object({ inputPerMTok: z.number().min(0), outputPerMTok: z.number().min(0) });

/** Each setting: its schema, the rule in words (for error messages) and the default. */
const RULES = {
  provider: { schema: z.enum(PROVIDERS).or(z.literal('')), rule: `one of ${PROVIDERS.join(', ')}` },
  baseUrl: { schema: z.string(), rule: 'a URL such as http://127.0.0.1:11434/v1' },
  model: { schema: z.string(), rule: 'a model name' },
  samples: { schema: int(1, 1000), rule: 'a whole number from 1 to 1000' },
  rounds: { schema: int(1, 100), rule: 'a whole number from 1 to 100' },
  concurrency: { schema: int(1, 64), rule: 'a whole number from 1 to 64' },
  temperature: { schema: z.number().min(0).max(2), rule: 'a number from 0 to 2' },
  maxTokens: { schema: int(16, 1_000_000), rule: 'a whole number from 16 to 1000000' },
  stopPolicy: { schema: z.enum(['first-pass', 'best-of-budget']), rule: 'first-pass or best-of-budget' },
  plateauRounds: { schema: int(0, 100), rule: 'a whole number from 0 to 100' },
  reproTests: { schema: int(0, 20).nullable().optional(), rule: 'a whole number from 0 to 20 (empty: automatic)' },
  'budget.usd': { schema: optionalNonNegative(false), rule: 'a number of dollars, 0 or more (empty for no limit)' },
  'budget.tokens': { schema: optionalNonNegative(true), rule: 'a whole number of tokens, 1 or more (empty for no limit)' },
  'budget.timeSeconds': { schema: z.number().min(1).nullable().optional(), rule: 'a number of seconds, 1 or more (empty for no limit)' },
  'budget.candidates': { schema: optionalNonNegative(true), rule: 'a whole number, 1 or more (empty for no limit)' },
  testCommand: { schema: z.string(), rule: 'a shell command such as "npm test"' },
  testTimeoutSeconds: { schema: z.number().min(0.1).max(86_400), rule: 'a number of seconds from 0.1 to 86400' },
  protectedGlobs: { schema: z.array(z.string()), rule: 'a list of glob patterns' },
  shareDirs: { schema: z.array(z.string()), rule: 'a list of folder names' },
  sandbox: { schema: z.enum(SANDBOX_MODES), rule: 'auto, required or off' },
  maxWriteMb: { schema: int(1, 1_000_000), rule: 'a whole number of megabytes from 1 to 1000000' },
  allowEnv: { schema: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/)), rule: 'a list of environment variable names such as "NPM_TOKEN"' },
  prices: { schema: z.record(z.string(), price), rule: 'an object like { "my-model": { "inputPerMTok": 1, "outputPerMTok": 4 } }' },
  applyMode: { schema: z.enum(APPLY_MODES), rule: 'workspaceEdit or preview' },
} as const;

type Key = keyof typeof RULES;

export const SETTING_KEYS = Object.keys(RULES) as Key[];

function read<K extends Key>(reader: SettingsReader, key: K): z.infer<(typeof RULES)[K]['schema']> | undefined {
  const raw = reader.get<unknown>(key);
  if (raw === undefined || raw === null) return undefined;
  const { schema, rule } = RULES[key];
  const parsed = (schema as z.ZodType).safeParse(raw);
  if (!parsed.success) {
    throw new SettingError(`${SECTION}.${key}`, `The setting ${SECTION}.${key} must be ${rule} (it is ${JSON.stringify(raw)}). Change it in the settings.`);
  }
  return parsed.data as z.infer<(typeof RULES)[K]['schema']>;
}

/** Replaces `${env:NAME}` with the variable's value ('' when unset), as VS Code's own variables do. */
export function resolveEnvRefs(value: string, env: NodeJS.ProcessEnv): string {
  return value.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => env[name] ?? '');
}

/**
 * An unset provider means: the OpenAI-compatible endpoint when one is configured, else the
 * mutation search, which needs no model at all.
 */
export function chooseProvider(explicit: ProviderKind | '' | undefined, baseUrl: string, model: string): ProviderKind {
  if (explicit) return explicit;
  return baseUrl && model ? 'openai-compatible' : 'mutation';
}

export function readSettings(reader: SettingsReader, env: NodeJS.ProcessEnv = process.env): ExtensionSettings {
  const explicitProvider = reader.isSet('provider') ? read(reader, 'provider') : undefined;
  const baseUrl = resolveEnvRefs(read(reader, 'baseUrl') ?? '', env).trim();
  const model = (read(reader, 'model') ?? '').trim();
  const budget: ExtensionSettings['budget'] = {};
  const usd = read(reader, 'budget.usd');
  const tokens = read(reader, 'budget.tokens');
  const timeSeconds = read(reader, 'budget.timeSeconds');
  const candidates = read(reader, 'budget.candidates');
  if (usd != null) budget.usd = usd;
  if (tokens != null) budget.tokens = tokens;
  if (timeSeconds != null) budget.timeSeconds = timeSeconds;
  if (candidates != null) budget.candidates = candidates;
  const reproTests = read(reader, 'reproTests');
  return {
    ...(reproTests != null ? { reproTests } : {}),
    provider: chooseProvider(explicitProvider, baseUrl, model),
    providerExplicit: !!explicitProvider,
    baseUrl,
    model,
    samples: read(reader, 'samples') ?? DEFAULTS.samples,
    rounds: read(reader, 'rounds') ?? DEFAULTS.rounds,
    concurrency: read(reader, 'concurrency') ?? DEFAULTS.concurrency,
    temperature: read(reader, 'temperature') ?? DEFAULTS.temperature,
    maxTokens: read(reader, 'maxTokens') ?? DEFAULTS.maxTokens,
    stopPolicy: read(reader, 'stopPolicy') ?? DEFAULTS.stopPolicy,
    plateauRounds: read(reader, 'plateauRounds') ?? DEFAULTS.plateauRounds,
    budget,
    testCommand: (read(reader, 'testCommand') ?? '').trim(),
    testTimeoutSeconds: read(reader, 'testTimeoutSeconds') ?? DEFAULTS.testTimeoutMs / 1000,
    protectedGlobs: read(reader, 'protectedGlobs') ?? [],
    shareDirs: read(reader, 'shareDirs') ?? [],
    sandbox: read(reader, 'sandbox') ?? DEFAULTS.sandbox,
    maxWriteMb: read(reader, 'maxWriteMb') ?? DEFAULTS.maxWriteMb,
    allowEnv: read(reader, 'allowEnv') ?? [],
    prices: read(reader, 'prices') ?? {},
    applyMode: read(reader, 'applyMode') ?? 'workspaceEdit',
  };
}

export interface ResolvedTestCommand {
  command: string;
  /** Set when the command was detected rather than configured. */
  detected?: string;
}

/** The configured test command, or one detected from the workspace's files. */
export function resolveTestCommand(settings: Pick<ExtensionSettings, 'testCommand'>, workspace: string): ResolvedTestCommand {
  if (settings.testCommand) return { command: settings.testCommand };
  const found = detectTestCommand(workspace);
  if (!found) {
    throw new SettingError(
      `${SECTION}.testCommand`,
      'No test command was found in this folder. Set solveWithSearch.testCommand to the command that runs your tests (for example "npm test").',
    );
  }
  return { command: found.command, detected: found.reason };
}

/** Engine options for one search; every range problem names the setting to change. */
export function toSearchOptions(
  settings: ExtensionSettings,
  run: { workspace: string; task: string; testCommand: string; secretValues: string[] },
): SearchOptions {
  const b = settings.budget;
  return resolveOptions({
    workspace: run.workspace,
    task: run.task,
    testCommand: run.testCommand,
    samples: settings.samples,
    rounds: settings.rounds,
    concurrency: settings.concurrency,
    temperature: settings.temperature,
    maxTokens: settings.maxTokens,
    stopPolicy: settings.stopPolicy,
    plateauRounds: settings.plateauRounds,
    ...(settings.reproTests !== undefined ? { repro: settings.reproTests } : {}),
    testTimeoutMs: Math.round(settings.testTimeoutSeconds * 1000),
    protectedGlobs: settings.protectedGlobs,
    shareDirs: settings.shareDirs,
    sandbox: settings.sandbox,
    maxWriteMb: settings.maxWriteMb,
    envAllow: settings.allowEnv,
    // The extension applies through a WorkspaceEdit (undoable), never the engine's file writes.
    apply: false,
    secretValues: run.secretValues,
    budget: {
      ...(b.usd !== undefined ? { usd: b.usd } : {}),
      ...(b.tokens !== undefined ? { tokens: b.tokens } : {}),
      ...(b.candidates !== undefined ? { candidates: b.candidates } : {}),
      ...(b.timeSeconds !== undefined ? { timeMs: Math.round(b.timeSeconds * 1000) } : {}),
    },
  });
}

/** The host an API key belongs to: keys are stored per host, so one endpoint's key never goes to another. */
export function apiKeyHost(baseUrl: string): string {
  try {
    return new URL(baseUrl).host.toLowerCase();
  } catch {
    return '';
  }
}

export function secretKeyFor(baseUrl: string): string {
  return `${SECTION}.apiKey.${apiKeyHost(baseUrl)}`;
}

/** Settings held in memory: the twin of `workspace.getConfiguration(SECTION)` for tests. */
export function memorySettings(values: Record<string, unknown> = {}): SettingsReader {
  return {
    get: <T>(key: string) => values[key] as T | undefined,
    isSet: (key) => values[key] !== undefined,
  };
}

/**
 * Adapts a `WorkspaceConfiguration`: `isSet` looks at every scope the user can write to, and the
 * `USER_ONLY_KEYS` come from the user's settings alone (see there why).
 */
export function configurationReader(config: {
  get<T>(key: string): T | undefined;
  inspect<T>(key: string): { globalValue?: T; workspaceValue?: T; workspaceFolderValue?: T; globalLanguageValue?: T; workspaceLanguageValue?: T; workspaceFolderLanguageValue?: T } | undefined;
}): SettingsReader {
  return {
    get: <T>(key: string) => (USER_ONLY_KEYS.has(key) ? config.inspect<T>(key)?.globalValue : config.get<T>(key)),
    isSet(key) {
      const i = config.inspect<unknown>(key);
      if (!i) return false;
      const scopes = USER_ONLY_KEYS.has(key)
        ? [i.globalValue]
        : [i.globalValue, i.workspaceValue, i.workspaceFolderValue, i.globalLanguageValue, i.workspaceLanguageValue, i.workspaceFolderLanguageValue];
      return scopes.some((v) => v !== undefined && v !== '');
    },
  };
}
