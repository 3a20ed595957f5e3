// The editor side: activation time of the shipped activation bundle, the size of the VSIX, and
// how long the reasoning tree takes to take in one node update when it already shows 500 nodes.
import { cpSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TreeModel } from '../../src/shared/treeModel';
import { treeEvents, treeNode } from '../fixtures/tree';
import { git, run } from '../lib/proc';
import { median, p95, round2 } from '../lib/stats';
import { measureWebviewDom, type DomResult } from './webview-dom';

export interface ExtensionResult {
  activation: { medianMs: number; p95Ms: number; requireMs: number; activateMs: number; runs: number; bundleKb: number; subscriptions: number } | null;
  vsix: { bytes: number; mb: number } | { error: string };
  tree: { nodes: number; updateUs: { median: number; p95: number }; rowsMs: { median: number; p95: number }; dom: DomResult | { error: string } };
}

export async function measureActivation(repoRoot: string, runs: number): Promise<ExtensionResult['activation']> {
  const bundle = join(repoRoot, 'dist', 'extension.js');
  const types = join(repoRoot, 'node_modules', '@types', 'vscode', 'index.d.ts');
  const samples: Array<{ requireMs: number; activateMs: number; totalMs: number; subscriptions: number }> = [];
  for (let i = 0; i < runs; i++) {
    const r = await run(process.execPath, [join(repoRoot, 'bench', 'child', 'activate.cjs'), bundle, types], { cwd: repoRoot });
    samples.push(JSON.parse(r.stdout) as (typeof samples)[number]);
  }
  const totals = samples.map((s) => s.totalMs);
  return {
    medianMs: round2(median(totals)),
    p95Ms: round2(p95(totals)),
    requireMs: round2(median(samples.map((s) => s.requireMs))),
    activateMs: round2(median(samples.map((s) => s.activateMs))),
    runs,
    bundleKb: Math.round(statSync(bundle).size / 1024),
    subscriptions: samples[0]?.subscriptions ?? 0,
  };
}

/**
 * Packages a copy of the project (the files git would ship, with node_modules linked) so the
 * production build that packaging runs never rewrites the working copy's dist folder.
 */
export async function measureVsix(repoRoot: string, scratch: string): Promise<ExtensionResult['vsix']> {
  try {
    const copy = join(scratch, 'vsix-src');
    const listed = (await git(repoRoot, 'ls-files', '-z', '--cached', '--others', '--exclude-standard')).stdout.split('\0').filter(Boolean);
    for (const rel of listed) {
      const from = join(repoRoot, rel);
      const st = statSync(from, { throwIfNoEntry: false });
      if (!st?.isFile()) continue;
      mkdirSync(dirname(join(copy, rel)), { recursive: true });
      cpSync(from, join(copy, rel));
    }
    symlinkSync(join(repoRoot, 'node_modules'), join(copy, 'node_modules'));
    const out = join(scratch, 'bench.vsix');
    const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
    await run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', out], { cwd: copy });
    const bytes = statSync(out).size;
    return { bytes, mb: round2(bytes / 2 ** 20) };
  } catch (e) {
    return { error: firstLine(e) };
  }
}

/** One node update through both copies of the view-model (extension and webview), as the panel sends it. */
export function measureTreeUpdate(nodes: number, iterations: number): { updateUs: { median: number; p95: number }; rowsMs: { median: number; p95: number } } {
  const ext = new TreeModel();
  for (const e of treeEvents(nodes, 5)) ext.apply(e);
  const web = new TreeModel(structuredClone(ext.snapshot()));
  const update: number[] = [];
  const rows: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const node = treeNode(i % nodes, 5, nodes);
    node.status = i % 2 === 0 ? 'passed' : 'failed';
    const t0 = performance.now();
    const change = ext.apply({ type: 'node', node });
    // postMessage copies the message with the structured clone algorithm.
    web.upsert(structuredClone(change.nodes));
    const t1 = performance.now();
    web.rows();
    const t2 = performance.now();
    update.push((t1 - t0) * 1000);
    rows.push(t2 - t1);
  }
  return { updateUs: { median: round2(median(update)), p95: round2(p95(update)) }, rowsMs: { median: round2(median(rows)), p95: round2(p95(rows)) } };
}

export async function measureExtension(repoRoot: string, scratch: string, opts: { activationRuns: number; dom: boolean }): Promise<ExtensionResult> {
  const activation = await measureActivation(repoRoot, opts.activationRuns);
  const vsix = await measureVsix(repoRoot, scratch);
  const nodes = 500;
  const tree = measureTreeUpdate(nodes, 400);
  const dom = opts.dom ? await measureWebviewDom(repoRoot, nodes).catch((e: unknown) => ({ error: firstLine(e) })) : { error: 'skipped (--no-dom)' };
  return { activation, vsix, tree: { nodes, ...tree, dom } };
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 300);
}
