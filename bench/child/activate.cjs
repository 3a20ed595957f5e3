// Loads the extension's activation bundle in a fresh process with a stand-in `vscode` module
// and times `require` plus `activate`, the part of activation the extension controls.
// CommonJS on purpose: it runs in plain node, as the extension host loads the bundle.
'use strict';
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { performance } = require('node:perf_hooks');

/** Any property is another stub, any call or `new` returns one: enough for registration calls. */
function stub(name) {
  const target = function () {};
  return new Proxy(target, {
    get(_, prop) {
      if (prop === 'then') return undefined;
      if (prop === Symbol.toPrimitive) return () => name;
      if (prop === 'dispose') return () => undefined;
      return stub(`${name}.${String(prop)}`);
    },
    set: () => true,
    apply: () => stub(`${name}()`),
    construct: () => stub(`new ${name}`),
  });
}

/**
 * The module object: esbuild's `import * as vscode` copies its own property names, so every
 * top-level name of the real API must be an own property (read from @types/vscode).
 */
function vscodeModule(typesFile) {
  const names = new Set();
  const re = /^\texport (?:namespace|class|enum|const|let|function) (\w+)/gm;
  for (const m of readFileSync(typesFile, 'utf8').matchAll(re)) names.add(m[1]);
  const mod = {};
  for (const name of names) mod[name] = stub(`vscode.${name}`);
  return mod;
}

const vscode = vscodeModule(process.argv[3]);
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscode;
  return load.call(this, request, parent, isMain);
};

const bundle = process.argv[2];
const subscriptions = [];
const context = new Proxy(
  { subscriptions, extensionUri: stub('extensionUri'), extensionPath: '/ext', globalState: stub('globalState'), workspaceState: stub('workspaceState'), secrets: stub('secrets') },
  { get: (t, p) => (p in t ? t[p] : stub(`context.${String(p)}`)) },
);

const t0 = performance.now();
const ext = require(bundle);
const t1 = performance.now();
ext.activate(context);
const t2 = performance.now();
process.stdout.write(JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, totalMs: t2 - t0, subscriptions: subscriptions.length }));
