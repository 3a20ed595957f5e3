// Can bubblewrap sandbox test runs on this machine? Asked once per process by actually running it:
// user namespaces may be disabled, and as root inside a container some mounts are refused.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { bwrapArgs, type JailProfile } from './args';

/** When the jail cannot run: why, and what the user can do about it. */
export type JailSupport = { ok: true; profile: JailProfile } | { ok: false; reason: string; hint: string };

const PROBE_TIMEOUT_MS = 20_000;

let cached: Promise<JailSupport> | undefined;

/** The first answer is kept for the life of the process. */
export function probeJail(): Promise<JailSupport> {
  cached ??= probe();
  return cached;
}

async function probe(): Promise<JailSupport> {
  if (process.platform !== 'linux') {
    return { ok: false, reason: `sandboxing with bubblewrap needs Linux (this is ${process.platform})`, hint: 'run the search on Linux, in WSL or in a Linux VM' };
  }
  const bwrap = findOnPath('bwrap');
  if (!bwrap) return { ok: false, reason: 'bubblewrap (bwrap) is not installed', hint: 'install bubblewrap (e.g. `sudo apt install bubblewrap`)' };
  const dropCapabilities = process.getuid?.() === 0;
  // Strictest first; without a pid namespace the run's process group is what gets killed.
  const profiles: JailProfile[] = [
    { bwrap, pidNamespace: true, dropCapabilities },
    { bwrap, pidNamespace: false, dropCapabilities },
  ];
  let firstError = '';
  for (const profile of profiles) {
    const error = await tryProfile(profile);
    if (error === null) return { ok: true, profile };
    firstError ||= error;
  }
  return {
    ok: false,
    reason: `bwrap cannot create a sandbox here (${firstError})`,
    hint: 'allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1; on Ubuntu also kernel.apparmor_restrict_unprivileged_userns=0), or run in a container that permits them',
  };
}

/** Null when a jailed shell could write into its writable folder; else bwrap's complaint. */
async function tryProfile(profile: JailProfile): Promise<string | null> {
  const dir = await mkdtemp(join(tmpdir(), 'sws-jail-probe-'));
  try {
    const layout = { writable: dir, readOnly: [], hiddenDirs: [], hiddenFiles: [] };
    const args = bwrapArgs(profile, layout, ['/bin/sh', '-c', 'echo ok > probe']);
    const { code, stderr } = await run(profile.bwrap, args, dir);
    if (code === 0 && (await readFile(join(dir, 'probe'), 'utf8').catch(() => '')).trim() === 'ok') return null;
    return firstLine(stderr) || `exit ${code ?? 'by signal'}`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(file: string, args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], timeout: PROBE_TIMEOUT_MS, killSignal: 'SIGKILL' });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', (e) => resolve({ code: null, stderr: e.message }));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0]?.replace(/^bwrap:\s*/, '').slice(0, 200) ?? '';
}
