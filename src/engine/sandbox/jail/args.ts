// The bubblewrap command line for one test run: what the run sees, and what it may change.

export interface JailProfile {
  /** Path of the bwrap program. */
  bwrap: string;
  /**
   * A private pid namespace. When its first process dies the kernel kills every process in
   * it, so a daemon that left the run's process group (setsid, double fork) still dies with
   * the run. Some containers forbid mounting a fresh /proc, which it needs.
   */
  pidNamespace: boolean;
  /**
   * Running as root: bwrap then keeps every capability unless told otherwise, and root with
   * CAP_SYS_ADMIN could simply remount the read-only filesystem writable.
   */
  dropCapabilities: boolean;
}

export interface JailLayout {
  /** The only writable folder: the candidate's worktree. */
  writable: string;
  /** Folders mounted read-only over the private /tmp: git metadata, the workspace, shared dependencies. */
  readOnly: string[];
  /** Folders replaced by an empty one (credential folders, /run with its daemon sockets). */
  hiddenDirs: string[];
  /** Files replaced by an empty one (~/.netrc, ~/.npmrc ...). */
  hiddenFiles: string[];
}

/** Arguments for bwrap, followed by `command` (a program and its arguments). */
export function bwrapArgs(profile: JailProfile, layout: JailLayout, command: readonly string[]): string[] {
  const args = ['--die-with-parent', '--unshare-net', '--unshare-ipc', '--unshare-uts'];
  if (profile.pidNamespace) {
    // A new session as well: no terminal to inject keystrokes into (TIOCSTI). Killing still
    // works because the whole pid namespace dies with bwrap, whatever session a process is in.
    args.push('--unshare-pid', '--new-session');
  }
  if (profile.dropCapabilities) args.push('--cap-drop', 'ALL');
  // Mount order matters: each mount covers what an earlier one put at the same place.
  args.push('--ro-bind', '/', '/', '--dev', '/dev');
  if (profile.pidNamespace) args.push('--proc', '/proc');
  // The worktrees usually live under /tmp: the private /tmp hides the other candidates' worktrees too.
  args.push('--tmpfs', '/tmp');
  for (const dir of outermostFirst(layout.readOnly)) args.push('--ro-bind', dir, dir);
  // After the read-only folders: a workspace that is the home folder must not bring ~/.ssh back.
  for (const dir of layout.hiddenDirs) args.push('--tmpfs', dir);
  for (const file of layout.hiddenFiles) args.push('--ro-bind', '/dev/null', file);
  args.push('--bind', layout.writable, layout.writable);
  for (const name of ['TMPDIR', 'TMP', 'TEMP']) args.push('--setenv', name, '/tmp');
  args.push('--', ...command);
  return args;
}

/** Parents before children, so a child's mount is not covered by its parent's. Duplicates dropped. */
function outermostFirst(dirs: string[]): string[] {
  return [...new Set(dirs)].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
}
