import { describeNode } from '../engine/score';
import type { ReproTest } from '../engine/repro';
import type { NodeStatus, SearchNode, SearchResult, SearchStats } from '../engine/types';

const ICON: Record<NodeStatus, string> = {
  pending: '·',
  generating: '…',
  testing: '⧗',
  passed: '✔',
  failed: '✖',
  rejected: '⊘',
  duplicate: '=',
  unparseable: '?',
  error: '!',
};

/** The search tree as indented text, children under their parent, in creation order. */
export function renderTree(task: string, nodes: SearchNode[], opts: { width?: number; winner?: string } = {}): string {
  const width = opts.width ?? 100;
  const kids = new Map<string, SearchNode[]>();
  for (const n of nodes) kids.set(n.parent ?? '', [...(kids.get(n.parent ?? '') ?? []), n]);
  const lines = [`task: ${clip(task || 'make the failing tests pass', width - 6)}`];
  const walk = (id: string, prefix: string) => {
    const list = kids.get(id) ?? [];
    list.forEach((n, i) => {
      const last = i === list.length - 1;
      const star = n.id === opts.winner ? ' ★' : '';
      const detail = nodeDetail(n);
      lines.push(clip(`${prefix}${last ? '└─' : '├─'} ${ICON[n.status]} ${n.id} r${n.round} ${n.status}${star}${detail ? '  ' + detail : ''}`, width));
      walk(n.id, prefix + (last ? '   ' : '│  '));
    });
  };
  walk('root', '');
  return lines.join('\n');
}

function nodeDetail(n: SearchNode): string {
  const parts: string[] = [];
  const d = describeNode(n);
  if (d) parts.push(d);
  if (n.repro) parts.push(reproDetail(n.repro));
  if (n.plan && n.status !== 'duplicate') parts.push(`"${n.plan}"`);
  if (n.reason && !['passed'].includes(n.status)) parts.push(n.reason);
  return parts.join(' · ');
}

/** "repro 2/3 (r1, r3)": how many reproduction tests the candidate passes, and which. */
function reproDetail(r: NonNullable<SearchNode['repro']>): string {
  const total = r.passed.length + r.failed.length;
  return `repro ${r.passed.length}/${total}${r.passed.length > 0 && r.failed.length > 0 ? ` (${r.passed.join(', ')})` : ''}`;
}

/** The reproduction tests as their own branch: valid ones with how they fail now, discarded ones with why. */
export function renderRepro(tests: readonly ReproTest[], width = 100): string {
  const valid = tests.filter((t) => t.status === 'valid').length;
  const lines = [`reproduction tests: ${valid} valid, ${tests.length - valid} discarded`];
  tests.forEach((t, i) => {
    const last = i === tests.length - 1;
    const why = t.status === 'valid' ? `fails now: ${firstFailure(t.baseFailure)}` : (t.reason ?? 'discarded');
    lines.push(clip(`${last ? '└─' : '├─'} ${t.status === 'valid' ? '✔' : '⊘'} ${t.id} ${t.status}  ${t.file}`, width));
    lines.push(clip(`${last ? '   ' : '│  '}   ${why}`, width));
  });
  return lines.join('\n');
}

/** The message under the first failing test of an excerpt, on one line ("Expected …: + 'a-b' - 'a_b'"). */
function firstFailure(excerpt: string | undefined): string {
  const lines = (excerpt ?? '').split('\n').map((l) => l.trim());
  const at = lines.findIndex((l) => l.startsWith('FAIL '));
  const message = (at >= 0 ? lines.slice(at + 1) : lines).filter((l) => l !== '' && !/^\+ actual - expected$|^\^+$/.test(l));
  return message.length > 0 ? message.slice(0, 3).join(' ') : '(no output)';
}

function clip(s: string, width: number): string {
  const one = s.replace(/\s*\n\s*/g, ' ');
  return one.length > width ? one.slice(0, width - 1) + '…' : one;
}

export function costLine(s: SearchStats): string {
  return (
    `cost: ${s.llmRequests} request${s.llmRequests === 1 ? '' : 's'} · ` +
    `${s.promptTokens.toLocaleString('en-US')} prompt + ${s.completionTokens.toLocaleString('en-US')} completion tokens · ` +
    `$${s.costUsd.toFixed(4)} · ${s.testRuns} test run${s.testRuns === 1 ? '' : 's'} for ${s.uniqueCandidates} unique candidate${s.uniqueCandidates === 1 ? '' : 's'} · ` +
    (s.reproRuns ? `${s.reproRuns} reproduction test run${s.reproRuns === 1 ? '' : 's'} · ` : '') +
    `${(s.wallMs / 1000).toFixed(1)} s`
  );
}

/** Final report for people (stdout without --json). */
export function renderResult(task: string, r: SearchResult): string {
  const out: string[] = [...(r.reproTests?.length ? [renderRepro(r.reproTests), ''] : []), renderTree(task, r.nodes, { winner: r.best?.verdict?.passedAll ? r.best.id : undefined }), ''];
  const head =
    r.status === 'solved'
      ? `solved by ${r.best!.id}: ${r.why.join('; ')}`
      : r.status === 'cancelled'
        ? 'cancelled'
        : r.status === 'error'
          ? `error: ${r.error}`
          : `unsolved${r.best ? `; best partial candidate ${r.best.id}: ${r.why.join('; ')}` : ''}`;
  out.push(head);
  if (r.stopReason) out.push(`stopped: ${r.stopReason}`);
  if (!r.hasTargets && r.status !== 'error') out.push('note: no test failed before the search, so candidates were verified against regressions only');
  out.push(costLine(r.stats));
  if (r.applied) out.push(`applied to the workspace: ${r.best!.files?.join(', ')}`);
  if (r.reproKept?.length) out.push(`added to the workspace: ${r.reproKept.join(', ')}`);
  else if (r.applyError) out.push(`not applied: ${r.applyError}`);
  if (r.best?.diff && r.status === 'solved') out.push('', r.best.diff.trimEnd());
  return out.join('\n') + '\n';
}
