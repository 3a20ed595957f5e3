import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULTS } from '../../src/engine/options';
import {
  apiKeyHost,
  chooseProvider,
  configurationReader,
  memorySettings,
  readSettings,
  resolveEnvRefs,
  resolveTestCommand,
  secretKeyFor,
  SETTING_KEYS,
  SettingError,
  toSearchOptions,
  USER_ONLY_KEYS,
} from '../../src/extension/config';

const run = { workspace: '/work/project', task: 'fix it', testCommand: 'npm test', secretValues: ['sk-secret-1234'] };

describe('settings → engine options', () => {
  test('defaults: unset settings give the engine\'s defaults, and the mutation search', () => {
    const s = readSettings(memorySettings(), {});
    assert.equal(s.provider, 'mutation');
    assert.equal(s.providerExplicit, false);
    assert.equal(s.applyMode, 'workspaceEdit');
    const o = toSearchOptions(s, run);
    assert.equal(o.samples, DEFAULTS.samples);
    assert.equal(o.rounds, DEFAULTS.rounds);
    assert.equal(o.concurrency, DEFAULTS.concurrency);
    assert.equal(o.temperature, DEFAULTS.temperature);
    assert.equal(o.maxTokens, DEFAULTS.maxTokens);
    assert.equal(o.testTimeoutMs, DEFAULTS.testTimeoutMs);
    assert.equal(o.stopPolicy, 'first-pass');
    assert.deepEqual(o.budget, {});
    assert.equal(o.apply, false, 'the extension applies through a WorkspaceEdit, never the engine');
    assert.deepEqual(o.secretValues, ['sk-secret-1234']);
    assert.equal(o.workspace, '/work/project');
    assert.equal(o.task, 'fix it');
    assert.equal(o.sandbox, 'auto');
    assert.equal(o.maxWriteMb, 512);
    assert.deepEqual(o.envAllow, []);
  });

  test('every setting reaches its engine option, with units converted', () => {
    const s = readSettings(
      memorySettings({
        provider: 'openai-compatible',
        baseUrl: 'http://127.0.0.1:8080/v1',
        model: 'qwen',
        samples: 12,
        rounds: 4,
        concurrency: 3,
        temperature: 1.1,
        maxTokens: 2048,
        stopPolicy: 'best-of-budget',
        plateauRounds: 2,
        'budget.usd': 0.5,
        'budget.tokens': 100000,
        'budget.timeSeconds': 90,
        'budget.candidates': 40,
        testCommand: 'pnpm test',
        testTimeoutSeconds: 30,
        protectedGlobs: ['fixtures/**'],
        shareDirs: ['vendor'],
        sandbox: 'required',
        maxWriteMb: 64,
        allowEnv: ['NPM_TOKEN', '_PRIVATE_REGISTRY_AUTH'],
        prices: { qwen: { inputPerMTok: 1, outputPerMTok: 2 } },
        applyMode: 'preview',
      }),
      {},
    );
    assert.equal(s.provider, 'openai-compatible');
    assert.equal(s.providerExplicit, true);
    assert.equal(s.baseUrl, 'http://127.0.0.1:8080/v1');
    assert.equal(s.model, 'qwen');
    assert.deepEqual(s.prices, { qwen: { inputPerMTok: 1, outputPerMTok: 2 } });
    assert.equal(s.applyMode, 'preview');
    assert.equal(resolveTestCommand(s, '/nowhere').command, 'pnpm test');
    const o = toSearchOptions(s, run);
    assert.equal(o.samples, 12);
    assert.equal(o.rounds, 4);
    assert.equal(o.concurrency, 3);
    assert.equal(o.temperature, 1.1);
    assert.equal(o.maxTokens, 2048);
    assert.equal(o.stopPolicy, 'best-of-budget');
    assert.equal(o.plateauRounds, 2);
    assert.equal(o.testTimeoutMs, 30_000);
    assert.deepEqual(o.protectedGlobs, ['fixtures/**']);
    assert.deepEqual(o.shareDirs, ['vendor']);
    assert.deepEqual(o.budget, { usd: 0.5, tokens: 100000, candidates: 40, timeMs: 90_000 });
    assert.equal(o.sandbox, 'required');
    assert.equal(o.maxWriteMb, 64);
    assert.deepEqual(o.envAllow, ['NPM_TOKEN', '_PRIVATE_REGISTRY_AUTH']);
    assert.equal(toSearchOptions(readSettings(memorySettings({ sandbox: 'off' }), {}), run).sandbox, 'off');
  });

  test('out-of-range and mistyped values are refused, naming the setting', () => {
    const cases: Array<[string, unknown]> = [
      ['samples', 0],
      ['samples', 1001],
      ['samples', 2.5],
      ['rounds', 0],
      ['concurrency', 65],
      ['temperature', 2.5],
      ['temperature', -0.1],
      ['maxTokens', 8],
      ['stopPolicy', 'forever'],
      ['plateauRounds', -1],
      ['budget.usd', -1],
      ['budget.tokens', 0],
      ['budget.timeSeconds', 0.5],
      ['budget.candidates', 1.5],
      ['testTimeoutSeconds', 0],
      ['protectedGlobs', 'src/**'],
      ['prices', { m: { inputPerMTok: -1, outputPerMTok: 1 } }],
      ['applyMode', 'now'],
      ['provider', 'magic'],
      ['samples', '8'],
      ['sandbox', 'none'],
      ['sandbox', false],
      ['maxWriteMb', 0],
      ['maxWriteMb', 1_000_001],
      ['maxWriteMb', 12.5],
      ['maxWriteMb', '512'],
      ['allowEnv', 'NPM_TOKEN'],
      ['allowEnv', ['NPM_TOKEN', '1PASSWORD']],
      ['allowEnv', ['NPM-TOKEN']],
      ['allowEnv', ['NPM_TOKEN=x']],
      ['allowEnv', ['']],
      ['allowEnv', [42]],
    ];
    for (const [key, value] of cases) {
      assert.throws(
        () => readSettings(memorySettings({ [key]: value }), {}),
        (e: unknown) => e instanceof SettingError && e.setting === `solveWithSearch.${key}` && e.message.includes(`solveWithSearch.${key}`),
        `${key} = ${JSON.stringify(value)}`,
      );
    }
  });

  test('range limits themselves are accepted', () => {
    const s = readSettings(
      memorySettings({ samples: 1000, rounds: 100, concurrency: 64, temperature: 0, maxTokens: 16, plateauRounds: 0, 'budget.usd': 0, testTimeoutSeconds: 0.1, maxWriteMb: 1 }),
      {},
    );
    const o = toSearchOptions(s, run);
    assert.equal(o.samples, 1000);
    assert.equal(o.maxWriteMb, 1);
    assert.equal(toSearchOptions(readSettings(memorySettings({ maxWriteMb: 1_000_000 }), {}), run).maxWriteMb, 1_000_000);
    assert.equal(o.temperature, 0);
    assert.equal(o.testTimeoutMs, 100);
    assert.deepEqual(o.budget, { usd: 0 });
  });

  test('null budgets mean no limit', () => {
    const s = readSettings(memorySettings({ 'budget.usd': null, 'budget.tokens': null }), {});
    assert.deepEqual(toSearchOptions(s, run).budget, {});
  });

  test('${env:NAME} in the base URL is resolved from the environment', () => {
    const s = readSettings(memorySettings({ baseUrl: '${env:SWS_FAKE_MODEL_URL}', model: 'scripted' }), { SWS_FAKE_MODEL_URL: 'http://127.0.0.1:4242/v1' });
    assert.equal(s.baseUrl, 'http://127.0.0.1:4242/v1');
    assert.equal(s.provider, 'openai-compatible', 'an unset provider follows a configured endpoint');
    assert.equal(resolveEnvRefs('${env:A}/${env:MISSING}/x', { A: 'a' }), 'a//x');
  });

  test('provider choice: explicit wins; unset means endpoint if configured, else mutation', () => {
    assert.equal(chooseProvider('vscode-lm', 'http://x', 'm'), 'vscode-lm');
    assert.equal(chooseProvider(undefined, 'http://x', 'm'), 'openai-compatible');
    assert.equal(chooseProvider('', 'http://x', ''), 'mutation');
    assert.equal(chooseProvider(undefined, '', ''), 'mutation');
  });

  test('an empty test command is detected from the workspace, or refused with what to set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sws-config-'));
    try {
      assert.throws(() => resolveTestCommand({ testCommand: '' }, dir), (e: unknown) => e instanceof SettingError && e.setting === 'solveWithSearch.testCommand');
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ scripts: { test: 'node --test' } }));
      writeFileSync(join(dir, 'pnpm-lock.yaml'), '');
      const found = resolveTestCommand({ testCommand: '' }, dir);
      assert.equal(found.command, 'pnpm run test');
      assert.match(found.detected ?? '', /package\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('API keys are stored per host', () => {
    assert.equal(apiKeyHost('https://API.openai.com/v1'), 'api.openai.com');
    assert.equal(apiKeyHost('http://127.0.0.1:8080/v1'), '127.0.0.1:8080');
    assert.equal(apiKeyHost('not a url'), '');
    assert.equal(secretKeyFor('https://openrouter.ai/api/v1'), 'solveWithSearch.apiKey.openrouter.ai');
  });

  test('the WorkspaceConfiguration adapter: set means set in some scope, not just a default', () => {
    const config = {
      get: <T>(key: string) => ({ provider: 'openai-compatible', samples: 4 })[key] as T,
      inspect: <T>(key: string) =>
        (key === 'samples' ? { workspaceFolderValue: 4 as T } : key === 'provider' ? { defaultValue: 'openai-compatible' } : undefined) as never,
    };
    const reader = configurationReader(config);
    assert.equal(reader.isSet('samples'), true);
    assert.equal(reader.isSet('provider'), false);
    assert.equal(reader.get('samples'), 4);
  });

  test('sandbox and allowEnv come from the user\'s settings only, never a workspace\'s', () => {
    type Scopes = { defaultValue?: unknown; globalValue?: unknown; workspaceValue?: unknown; workspaceFolderValue?: unknown };
    // A host that ignores the `machine` scope would merge the workspace's values into get().
    const hostile = (scopes: Record<string, Scopes>) => {
      const merged = (i: Scopes | undefined) => i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue ?? i?.defaultValue;
      return configurationReader({ get: <T>(key: string) => merged(scopes[key]) as T, inspect: <T>(key: string) => scopes[key] as never as { globalValue?: T } });
    };
    const fromWorkspace = hostile({
      sandbox: { defaultValue: 'auto', workspaceValue: 'off' },
      allowEnv: { defaultValue: [], workspaceFolderValue: ['AWS_SECRET_ACCESS_KEY'] },
      maxWriteMb: { defaultValue: 512, workspaceValue: 32 },
    });
    assert.equal(fromWorkspace.isSet('sandbox'), false);
    assert.equal(fromWorkspace.isSet('allowEnv'), false);
    const o = toSearchOptions(readSettings(fromWorkspace, {}), run);
    assert.equal(o.sandbox, 'auto', 'a workspace cannot turn the sandbox off');
    assert.deepEqual(o.envAllow, [], 'a workspace cannot pass credentials to test runs');
    assert.equal(o.maxWriteMb, 32, 'the write limit may differ per folder');

    const userAndWorkspace = hostile({
      sandbox: { defaultValue: 'auto', globalValue: 'required', workspaceValue: 'off' },
      allowEnv: { defaultValue: [], globalValue: ['NPM_TOKEN'], workspaceValue: ['NPM_TOKEN', 'GITHUB_TOKEN'] },
    });
    assert.equal(userAndWorkspace.isSet('sandbox'), true);
    const u = toSearchOptions(readSettings(userAndWorkspace, {}), run);
    assert.equal(u.sandbox, 'required');
    assert.deepEqual(u.envAllow, ['NPM_TOKEN']);
  });

  test('a user-only value that is invalid is still refused, naming the setting', () => {
    const reader = configurationReader({ get: () => undefined as never, inspect: <T>(key: string) => (key === 'sandbox' ? { globalValue: 'never' as T } : undefined) });
    assert.throws(() => readSettings(reader, {}), (e: unknown) => e instanceof SettingError && e.setting === 'solveWithSearch.sandbox');
  });

  test('package.json declares exactly the settings read here, the user-only ones machine-scoped', () => {
    const root = join(__dirname, '..', '..');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const properties: Record<string, Record<string, unknown>> = Object.assign({}, ...pkg.contributes.configuration.map((c: { properties: object }) => c.properties));
    assert.deepEqual(Object.keys(properties).sort(), SETTING_KEYS.map((k) => `solveWithSearch.${k}`).sort());
    for (const key of USER_ONLY_KEYS) assert.equal(properties[`solveWithSearch.${key}`]?.scope, 'machine', key);
    for (const ref of JSON.stringify(properties).matchAll(/"%([^%"]+)%"/g)) assert.ok(nls[ref[1]!], `package.nls.json has ${ref[1]}`);
  });
});
