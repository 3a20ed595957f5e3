// Bundles the CLI for Node; types are checked by `tsc --noEmit`.
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
  define: { 'process.env.SWS_VERSION': JSON.stringify(pkg.version), 'import.meta.url': '__import_meta_url' },
  // Some ESM dependencies read import.meta.url; give the CommonJS bundle a real value.
  banner: { js: "const __import_meta_url = require('url').pathToFileURL(__filename).href;" },
  plugins: watch ? [problemMatcher] : [],
};

const builds = [{ ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js' }];

for (const options of builds) {
  if (watch) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  } else {
    await esbuild.build(options);
  }
}
