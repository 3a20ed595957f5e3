// The detail pane of the selected node: plan, verdict, reasons, cost, a diff preview and the
// buttons that act on it.
import { html, nothing, render, type TemplateResult } from 'lit';
import { diffLines, formatCost, formatTokens, SEARCH_ICONS, STATUS_ICONS } from '../shared/format';
import type { NodeAction, NodeView, ReproView, SearchView } from '../shared/protocol';
import { reproKey, type TreeModel } from '../shared/treeModel';

export interface DetailState {
  model: TreeModel;
  selected: string | undefined;
  live: boolean;
  applied: ReadonlySet<string>;
  applyErrors: ReadonlyMap<string, string>;
  busy: ReadonlySet<string>;
  act(action: NodeAction, nodeId: string): void;
}

const MAX_PREVIEW_LINES = 400;
const APPLICABLE = new Set(['passed', 'failed', 'duplicate']);

export function renderDetail(el: HTMLElement, s: DetailState): void {
  const id = s.selected;
  const search = s.model.search;
  if (!id || !search) {
    render(html`<p class="hint">Select a node to see its plan, verdict and diff.</p>`, el);
    return;
  }
  if (id === 'root') {
    render(rootDetail(search, s), el);
    return;
  }
  const test = search.repro?.find((t) => reproKey(t.id) === id);
  if (test) {
    render(reproDetail(test, search, s), el);
    return;
  }
  const node = s.model.node(id);
  render(node ? nodeDetail(node, search, s) : html`<p class="hint">This node is not part of the search.</p>`, el);
}

function list(title: string, items: readonly string[], cls = ''): TemplateResult | typeof nothing {
  if (items.length === 0) return nothing;
  return html`<h3>${title}</h3><ul class=${cls}>${items.map((i) => html`<li>${i}</li>`)}</ul>`;
}

function button(action: NodeAction, label: string, codicon: string, enabled: boolean, s: DetailState, nodeId: string, primary = false) {
  return html`<button
    class=${primary ? 'primary' : 'secondary'}
    data-action=${action}
    ?disabled=${!enabled || !s.live || s.busy.has(`${action}:${nodeId}`)}
    @click=${() => s.act(action, nodeId)}
  ><span class="codicon codicon-${codicon}" aria-hidden="true"></span>${label}</button>`;
}

function rootDetail(search: SearchView, s: DetailState): TemplateResult {
  const st = search.stats;
  return html`<h2><span class="codicon codicon-${SEARCH_ICONS[search.status]}" aria-hidden="true"></span> ${search.task || 'Make the failing tests pass'}</h2>
    <dl>
      <dt>Status</dt><dd>${search.status}</dd>
      <dt>Tests</dt><dd><code>${search.testCommand}</code></dd>
      ${search.source ? html`<dt>Candidates from</dt><dd>${search.source}</dd>` : nothing}
      ${search.baseline ? html`<dt>Baseline</dt><dd>${search.baseline.tests.passed}/${search.baseline.tests.total} tests pass</dd>` : nothing}
      ${st ? html`<dt>Work</dt><dd>${st.testRuns} test runs · ${st.llmRequests} model requests · ${formatTokens(st.promptTokens + st.completionTokens)} tokens · ${formatCost(st.costUsd)} · ${Math.round(st.wallMs / 1000)} s</dd>` : nothing}
      ${search.bestId ? html`<dt>Winner</dt><dd>${search.bestId}</dd>` : nothing}
      ${search.stopReason ? html`<dt>Stopped</dt><dd>${search.stopReason}</dd>` : nothing}
      ${search.error ? html`<dt>Error</dt><dd class="error">${search.error}</dd>` : nothing}
    </dl>
    ${list('Failing before the search', search.baseline?.failing ?? [])}
    ${list('Why the winner won', search.why)}
    <div class="actions">${button('output', 'Open Test Output', 'output', !!search.searchId && search.status !== 'running', s, 'root')}</div>`;
}

