// Everything about a repository the sandbox promises not to touch, captured for before/after comparison.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TempRepo } from './repo';

export interface RepoState {
  index: string;
  head: string;
  branches: string;
  stash: string;
  status: string;
  worktrees: string;
}

export function captureState(repo: TempRepo): RepoState {
  const indexPath = join(repo.dir, '.git', 'index');
  return {
    index: existsSync(indexPath) ? readFileSync(indexPath).toString('base64') : '(none)',
    head: repo.git('symbolic-ref', '-q', 'HEAD') + ' ' + tryGit(repo, 'rev-parse', '-q', '--verify', 'HEAD'),
    branches: repo.git('branch', '-a', '--format=%(refname) %(objectname)'),
    stash: repo.git('stash', 'list'),
    status: repo.git('--no-optional-locks', '-c', 'core.quotePath=false', 'status', '--porcelain=v1', '--untracked-files=all', '--ignored'),
    worktrees: worktreePaths(repo).join('\n'),
  };
}

function tryGit(repo: TempRepo, ...args: string[]): string {
  try {
    return repo.git(...args);
  } catch {
    return '';
  }
}

export function worktreePaths(repo: TempRepo): string[] {
  return repo
    .git('worktree', 'list', '--porcelain')
    .split('\n')
    .filter((l) => l.startsWith('worktree '))
    .map((l) => l.slice('worktree '.length));
}

export function snapshotRefs(repo: TempRepo): string[] {
  return repo.git('for-each-ref', '--format=%(refname)', 'refs/solve-with-search/').split('\n').filter(Boolean);
}

let counter = 0;
/** A search id unique within the test run. */
export function testSearchId(label: string): string {
  return `t-${label}-${process.pid}-${Date.now().toString(36)}-${counter++}`;
}
