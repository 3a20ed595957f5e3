// The isolation every test run of a search gets: the sandbox mode turned into a wrapper for the
// test command, the write limit, and one sentence telling the user what is in effect.
import type { SandboxMode } from '../../options';
import { UserError } from '../../types';
import type { Snapshot } from '../snapshot';
import type { Worktree } from '../worktree';
import { bwrapArgs, type JailProfile } from './args';
import { layoutFor, searchMounts, type SearchMounts } from './layout';
import { MAX_WRITTEN_FILES, measureWrites, withFileSizeLimit, writeLimitBroken } from './limits';
import { probeJail } from './probe';

/** The `wrap` option of runTests. */
export type ShellWrap = (shell: string[]) => { file: string; args: string[] };

export interface RunIsolation {
  /** 'jail' when runs are sandboxed, 'none' when they run with the user's rights. */
  readonly kind: 'jail' | 'none';
  /** What to tell the user once per search. */
  readonly notice: { level: 'info' | 'warn'; message: string };
  /** The wrapper for a run in this worktree. */
  wrapFor(wt: Pick<Worktree, 'root'>): ShellWrap;
  /** After a run, before the worktree is reset: why its writes broke the limit, if they did. */
  checkWrites(wt: Pick<Worktree, 'root' | 'changedFiles'>): Promise<string | undefined>;
}

export interface IsolationOptions {
  sandbox: SandboxMode;
  maxWriteMb: number;
}

/**
 * Decides how this search's test runs are isolated. 'required' fails with a UserError when the
 * sandbox cannot run; 'auto' then runs them unsandboxed and says so in a warning.
 */
export async function isolateRuns(opts: IsolationOptions, snap: Snapshot, sharedDirs: readonly string[]): Promise<RunIsolation> {
  const maxBytes = opts.maxWriteMb * 1024 * 1024;
  if (opts.sandbox === 'off') {
    return unjailed(maxBytes, {
      level: 'info',
      message: 'Sandbox off: test runs have your permissions and network. Secrets are still removed from their environment, and the time, output and write limits apply.',
    });
  }
  const support = await probeJail();
  if (!support.ok) {
    if (opts.sandbox === 'required') {
      throw new UserError(`The sandbox is required but cannot run: ${support.reason}. To sandbox test runs, ${support.hint}; or set the sandbox to auto or off.`);
    }
    return unjailed(maxBytes, {
      level: 'warn',
      message: `Test runs are not sandboxed: ${support.reason}. Model-written code runs with your permissions and network (secrets are removed from its environment). To sandbox it, ${support.hint}; set the sandbox to off to silence this warning.`,
    });
  }
  return jailed(support.profile, await searchMounts(snap, sharedDirs), maxBytes);
}

function jailed(profile: JailProfile, mounts: SearchMounts, maxBytes: number): RunIsolation {
  const killing = profile.pidNamespace
    ? 'every process a run starts ends with it'
    : 'this system refuses a private process namespace, so a process that leaves the run\'s process group may outlive it';
  return {
    kind: 'jail',
    notice: {
      level: profile.pidNamespace ? 'info' : 'warn',
      message: `Test runs are sandboxed with bubblewrap: no network, only the candidate's worktree is writable, a private /tmp, credential folders hidden; ${killing}.`,
    },
    wrapFor: (wt) => (shell) => ({ file: profile.bwrap, args: bwrapArgs(profile, layoutFor(mounts, wt.root), withFileSizeLimit(shell, maxBytes)) }),
    checkWrites: (wt) => checkWrites(wt, maxBytes),
  };
}

function unjailed(maxBytes: number, notice: RunIsolation['notice']): RunIsolation {
  return {
    kind: 'none',
    notice,
    wrapFor: () => (shell) => {
      const [file, ...args] = withFileSizeLimit(shell, maxBytes);
      return { file: file!, args };
    },
    checkWrites: (wt) => checkWrites(wt, maxBytes),
  };
}

async function checkWrites(wt: Pick<Worktree, 'root' | 'changedFiles'>, maxBytes: number): Promise<string | undefined> {
  // A worktree git cannot read (a run corrupted its index) is rebuilt on reset; the per-file cap still held.
  const paths = await wt.changedFiles().catch(() => null);
  if (!paths) return undefined;
  if (paths.length > MAX_WRITTEN_FILES) return writeLimitBroken({ bytes: 0, files: paths.length, largest: 0 }, maxBytes);
  return writeLimitBroken(await measureWrites(wt.root, paths), maxBytes);
}