function nodeDetail(n: NodeView, search: SearchView, s: DetailState): TemplateResult {
  const winner = search.bestId === n.id;
  const v = n.verdict;
  const done = search.status !== 'running';
  const canApply = done && !!n.diff && APPLICABLE.has(n.status);
  const applied = s.applied.has(n.id);
  const error = s.applyErrors.get(n.id);
  return html`<h2>
      <span class="codicon codicon-${STATUS_ICONS[n.status]}" aria-hidden="true"></span> ${n.id}
      <span class="status">${n.status}</span>
      ${winner ? html`<span class="winner-badge"><span class="codicon codicon-star-full" aria-hidden="true"></span> winner</span>` : nothing}
    </h2>
    ${n.plan ? html`<p class="plan">${n.plan}</p>` : nothing}
    ${n.reason ? html`<p class="reason">${n.reason}</p>` : nothing}
    <dl>
      ${n.tests ? html`<dt>Tests</dt><dd>${n.tests.passed}/${n.tests.total} pass${v?.timedOut ? ' (timed out)' : ''}</dd>` : nothing}
      ${n.reward !== undefined ? html`<dt>Reward</dt><dd>${n.reward.toFixed(2)}</dd>` : nothing}
      ${n.votes > 1 ? html`<dt>Votes</dt><dd>${n.votes} samples propose this code</dd>` : nothing}
      ${n.duplicateOf ? html`<dt>Same as</dt><dd>${n.duplicateOf}</dd>` : nothing}
      ${n.parent && n.parent !== 'root' ? html`<dt>Refines</dt><dd>${n.parent}</dd>` : nothing}
      <dt>Round</dt><dd>${n.round}</dd>
      <dt>Tokens</dt><dd>${formatTokens(n.tokens.prompt)} in · ${formatTokens(n.tokens.completion)} out · ${formatCost(n.costUsd)}</dd>
      ${n.files?.length ? html`<dt>Files</dt><dd>${n.files.join(', ')}</dd>` : nothing}
    </dl>
    ${winner ? list('Why it won', search.why) : nothing}
    ${v ? list('Fixed', v.fixed, 'pass') : nothing}
    ${v ? list('Regressed', v.regressed, 'fail') : nothing}
    ${v ? list('Still failing', v.stillFailing, 'fail') : nothing}
    ${n.repro ? list('Reproduction tests passing', n.repro.passed, 'pass') : nothing}
    ${n.repro ? list('Reproduction tests failing', n.repro.failed, 'fail') : nothing}
    <div class="actions">
      ${button('apply', applied ? 'Applied' : 'Apply', 'check', canApply && !applied, s, n.id, true)}
      ${button('diff', 'Open Diff', 'diff', done && !!n.diff, s, n.id)}
      ${button('output', 'Open Test Output', 'output', done, s, n.id)}
    </div>
    ${applied ? html`<p class="applied" data-applied="true" role="status"><span class="codicon codicon-check" aria-hidden="true"></span> Applied to your workspace. Undo with Ctrl+Z / Cmd+Z in the changed file.</p>` : nothing}
    ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
    ${!s.live ? html`<p class="hint">This search is no longer in memory: run it again to apply or compare.</p>` : nothing}
    ${n.diff ? diffPreview(n.diff) : nothing}`;
}

/** A reproduction test: valid ones fail on the current code as they should; discarded ones say why not. */
function reproDetail(t: ReproView, search: SearchView, s: DetailState): TemplateResult {
  const valid = t.status === 'valid';
  const passing = s.model.nodes.filter((n) => n.repro?.passed.includes(t.id)).map((n) => n.id);
  return html`<h2><span class="codicon codicon-${valid ? 'beaker' : 'circle-slash'}" aria-hidden="true"></span> Reproduction test ${t.id}
      <span class="status">${t.status}</span></h2>
    <dl>
      <dt>File</dt><dd><code>${t.file}</code></dd>
      ${t.reason ? html`<dt>Discarded</dt><dd>${t.reason}</dd>` : nothing}
      ${valid ? html`<dt>Role</dt><dd>Fails on the current code with an assertion, so every candidate must make it pass.</dd>` : nothing}
    </dl>
    ${valid ? list('Candidates that pass it', passing, 'pass') : nothing}
    ${t.baseFailure ? html`<h3>On the current code</h3><pre class="output">${t.baseFailure}</pre>` : nothing}
    <div class="actions">${valid ? button('addRepro', 'Add to My Suite', 'add', search.status !== 'running', s, t.id, true) : nothing}</div>
    ${!s.live && valid ? html`<p class="hint">This search is no longer in memory: run it again to add its test.</p>` : nothing}`;
}

function diffPreview(diff: string): TemplateResult {
  const lines = diffLines(diff);
  const shown = lines.slice(0, MAX_PREVIEW_LINES);
  return html`<h3>Diff</h3>
    <pre class="diff" aria-label="Diff preview">${shown.map((l) => html`<span class="line ${l.kind}">${l.text || " "}</span>`)}${lines.length > shown.length
      ? html`<span class="line meta">… ${lines.length - shown.length} more lines: open the diff</span>`
      : nothing}</pre>`;
}
