// What a jailed test run of one search sees: its worktree writable, the repository's git
// metadata, the workspace and the shared dependencies readable, credentials hidden.
import { existsSync, statSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isInside } from '../records';
import type { Snapshot } from '../snapshot';
import type { JailLayout } from './args';

/**
 * Credentials under the home folder. Without network a run cannot send them anywhere itself,
 * but its output goes back to the model in refinement prompts, so it must not be able to read them.
 */
const CREDENTIAL_DIRS = ['.ssh', '.gnupg', '.aws', '.azure', '.kube', '.docker', '.password-store', '.config/gcloud', '.config/gh', '.local/share/keyrings'];
const CREDENTIAL_FILES = ['.netrc', '.git-credentials', '.npmrc', '.pypirc', '.yarnrc.yml', '.gem/credentials', '.cargo/credentials', '.cargo/credentials.toml', '.config/hub'];

/** Daemon sockets (docker.sock, the session bus) live here; a socket is reachable without network. */
const SYSTEM_DIRS = ['/run'];

export interface SearchMounts {
  /** Folders every run of the search reads: the repository, its git dir, the shared dependencies. */
  readOnly: string[];
  hiddenDirs: string[];
  hiddenFiles: string[];
}

/** Computed once per search; `layoutFor` adds the one worktree a run may write. */
export async function searchMounts(snap: Snapshot, sharedDirs: readonly string[]): Promise<SearchMounts> {
  // The worktree's .git file points into <common dir>/worktrees/<name>; git in the run must read it.
  const readOnly = [snap.repoRoot, snap.commonDir, snap.gitDir];
  for (const rel of sharedDirs) {
    // Links in the worktree point at the real folder, which may lie outside the repository.
    const real = await realpath(join(snap.workspace, rel)).catch(() => null);
    if (real) readOnly.push(real);
  }
  const home = homedir();
  const keep = (p: string) => !readOnly.some((r) => isInside(p, r));
  return {
    readOnly,
    hiddenDirs: [...SYSTEM_DIRS, ...CREDENTIAL_DIRS.map((d) => join(home, d))].filter((p) => kind(p) === 'dir' && keep(p)),
    hiddenFiles: CREDENTIAL_FILES.map((f) => join(home, f)).filter((p) => kind(p) === 'file' && keep(p)),
  };
}

export function layoutFor(mounts: SearchMounts, worktreeRoot: string): JailLayout {
  return { writable: worktreeRoot, ...mounts };
}

function kind(path: string): 'dir' | 'file' | null {
  if (!existsSync(path)) return null;
  try {
    const st = statSync(path);
    return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : null;
  } catch {
    return null;
  }
}
