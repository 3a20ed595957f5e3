import { posix } from 'node:path';
import picomatch from 'picomatch';
import type { PatchPolicy } from './types';

/** Files a candidate may not touch: editing the tests (or their runner) would let it "pass" without fixing anything. */
export const DEFAULT_PROTECTED_GLOBS: string[] = [
  '**/test/**',
  '**/tests/**',
  '**/__tests__/**',
  '**/spec/**',
  '**/*.test.*',
  '**/*.spec.*',
  '**/*_test.go',
  '**/test_*.py',
  '**/*_test.py',
  '**/__snapshots__/**',
  '**/*.snap',
  '**/jest.config.*',
  '**/vitest.config.*',
  '**/.mocharc*',
  '**/pytest.ini',
  '**/conftest.py',
  '**/tox.ini',
  '**/karma.conf.*',
  '**/ava.config.*',
  '**/playwright.config.*',
];

/** Workspace-relative POSIX form of a path a model wrote (`./a/../b/` → `b`). */
export function normalizePath(path: string): string {
  const norm = posix.normalize(path);
  return norm.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

// Windows and macOS resolve `.GIT`, `.git.` and the 8.3 name `GIT~1` to the same folder as `.git`.
function isGitDirName(name: string): boolean {
  return name.toLowerCase().replace(/[. ]+$/, '') === '.git' || /^git~\d+$/i.test(name);
}

/** Returns a human reason when a path is unsafe to write in a workspace, else null. */
export function unsafePathReason(path: string, symlinks: ReadonlySet<string>): string | null {
  const shown = JSON.stringify(path);
  if (path.trim() === '') return 'The patch names an empty file path.';
  // Control characters (NUL above all) truncate or forge paths in git and in diff headers.
  if (/[\u0000-\u001f\u007f]/.test(path)) return `The path ${shown} contains control characters.`;
  // On Windows a backslash is a separator, so `a\..\..\x` would escape the workspace there.
  if (path.includes('\\')) return `The path ${shown} contains a backslash; paths must use forward slashes.`;
  if (path.startsWith('/')) return `The path ${shown} is absolute; patches may only touch workspace-relative paths.`;
  if (/^[a-zA-Z]:/.test(path)) return `The path ${shown} starts with a drive letter; patches may only touch workspace-relative paths.`;
  const norm = posix.normalize(path);
  if (norm === '..' || norm.startsWith('../')) return `The path ${shown} leaves the workspace.`;
  const parts = norm.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0) return `The path ${shown} names the workspace itself, not a file.`;
  if (parts.some(isGitDirName)) return `The path ${shown} is inside .git, which patches may not touch.`;
  // Writing through a link would land outside the folder the path names, possibly outside the workspace.
  for (let i = 1; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join('/');
    if (!symlinks.has(prefix)) continue;
    return i < parts.length
      ? `The path ${shown} passes through the symbolic link ${prefix}.`
      : `The path ${shown} is a symbolic link, which patches may not touch.`;
  }
  return null;
}

/** Why a file mode may not be written, else null. */
export function unsafeModeReason(path: string, mode: string): string | null {
  if (mode === '100644' || mode === '100755') return null;
  if (mode === '120000') return `The patch would make ${path} a symbolic link, which patches may not do.`;
  if (mode === '160000') return `The patch would make ${path} a submodule, which patches may not do.`;
  return `The patch gives ${path} the unsupported file mode ${mode}.`;
}

const matchers = new Map<string, picomatch.Matcher>();

function matcher(glob: string): picomatch.Matcher {
  let m = matchers.get(glob);
  if (!m) {
    // nocase: a `Tests/` folder protects as much as `tests/`, and case-insensitive disks treat them as one.
    m = picomatch(glob, { dot: true, nocase: true });
    matchers.set(glob, m);
  }
  return m;
}

/** The first glob that protects `path`, if any. */
export function protectingGlob(path: string, globs: readonly string[]): string | undefined {
  const norm = normalizePath(path);
  return globs.find((g) => matcher(g)(norm));
}

export function isProtectedPath(path: string, globs: readonly string[]): boolean {
  return protectingGlob(path, globs) !== undefined;
}

/** Why the policy forbids touching `path`, else null. */
export function protectedReason(path: string, policy: PatchPolicy): string | null {
  const norm = normalizePath(path);
  if (policy.protectedPaths?.some((p) => normalizePath(p) === norm)) {
    return `The patch touches ${norm}, a protected file; fix the code under test instead.`;
  }
  const glob = protectingGlob(norm, policy.protectedGlobs);
  if (glob !== undefined) {
    return `The patch touches ${norm}, which is protected (matches ${glob}); fix the code under test instead.`;
  }
  return null;
}
