import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_PROTECTED_GLOBS, isProtectedPath, unsafePathReason } from '../../src/engine/patch';

const LINKS = new Set(['vendor', 'docs/current']);

describe('unsafePathReason', () => {
  const unsafe: Array<[string, RegExp]> = [
    ['', /empty file path/],
    ['/etc/passwd', /absolute/],
    ['C:/Windows/x', /drive letter/],
    ['c:x', /drive letter/],
    ['src\\..\\..\\x', /backslash/],
    ['..', /leaves the workspace/],
    ['../x', /leaves the workspace/],
    ['a/../../x', /leaves the workspace/],
    ['.', /workspace itself/],
    ['.git/hooks/pre-commit', /inside \.git/],
    ['sub/.git/config', /inside \.git/],
    ['.GIT/config', /inside \.git/],
    ['.git./config', /inside \.git/],
    ['GIT~1/config', /inside \.git/],
    ['a/../.git/HEAD', /inside \.git/],
    ['src/a\u0000.js', /control characters/],
    ['src/a\n.js', /control characters/],
    ['vendor/lib.js', /passes through the symbolic link vendor/],
    ['docs/current/index.md', /passes through the symbolic link docs\/current/],
    ['x/../vendor/lib.js', /passes through the symbolic link vendor/],
    ['vendor', /is a symbolic link/],
  ];
  for (const [path, reason] of unsafe) {
    it(`rejects ${JSON.stringify(path)}`, () => {
      assert.match(unsafePathReason(path, LINKS) ?? 'null', reason);
    });
  }

  for (const path of ['src/a.js', './src/a.js', 'a/../b.js', '.github/workflows/ci.yml', '.gitignore', 'docs/index.md', 'vendors/x.js', 'src/my file.ts', 'src/é.ts']) {
    it(`accepts ${JSON.stringify(path)}`, () => {
      assert.equal(unsafePathReason(path, LINKS), null);
    });
  }
});

describe('DEFAULT_PROTECTED_GLOBS', () => {
  const protectedPaths = [
    'test/a.js', 'tests/unit/a.py', 'pkg/__tests__/a.ts', 'spec/a_spec.rb', 'src/deep/test/helper.js',
    'src/a.test.ts', 'src/a.spec.js', 'pkg/a_test.go', 'pkg/test_a.py', 'pkg/a_test.py',
    'src/__snapshots__/a.ts.snap', 'a.snap', 'jest.config.js', 'web/vitest.config.ts', '.mocharc.yml',
    'pytest.ini', 'pkg/conftest.py', 'tox.ini', 'karma.conf.js', 'ava.config.mjs', 'playwright.config.ts', 'Tests/A.cs',
  ];
  for (const p of protectedPaths) {
    it(`protects ${p}`, () => assert.equal(isProtectedPath(p, DEFAULT_PROTECTED_GLOBS), true));
  }
  for (const p of ['package.json', 'src/range.js', 'src/testing.ts', 'src/contest.py', 'lib/tester/a.js', 'README.md', 'tsconfig.json']) {
    it(`leaves ${p} editable`, () => assert.equal(isProtectedPath(p, DEFAULT_PROTECTED_GLOBS), false));
  }
});
