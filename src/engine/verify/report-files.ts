// Reading the report files a test command was asked to write. The command runs model-written
// code, so the files are untrusted: no symlinks (they could point at a key file) and a size cap.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

const MAX_REPORT_BYTES = 32 * 1024 * 1024;

/** Texts of the report files that exist and are readable regular files; others are skipped. */
export async function readReportFiles(paths: readonly string[]): Promise<string[]> {
  const texts = await Promise.all(paths.map(readOne));
  return texts.filter((t): t is string => t !== undefined);
}

async function readOne(path: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const info = await handle.stat();
    if (!info.isFile() || info.size > MAX_REPORT_BYTES) return undefined;
    return await handle.readFile('utf8');
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}
