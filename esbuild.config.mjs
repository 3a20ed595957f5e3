// Bundles the CLI (and, with the extension, dist/extension.js) for Node; types are checked by `tsc --noEmit`.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** Prints start/end lines that the `$esbuild-watch` problem matcher understands. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  define: { 'process.env.SWS_VERSION': JSON.stringify(pkg.version) },
  // Some ESM dependencies read import.meta.url; give the CommonJS bundle a real value.
  banner: { js: "const __import_meta_url = require('url').pathToFileURL(__filename).href;" },
  plugins: watch ? [problemMatcher] : [],
};

/**
 * The extension's activation bundle stays tiny: everything behind its commands is the separate
 * bundle dist/runtime.js, required on first use.
 */
const lazyRuntime = {
  name: 'lazy-runtime',
  setup(build) {
    build.onResolve({ filter: /^\.\/runtime$/ }, () => ({ path: './runtime.js', external: true }));
  },
};

const extension = { ...common, external: ['vscode'] };

/** The reasoning-tree webview: a browser script plus its CSS (codicons' font copied next to it). */
const webview = {
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: ['chrome120'],
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  loader: { '.ttf': 'file' },
  assetNames: '[name]',
  plugins: watch ? [problemMatcher] : [],
  entryPoints: ['src/webview/main.ts'],
  outfile: 'dist/webview.js',
};

/** The mocha suite that runs inside VS Code (npm run build:integration). */
async function integrationBuilds() {
  const { readdirSync } = await import('node:fs');
  const dir = 'test/integration/suite';
  const entryPoints = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => `${dir}/${f}`);
  return [{ ...common, plugins: [], entryPoints, outdir: 'out/test/integration/suite', external: ['vscode', 'mocha'], sourcemap: 'inline' }];
}

const builds = process.argv.includes('--integration')
  ? await integrationBuilds()
  : [
      { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: common.banner },
      { ...extension, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', plugins: [...extension.plugins, lazyRuntime] },
      { ...extension, entryPoints: ['src/extension/runtime.ts'], outfile: 'dist/runtime.js' },
      webview,
    ];

for (const options of builds) {
  const finalOptions =
    options.platform === 'browser' ? options : { ...options, define: { ...options.define, 'import.meta.url': '__import_meta_url' } };
  if (watch) {
    const ctx = await esbuild.context(finalOptions);
    await ctx.watch();
  } else {
    await esbuild.build(finalOptions);
  }
}
