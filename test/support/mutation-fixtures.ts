// Planted-bug libraries for the mutation search: small real libraries with real node:test
// suites, and a catalogue of single-edit bugs to plant into them.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'mutation');

export interface PlantedBug {
  id: string;
  lib: string;
  file: string;
  /** Operator family expected to fix it ("unfixable" for a control no single edit fixes). */
  op: string;
  fixed: string;
  buggy: string;
}

/** Each library's own test command, as a user would configure it. */
export function testCommandFor(lib: string): string {
  return lib.startsWith('py') ? 'python3 -m pytest -q -p no:cacheprovider' : 'node --test';
}

export const BUGS: PlantedBug[] = JSON.parse(readFileSync(join(FIXTURES, 'bugs.json'), 'utf8')) as PlantedBug[];

export function bug(id: string): PlantedBug {
  const b = BUGS.find((x) => x.id === id);
  if (!b) throw new Error(`no planted bug "${id}" in bugs.json`);
  return b;
}

/** Every file of a fixture library, by its path inside the library. */
export function libraryFiles(lib: string): Record<string, string> {
  const root = join(FIXTURES, lib);
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(root, p).split('\\').join('/')] = readFileSync(p, 'utf8');
    }
  };
  walk(root);
  return out;
}

/** The library with the bug in place; the correct text must occur exactly once. */
export function plant(b: PlantedBug): Record<string, string> {
  const files = libraryFiles(b.lib);
  const text = files[b.file];
  if (text === undefined) throw new Error(`${b.id}: ${b.lib} has no ${b.file}`);
  const at = text.indexOf(b.fixed);
  if (at === -1 || text.indexOf(b.fixed, at + 1) !== -1) throw new Error(`${b.id}: the fixed text must occur exactly once in ${b.file}`);
  files[b.file] = text.slice(0, at) + b.buggy + text.slice(at + b.fixed.length);
  return files;
}
