// The tree's rows: one element per node, created once and patched in place when that node
// changes, so a search with hundreds of candidates redraws only what moved.
import { html, nothing, render } from 'lit';
import { formatCost, formatReward, formatTests, formatTokens, isBusy, nodeHeadline, SEARCH_ICONS, STATUS_ICONS } from '../shared/format';
import type { NodeView, ReproView } from '../shared/protocol';
import { REPRO_GROUP_KEY, reproKey, roundKey, type Row, type TreeModel } from '../shared/treeModel';

export interface RowsHost {
  readonly collapsed: Set<string>;
  selected: string | undefined;
  select(key: string): void;
  toggle(key: string): void;
}

export class TreeRows {
  private readonly rows = new Map<string, HTMLElement>();
  private focusedKey = 'root';

  constructor(
    private readonly container: HTMLElement,
    private model: TreeModel,
    private readonly host: RowsHost,
  ) {
    container.setAttribute('role', 'tree');
    container.addEventListener('click', (e) => this.onClick(e));
    container.addEventListener('keydown', (e) => this.onKey(e));
  }

  /** Rebuilds every row (a new search, a collapsed group, a restored state). */
  renderAll(model: TreeModel = this.model): void {
    this.model = model;
    this.rows.clear();
    const elements = model.rows(this.host.collapsed).map((row) => this.createRow(row));
    this.container.replaceChildren(...elements);
    if (!this.rows.has(this.focusedKey)) this.focusedKey = 'root';
    this.updateTabStops();
  }

  /** Patches the rows of changed nodes; new nodes are appended to their round. */
  patch(nodes: readonly NodeView[]): void {
    const rounds = new Set<number>();
    for (const n of nodes) {
      if (n.id === 'root') {
        this.refresh('root');
        continue;
      }
      rounds.add(n.round);
      if (this.rows.has(n.id)) this.refresh(n.id);
      else this.insert(n);
    }
    for (const r of rounds) this.refresh(roundKey(r));
  }

  /** Redraws one row from the model, if it is visible. */
  refresh(key: string): void {
    // Reproduction tests arrive with the root, all at once: their branch is drawn whole.
    if (key === 'root' && this.reproChanged()) return this.renderAll();
    const el = this.rows.get(key);
    const row = this.rowFor(key);
    if (el && row) this.paint(el, row);
  }

  focus(key: string): void {
    const el = this.rows.get(key);
    if (!el) return;
    this.focusedKey = key;
    this.updateTabStops();
    el.focus();
    el.scrollIntoView({ block: 'nearest' });
  }

  private reproChanged(): boolean {
    const tests = this.model.search?.repro ?? [];
    if (this.host.collapsed.has('root') || tests.length === 0) return false;
    if (!this.rows.has(REPRO_GROUP_KEY)) return true;
    return !this.host.collapsed.has(REPRO_GROUP_KEY) && tests.some((t) => !this.rows.has(reproKey(t.id)));
  }

  private rowFor(key: string): Row | undefined {
    const m = this.model;
    const repro = m.search?.repro ?? [];
    if (key === REPRO_GROUP_KEY) {
      return { kind: 'repro-group', key, level: 2, valid: repro.filter((t) => t.status === 'valid').length, total: repro.length, expanded: !this.host.collapsed.has(key) };
    }
    const test = key.startsWith('repro-') ? repro.find((t) => reproKey(t.id) === key) : undefined;
    if (test) return { kind: 'repro', key, level: 3, test };
    if (key === 'root') return { kind: 'root', key, level: 1, node: m.node('root'), search: m.search, expanded: !this.host.collapsed.has('root') };
    const round = /^round-(\d+)$/.exec(key);
    if (round) {
      const r = Number(round[1]);
      const list = m.nodes.filter((n) => n.id !== 'root' && n.round === r);
      return { kind: 'round', key, level: 2, round: r, count: list.length, passed: list.filter((n) => n.status === 'passed').length, expanded: !this.host.collapsed.has(key) };
    }
    const node = m.node(key);
    return node ? { kind: 'node', key, level: 3, node, winner: m.isWinner(key) } : undefined;
  }

  private insert(n: NodeView): void {
    if (this.host.collapsed.has('root')) return;
    const key = roundKey(n.round);
    if (!this.rows.has(key)) {
      const header = this.createRow(this.rowFor(key)!);
      this.container.insertBefore(header, this.nextRoundHeader(n.round));
    }
    if (this.host.collapsed.has(key)) return;
    const row = this.rowFor(n.id);
    if (row) this.container.insertBefore(this.createRow(row), this.nextRoundHeader(n.round));
  }

