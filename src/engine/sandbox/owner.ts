// owner.json: which process a search folder belongs to, so leftovers of dead processes can be told apart from live searches.
import { execFile } from 'node:child_process';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const OWNER_FILE = 'owner.json';

export interface OwnerRecord {
  pid: number;
  /** Start time of the process as the OS reports it; tells a live owner from a reused pid. */
  startTime: string | null;
  createdAt: string;
  /** Worktree folders outside the search folder (a pool with a custom baseDir). */
  extraDirs: string[];
}

const pexecFile = promisify(execFile);

/** The OS's start time of `pid`, or null when it cannot be read (process gone, or no way to ask). */
export async function processStartTime(pid: number): Promise<string | null> {
  try {
    if (process.platform === 'linux') {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      // Field 22 (starttime); the command name in field 2 may contain spaces and parens, so count from its closing paren.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return fields[19] ?? null;
    }
    if (process.platform === 'win32') return null;
    const { stdout } = await pexecFile('ps', ['-o', 'lstart=', '-p', String(pid)], { env: { ...process.env, LC_ALL: 'C' } });
    return stdout.trim() || null;
  } catch {
    return null;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function ownerAlive(owner: OwnerRecord): Promise<boolean> {
  if (!Number.isInteger(owner.pid) || owner.pid <= 0 || !pidAlive(owner.pid)) return false;
  if (owner.startTime === null) return true;
  const now = await processStartTime(owner.pid);
  return now === null || now === owner.startTime;
}

let ownStartTime: Promise<string | null> | undefined;

export async function currentOwner(extraDirs: string[] = []): Promise<OwnerRecord> {
  ownStartTime ??= processStartTime(process.pid);
  return { pid: process.pid, startTime: await ownStartTime, createdAt: new Date().toISOString(), extraDirs };
}

export async function readOwner(searchDir: string): Promise<OwnerRecord | null> {
  try {
    const raw = JSON.parse(await readFile(join(searchDir, OWNER_FILE), 'utf8')) as Partial<OwnerRecord>;
    if (typeof raw.pid !== 'number') return null;
    return {
      pid: raw.pid,
      startTime: typeof raw.startTime === 'string' ? raw.startTime : null,
      createdAt: String(raw.createdAt ?? ''),
      extraDirs: Array.isArray(raw.extraDirs) ? raw.extraDirs.filter((d): d is string => typeof d === 'string') : [],
    };
  } catch {
    return null;
  }
}

// Written to a temp name and renamed, so a concurrent prune never reads half a file.
export async function writeOwner(searchDir: string, owner: OwnerRecord): Promise<void> {
  const tmp = join(searchDir, `${OWNER_FILE}.${process.pid}.tmp`);
  await writeFile(tmp, JSON.stringify(owner, null, 2) + '\n');
  await rename(tmp, join(searchDir, OWNER_FILE));
}

/** Adds a worktree folder that lives outside the search folder to its owner record. */
export async function addOwnerDir(searchDir: string, dir: string): Promise<void> {
  const owner = (await readOwner(searchDir)) ?? (await currentOwner());
  if (!owner.extraDirs.includes(dir)) owner.extraDirs.push(dir);
  await writeOwner(searchDir, owner);
}

// A folder without owner.json is either being created right now or was abandoned
// mid-creation; only the second kind is old.
const ORPHAN_AGE_MS = 10 * 60 * 1000;

/** Is the search folder owned by a live process (or too young to judge)? */
export async function searchAlive(searchDir: string): Promise<boolean> {
  const owner = await readOwner(searchDir);
  if (owner) return ownerAlive(owner);
  try {
    return Date.now() - (await stat(searchDir)).mtimeMs < ORPHAN_AGE_MS;
  } catch {
    return false;
  }
}
