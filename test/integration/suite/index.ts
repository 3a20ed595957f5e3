// Entry point for the suite inside VS Code (the shape @vscode/test-electron and code-server's
// test driver load): runs mocha over the *.test.js files next to this one.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type MochaType from 'mocha';

export async function run(): Promise<void> {
  // mocha is loaded from node_modules at run time, not bundled: it finds its reporters itself.
  const loaded = require('mocha') as typeof MochaType & { default?: typeof MochaType };
  const Mocha = loaded.default ?? loaded;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 120_000, reporter: 'spec' });
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(join(__dirname, f));
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed.`)) : resolve()));
  });
}
