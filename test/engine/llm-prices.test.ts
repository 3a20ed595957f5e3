import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PRICES, estimateTokens, priceFor } from '../../src/engine/llm';

const HOSTED = 'https://api.openai.com/v1';

test('exact and longest-prefix matches in the default table', () => {
  assert.deepEqual(priceFor('gpt-4o', HOSTED), DEFAULT_PRICES['gpt-4o']);
  assert.deepEqual(priceFor('gpt-4o-mini-2024-07-18', HOSTED), DEFAULT_PRICES['gpt-4o-mini'], 'not gpt-4o');
  assert.deepEqual(priceFor('GPT-4.1-nano', HOSTED), DEFAULT_PRICES['gpt-4.1-nano'], 'case-insensitive');
  assert.deepEqual(priceFor('anthropic/claude-sonnet-4-20250514', 'https://openrouter.ai/api/v1'), DEFAULT_PRICES['claude-sonnet-4']);
  assert.deepEqual(priceFor('deepseek-chat', 'https://api.deepseek.com/v1'), DEFAULT_PRICES['deepseek-chat']);
  assert.ok((DEFAULT_PRICES['gpt-5']?.outputPerMTok ?? 0) > 0);
});

test('unknown models and local endpoints cost nothing', () => {
  const zero = { inputPerMTok: 0, outputPerMTok: 0 };
  assert.deepEqual(priceFor('my-finetune', HOSTED), zero);
  for (const url of [
    'http://localhost:11434/v1',
    'http://127.0.0.5:8080/v1',
    'http://[::1]:8000/v1',
    'http://192.168.1.20:8000/v1',
    'http://10.0.0.7/v1',
    'http://172.20.1.1/v1',
    'http://gpu-box.local:8000/v1',
  ]) {
    assert.deepEqual(priceFor('gpt-4o', url), zero, url);
  }
  assert.notDeepEqual(priceFor('gpt-4o', 'http://172.32.0.1/v1'), zero, '172.32 is public');
  assert.notDeepEqual(priceFor('gpt-4o', undefined), zero);
});

test('user prices beat the defaults, also on a local proxy', () => {
  const mine = { 'gpt-4o': { inputPerMTok: 1, outputPerMTok: 2 }, 'qwen': { inputPerMTok: 0.1, outputPerMTok: 0.2 } };
  assert.deepEqual(priceFor('gpt-4o-2024-11-20', HOSTED, mine), mine['gpt-4o']);
  assert.deepEqual(priceFor('qwen2.5-coder-32b', 'http://127.0.0.1:4000/v1', mine), mine.qwen);
  assert.deepEqual(priceFor('gpt-4o-mini', HOSTED, mine), DEFAULT_PRICES['gpt-4o-mini'], 'a longer default prefix beats a shorter user prefix');
});

test('estimateTokens is about four bytes a token', () => {
  assert.equal(estimateTokens(''), 0);
  assert.equal(estimateTokens('abcd'), 1);
  assert.equal(estimateTokens('x'.repeat(401)), 101);
  assert.ok(estimateTokens('日本語のテキスト') >= 6);
});
