// Writes l10n/bundle.l10n.json, the English source of every `vscode.l10n.t('…')` string in
// src/extension; translators copy it to bundle.l10n.<language>.json.
// node l10n/extract.mjs
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const CALL = /l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/gs;

function* sources(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (p.endsWith('.ts')) yield p;
  }
}

const messages = new Set();
for (const file of sources(join(root, 'src', 'extension'))) {
  for (const m of readFileSync(file, 'utf8').matchAll(CALL)) messages.add(m[1].replace(/\\(.)/g, '$1'));
}
const bundle = Object.fromEntries([...messages].sort().map((m) => [m, m]));
writeFileSync(join(root, 'l10n', 'bundle.l10n.json'), JSON.stringify(bundle, null, 2) + '\n');
console.log(`l10n/bundle.l10n.json: ${messages.size} strings`);
