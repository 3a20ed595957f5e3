import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

const imports = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1] ?? m[2] ?? m[3]!,
  );

// The engine is driven by the CLI and by the extension, and unit-tested with plain Node:
// it may not reach into either front end, nor into the editor.
test('src/engine imports neither vscode nor the front ends', () => {
  const engine = join(root, 'src', 'engine');
  const offenders: string[] = [];
  for (const file of sources(engine)) {
    for (const spec of imports(file)) {
      const outside = spec.startsWith('.') && relative(engine, resolve(dirname(file), spec)).startsWith('..');
      if (spec === 'vscode' || outside) offenders.push(`${relative(root, file)} imports ${spec}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('only src/extension imports vscode', () => {
  const offenders = ['engine', 'cli', 'agents', 'shared', 'webview']
    .flatMap((d) => sources(join(root, 'src', d)))
    .filter((f) => imports(f).includes('vscode'))
    .map((f) => relative(root, f));
  assert.deepEqual(offenders, []);
});