  /** The header of the first later round, before which a round's rows end (null: the end). */
  private nextRoundHeader(round: number): HTMLElement | null {
    let best: HTMLElement | null = null;
    let bestRound = Infinity;
    for (const [key, el] of this.rows) {
      const m = /^round-(\d+)$/.exec(key);
      if (!m) continue;
      const r = Number(m[1]);
      if (r > round && r < bestRound) {
        best = el;
        bestRound = r;
      }
    }
    return best;
  }

  private createRow(row: Row): HTMLElement {
    const el = document.createElement('div');
    el.className = `row level-${row.level}`;
    el.setAttribute('role', 'treeitem');
    el.setAttribute('aria-level', String(row.level));
    el.dataset.key = row.key;
    el.tabIndex = -1;
    this.rows.set(row.key, el);
    this.paint(el, row);
    return el;
  }

  private paint(el: HTMLElement, row: Row): void {
    const selected = this.host.selected === row.key;
    el.classList.toggle('selected', selected);
    el.setAttribute('aria-selected', String(selected));
    if (row.kind !== 'node' && row.kind !== 'repro') el.setAttribute('aria-expanded', String(row.expanded));
    if (row.kind === 'repro-group') {
      el.setAttribute('aria-label', `Reproduction tests: ${row.valid} of ${row.total} valid`);
      render(reproGroupTemplate(row), el);
      return;
    }
    if (row.kind === 'repro') {
      el.dataset.status = row.test.status;
      el.setAttribute('aria-label', `Reproduction test ${row.test.id}, ${row.test.status}${row.test.reason ? `: ${row.test.reason}` : ''}`);
      render(reproTemplate(row.test), el);
      return;
    }
    if (row.kind === 'round') {
      el.dataset.round = String(row.round);
      el.setAttribute('aria-label', `Round ${row.round}: ${row.count} candidates, ${row.passed} passed`);
      render(roundTemplate(row), el);
      return;
    }
    if (row.kind === 'root') {
      el.dataset.nodeId = 'root';
      el.dataset.status = row.node?.status ?? 'pending';
      const status = row.search?.status ?? 'running';
      el.setAttribute('aria-label', `Task: ${row.search?.task || 'make the failing tests pass'}, ${status}`);
      render(rootTemplate(row), el);
      return;
    }
    const n = row.node;
    el.dataset.nodeId = n.id;
    el.dataset.status = n.status;
    if (row.winner) el.dataset.winner = 'true';
    else delete el.dataset.winner;
    el.classList.toggle('winner', row.winner);
    el.setAttribute('aria-label', `${n.id}, ${n.status}${row.winner ? ', winner' : ''}${n.tests ? `, ${n.tests.passed} of ${n.tests.total} tests pass` : ''}. ${nodeHeadline(n)}`);
    render(nodeTemplate(n, row.winner), el);
  }

  private updateTabStops(): void {
    for (const [key, el] of this.rows) el.tabIndex = key === this.focusedKey ? 0 : -1;
  }

  private onClick(e: MouseEvent): void {
    const el = (e.target as HTMLElement).closest<HTMLElement>('.row');
    const key = el?.dataset.key;
    if (!key) return;
    this.focusedKey = key;
    this.updateTabStops();
    if ((e.target as HTMLElement).closest('.twistie') || key.startsWith('round-') || key === REPRO_GROUP_KEY) this.host.toggle(key);
    else this.host.select(key);
  }

  private onKey(e: KeyboardEvent): void {
    const order = [...this.container.children] as HTMLElement[];
    const index = order.findIndex((el) => el.dataset.key === this.focusedKey);
    const at = (i: number) => order[Math.max(0, Math.min(order.length - 1, i))]?.dataset.key;
    const key = this.focusedKey;
    const row = this.rowFor(key);
    let next: string | undefined;
    switch (e.key) {
      case 'ArrowDown':
        next = at(index + 1);
        break;
      case 'ArrowUp':
        next = at(index - 1);
        break;
      case 'Home':
        next = at(0);
        break;
      case 'End':
        next = at(order.length - 1);
        break;
      case 'ArrowRight':
        if (row && 'expanded' in row && !row.expanded) this.host.toggle(key);
        else if (row && 'expanded' in row) next = at(index + 1);
        break;
      case 'ArrowLeft':
        if (row && 'expanded' in row && row.expanded && key !== 'root') this.host.toggle(key);
        else if (row?.kind === 'round' || row?.kind === 'repro-group') next = 'root';
        else if (row?.kind === 'node') next = roundKey(row.node.round);
        else if (row?.kind === 'repro') next = REPRO_GROUP_KEY;
        else if (row?.kind === 'root' && row.expanded) this.host.toggle(key);
        break;
      case 'Enter':
      case ' ':
        if (row?.kind === 'round' || row?.kind === 'repro-group') this.host.toggle(key);
        else this.host.select(key);
        break;
      default:
        return;
    }
    e.preventDefault();
    if (next) this.focus(next);
  }
}

