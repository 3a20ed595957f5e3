// Runs happen in throwaway worktrees; absolute paths into them would make test ids differ
// between runs and show the model paths it must not write to.
import { realpathSync } from 'node:fs';

/** Replaces "<cwd>/" (and its real path) with nothing, leaving workspace-relative paths. */
export function relativizer(cwd: string): (text: string) => string {
  const roots = new Set([stripSlash(cwd)]);
  try {
    roots.add(stripSlash(realpathSync(cwd)));
  } catch {
    // A cwd that vanished keeps its spelled path only.
  }
  const prefixes = [...roots].filter((r) => r !== '').map((r) => `${r}/`);
  // Longest first, so that a root nested in another is not cut halfway.
  prefixes.sort((a, b) => b.length - a.length);
  return (text) => prefixes.reduce((t, p) => t.split(`file://${p}`).join('').split(p).join(''), text);
}

function stripSlash(p: string): string {
  return p.replace(/\/+$/, '');
}
