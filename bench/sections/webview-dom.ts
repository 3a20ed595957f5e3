// The tree webview's real DOM work for one node update, in headless Chromium: the shipped
// dist/webview.js holds 500 nodes, then takes single-node deltas; each frame's work (the
// patch and the style and layout it forces) is timed inside the page.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TreeModel } from '../../src/shared/treeModel';
import { treeEvents, treeNode } from '../fixtures/tree';
import { median, p95, round2 } from '../lib/stats';

export interface DomResult {
  nodes: number;
  updates: number;
  frameMs: { median: number; p95: number };
  resetMs: number;
}

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// Runs in the page before the bundle: the VS Code API stand-in, and frame callbacks timed
// together with the layout they cause.
const PRELUDE = `
window.acquireVsCodeApi = () => ({ postMessage() {}, getState() { return undefined; }, setState() {} });
window.__frames = [];
const raf = window.requestAnimationFrame.bind(window);
window.requestAnimationFrame = (cb) => raf((t) => {
  const s = performance.now();
  cb(t);
  document.body.getBoundingClientRect();
  window.__frames.push(performance.now() - s);
});
`;

export async function measureWebviewDom(repoRoot: string, nodes: number, updates = 60): Promise<DomResult> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found`);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  try {
    const page = await browser.newPage();
    const css = readFileSync(join(repoRoot, 'dist', 'webview.css'), 'utf8');
    await page.setContent(`<!DOCTYPE html><html><head><style>${css}</style></head><body><div id="app" data-loading="true"></div></body></html>`);
    await page.addScriptTag({ content: PRELUDE });
    await page.addScriptTag({ path: join(repoRoot, 'dist', 'webview.js') });
    const model = new TreeModel();
    for (const e of treeEvents(nodes, 5)) model.apply(e);
    const snap = model.snapshot();
    const resetMs = await page.evaluate(async (msg) => {
      const s = performance.now();
      window.postMessage(msg, '*');
      await new Promise((r) => setTimeout(r, 0));
      document.body.getBoundingClientRect();
      return performance.now() - s;
    }, { type: 'reset', search: snap.search, nodes: snap.nodes, live: true });
    const deltas = Array.from({ length: updates }, (_, i) => {
      const n = treeNode((i * 7) % nodes, 5, nodes);
      n.status = i % 2 === 0 ? 'passed' : 'failed';
      return { type: 'nodes', searchId: 'bench', nodes: model.apply({ type: 'node', node: n }).nodes };
    });
    const frames = await page.evaluate(async (msgs) => {
      const w = window as unknown as { __frames: number[] };
      const out: number[] = [];
      for (const m of msgs) {
        w.__frames.length = 0;
        window.postMessage(m, '*');
        while (w.__frames.length === 0) await new Promise((r) => setTimeout(r, 5));
        out.push(w.__frames[0]!);
      }
      return out;
    }, deltas);
    return { nodes, updates, frameMs: { median: round2(median(frames)), p95: round2(p95(frames)) }, resetMs: round2(resetMs) };
  } finally {
    await browser.close();
  }
}
