import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scrubEnv } from '../../src/engine/verify';

const ENV = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/dev',
  LANG: 'C.UTF-8',
  NODE_ENV: 'test',
  GIT_AUTHOR_NAME: 'Dev',
  OPENAI_API_KEY: 'sk-live-1234567890abcdefghij',
  OPENAI_BASE_URL: 'https://api.example.com',
  ANTHROPIC_API_KEY: 'x',
  MY_SERVICE_TOKEN: 't',
  DB_PASSWORD: 'p',
  AWS_SECRET_ACCESS_KEY: 'a',
  AWS_REGION: 'eu-west-1',
  GH_HOST: 'github.com',
  GITHUB_TOKEN: 'g',
  NPM_TOKEN: 'n',
  GOOGLE_APPLICATION_CREDENTIALS: '/home/dev/gcp.json',
  SSH_AUTH_SOCK: '/tmp/ssh-agent.sock',
  STRIPE_KEY: 's',
  INNOCENT_NAME: 'the-secret-value-123',
  QUOTED: 'Bearer the-secret-value-123',
  ALSO_INNOCENT: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
  DATABASE_URL: 'postgres://app:hunter2@localhost/db',
  LOCAL_URL: 'http://localhost:3000',
  TEST_API_KEY: 'fixture',
};

test('scrubEnv drops credentials by name, by known value shape and by given value', () => {
  const out = scrubEnv(ENV, { secretValues: ['the-secret-value-123'] });
  assert.deepEqual(Object.keys(out).sort(), ['GIT_AUTHOR_NAME', 'HOME', 'LANG', 'LOCAL_URL', 'NODE_ENV', 'PATH']);
  assert.equal(out.PATH, ENV.PATH);
  assert.equal(out.HOME, ENV.HOME);
});

test('scrubEnv keeps allow-listed names, but never a variable holding a given secret', () => {
  const out = scrubEnv(ENV, { allow: ['TEST_API_KEY', 'DATABASE_URL', 'INNOCENT_NAME'], secretValues: ['the-secret-value-123'] });
  assert.equal(out.TEST_API_KEY, 'fixture');
  assert.equal(out.DATABASE_URL, ENV.DATABASE_URL);
  assert.equal(out.INNOCENT_NAME, undefined);
  assert.equal(out.OPENAI_API_KEY, undefined);
});

test('scrubEnv returns a copy and ignores empty secret values', () => {
  const input = { PATH: '/bin', EMPTY: '' };
  const out = scrubEnv(input, { secretValues: [''] });
  assert.deepEqual(out, { PATH: '/bin', EMPTY: '' });
  assert.notEqual(out, input);
});
