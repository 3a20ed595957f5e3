// Preloaded (node -r) into the process whose memory is measured: at exit it writes the process's
// own peak resident set size, so the number covers that process alone, not its test runs.
// CommonJS on purpose: it must load in plain node before anything else, without a TypeScript loader.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');

const out = process.env.SWS_BENCH_RSS_OUT;
if (out) {
  process.on('exit', () => {
    let vmHwmKb = null;
    try {
      const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
      if (m) vmHwmKb = Number(m[1]);
    } catch {
      // Not Linux: maxRSS alone.
    }
    writeFileSync(out, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, vmHwmKb }));
  });
}
