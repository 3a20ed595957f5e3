// The workspace the real-VS-Code tests open: a private git copy of the fixture folder, and the
// scripted model answer that fixes its bug.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const FIXTURE_DIR = join(REPO_ROOT, 'test', 'fixtures', 'vscode-workspace');

export interface TestWorkspace {
  dir: string;
  git(...args: string[]): string;
  remove(): void;
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

/** Copies `source` to a new folder below /tmp and commits it, so the engine can make worktrees of it. */
export function copyWorkspace(source = FIXTURE_DIR): TestWorkspace {
  if (!existsSync(join(source, 'package.json'))) {
    throw new Error(`${source} is not a workspace fixture (no package.json); pass --workspace DIR or create the fixture.`);
  }
  const parent = realpathSync(mkdtempSync('/tmp/sws-ws-'));
  const dir = join(parent, 'workspace');
  cpSync(source, dir, { recursive: true, filter: (p) => !p.split(/[\\/]/).includes('node_modules') });
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  git('config', 'commit.gpgsign', 'false');
  git('add', '-A');
  git('commit', '-q', '-m', 'fixture');
  return { dir, git, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

/** One search/replace edit that fixes the fixture's bug. */
interface FixtureFix {
  file: string;
  search: string;
  replace: string;
  plan: string;
}

// The fixture is a small library whose range() leaves out its end; its tests say so.
const FIX: FixtureFix = {
  file: 'src/range.js',
  search: '  for (let i = start; i < end; i++) {',
  replace: '  for (let i = start; i <= end; i++) {',
  plan: 'Make the loop include the end.',
};

/** The scripted model's answer: the fix, in the search/replace form the engine parses. */
export function fixReply(workspaceDir: string): string {
  const path = join(workspaceDir, FIX.file);
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (!text.includes(FIX.search)) {
    throw new Error(
      `The fixture changed: ${FIX.file} no longer contains "${FIX.search.trim()}". Update FIX in scripts/vscode/workspace.ts to its bug.`,
    );
  }
  return [`Plan: ${FIX.plan}`, '', FIX.file, '```js', '<<<<<<< SEARCH', FIX.search, '=======', FIX.replace, '>>>>>>> REPLACE', '```', ''].join('\n');
}

/** True when the fixture's fix is on disk in `workspaceDir`. */
export function fixApplied(workspaceDir: string): boolean {
  const text = readFileSync(join(workspaceDir, FIX.file), 'utf8');
  return text.includes(FIX.replace) && !text.includes(FIX.search);
}