function icon(name: string, busy: boolean) {
  return html`<span class="icon codicon codicon-${name} ${busy ? 'codicon-modifier-spin' : ''}" aria-hidden="true"></span>`;
}

function twistie(expanded: boolean) {
  return html`<span class="twistie codicon ${expanded ? 'codicon-chevron-down' : 'codicon-chevron-right'}" aria-hidden="true"></span>`;
}

function rootTemplate(row: Extract<Row, { kind: 'root' }>) {
  const status = row.search?.status ?? 'running';
  return html`${twistie(row.expanded)}${icon(SEARCH_ICONS[status], status === 'running')}
    <span class="headline">${row.search?.task || 'Make the failing tests pass'}</span>
    <span class="badges">${row.search?.baseline ? html`<span class="badge" title="Baseline">${row.search.baseline.tests.passed}/${row.search.baseline.tests.total}</span>` : nothing}</span>`;
}

function roundTemplate(row: Extract<Row, { kind: 'round' }>) {
  return html`${twistie(row.expanded)}<span class="headline">Round ${row.round}</span>
    <span class="badges"><span class="badge">${row.count} candidates</span>${row.passed ? html`<span class="badge pass">${row.passed} passed</span>` : nothing}</span>`;
}

function reproGroupTemplate(row: Extract<Row, { kind: 'repro-group' }>) {
  return html`${twistie(row.expanded)}<span class="headline">Reproduction tests</span>
    <span class="badges"><span class="badge ${row.valid > 0 ? 'pass' : ''}" title="Valid: they fail on the current code with an assertion">${row.valid}/${row.total} valid</span></span>`;
}

function reproTemplate(t: ReproView) {
  const valid = t.status === 'valid';
  return html`<span class="twistie-space"></span>${icon(valid ? 'beaker' : 'circle-slash', false)}
    <span class="id">${t.id}</span>
    <span class="headline" title=${t.reason ?? t.file}>${valid ? t.file : `${t.file}: ${t.reason ?? 'discarded'}`}</span>
    <span class="badges"><span class="badge ${valid ? 'pass' : 'dim'}">${t.status}</span></span>`;
}

function nodeTemplate(n: NodeView, winner: boolean) {
  const tests = formatTests(n);
  const reward = formatReward(n.reward);
  const tokens = n.tokens.prompt + n.tokens.completion;
  return html`<span class="twistie-space"></span>${icon(STATUS_ICONS[n.status], n.status === 'generating')}
    <span class="id">${n.id}</span>
    ${winner ? html`<span class="codicon codicon-star-full winner-mark" title="Winner" aria-hidden="true"></span>` : nothing}
    <span class="headline" title=${nodeHeadline(n)}>${nodeHeadline(n) || (isBusy(n.status) ? `${n.status}…` : n.status)}</span>
    <span class="badges">
      ${tests ? html`<span class="badge ${n.status === 'passed' ? 'pass' : ''}" title="Tests passing">${tests}</span>` : nothing}
      ${reward ? html`<span class="badge" title="Reward">${reward}</span>` : nothing}
      ${n.repro ? html`<span class="badge ${n.repro.failed.length === 0 ? 'pass' : ''}" title="Reproduction tests passing">repro ${n.repro.passed.length}/${n.repro.passed.length + n.repro.failed.length}</span>` : nothing}
      ${n.votes > 1 ? html`<span class="badge" title="Samples proposing this code">×${n.votes}</span>` : nothing}
      ${tokens ? html`<span class="badge dim" title="Tokens">${formatTokens(tokens)}</span>` : nothing}
      ${n.costUsd ? html`<span class="badge dim" title="Cost">${formatCost(n.costUsd)}</span>` : nothing}
    </span>`;
}
