// The reasoning-tree webview: restores its last state, says `ready`, then applies the
// extension's resets and deltas, patching only the rows that changed.
import '@vscode/codicons/dist/codicon.css';
import './styles.css';
import { html, nothing, render } from 'lit';
import { formatCost, formatTokens, SEARCH_ICONS } from '../shared/format';
import type { FromWebview, NodeAction, NodeView, ToWebview, WebviewState } from '../shared/protocol';
import { TreeModel } from '../shared/treeModel';
import { renderDetail } from './detail';
import { TreeRows, type RowsHost } from './rows';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): WebviewState | undefined;
  setState(state: WebviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const STATE_DELAY_MS = 300;

class App {
  private model: TreeModel;
  private live = true;
  private readonly collapsed: Set<string>;
  private readonly rowsHost: RowsHost;
  private applied: Set<string>;
  private readonly applyErrors = new Map<string, string>();
  private readonly busy = new Set<string>();
  private readonly header: HTMLElement;
  private readonly detail: HTMLElement;
  private readonly rows: TreeRows;
  private frame = 0;
  private readonly dirtyNodes = new Map<string, NodeView>();
  private headerDirty = false;
  private stateTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    root: HTMLElement,
    private readonly vscode: VsCodeApi,
  ) {
    const saved = vscode.getState();
    this.model = new TreeModel(saved ?? undefined);
    this.collapsed = new Set(saved?.collapsed ?? []);
    this.rowsHost = {
      collapsed: this.collapsed,
      selected: saved?.selected,
      select: (key) => this.select(key),
      toggle: (key) => this.toggle(key),
    };
    this.applied = new Set(saved?.applied ?? []);
    root.removeAttribute('data-loading');
    root.innerHTML = '';
    this.header = root.appendChild(document.createElement('header'));
    const main = root.appendChild(document.createElement('main'));
    const tree = main.appendChild(document.createElement('div'));
    tree.id = 'tree';
    tree.setAttribute('aria-label', 'Reasoning tree');
    this.detail = main.appendChild(document.createElement('section'));
    this.detail.id = 'detail';
    this.detail.setAttribute('aria-label', 'Selected node');
    this.rows = new TreeRows(tree, this.model, this.rowsHost);
    this.renderAll();
    window.addEventListener('message', (e: MessageEvent<ToWebview>) => this.receive(e.data));
    vscode.postMessage({ type: 'ready', ...(saved?.search?.searchId ? { searchId: saved.search.searchId } : {}) });
  }

  private receive(msg: ToWebview): void {
    switch (msg.type) {
      case 'reset': {
        const sameSearch = msg.search?.searchId === this.model.search?.searchId || !this.model.search?.searchId;
        this.model = new TreeModel({ search: msg.search, nodes: msg.nodes });
        this.live = msg.live;
        this.dirtyNodes.clear();
        if (!sameSearch) {
          this.applied = new Set();
          this.applyErrors.clear();
          this.selected = undefined;
        }
        this.renderAll();
        break;
      }
      case 'nodes':
        this.model.upsert(msg.nodes);
        for (const n of msg.nodes) this.dirtyNodes.set(n.id, n);
        this.schedule();
        break;
      case 'search': {
        const before = this.model.search?.bestId;
        this.model.setSearch(msg.search);
        if (before !== msg.search.bestId) {
          for (const id of [before, msg.search.bestId]) {
            const n = id ? this.model.node(id) : undefined;
            if (n) this.dirtyNodes.set(n.id, n);
          }
        }
        this.headerDirty = true;
        this.schedule();
        break;
      }
      case 'applyResult':
        this.busy.delete(`apply:${msg.nodeId}`);
        if (msg.ok) {
          this.applied.add(msg.nodeId);
          this.applyErrors.delete(msg.nodeId);
        } else {
          this.applyErrors.set(msg.nodeId, msg.message);
        }
        this.renderDetail();
        this.saveState();
        break;
      case 'live':
        this.live = msg.live;
        this.renderHeader();
        this.renderDetail();
        break;
    }
  }

  /** Deltas are painted once per frame, however many messages arrived. */
  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const nodes = [...this.dirtyNodes.values()];
      this.dirtyNodes.clear();
      this.rows.patch(nodes);
      if (this.headerDirty) {
        this.headerDirty = false;
        this.renderHeader();
        this.rows.refresh('root');
      }
      if (this.selected === 'root' || nodes.some((n) => n.id === this.selected) || this.selected === undefined) this.renderDetail();
      this.saveState();
    });
  }

  private get selected(): string | undefined {
    return this.rowsHost.selected;
  }

  private set selected(key: string | undefined) {
    this.rowsHost.selected = key;
  }

  private select(key: string): void {
    const previous = this.selected;
    this.selected = key;
    if (previous) this.rows.refresh(previous);
    this.rows.refresh(key);
    this.rows.focus(key);
    this.renderDetail();
    this.saveState();
  }

  private toggle(key: string): void {
    if (this.collapsed.has(key)) this.collapsed.delete(key);
    else this.collapsed.add(key);
    this.rows.renderAll(this.model);
    this.rows.focus(key);
    this.saveState();
  }

  private act(action: NodeAction, nodeId: string): void {
    const searchId = this.model.search?.searchId;
    if (!searchId) return;
    if (action === 'apply') {
      this.busy.add(`apply:${nodeId}`);
      this.applyErrors.delete(nodeId);
      this.renderDetail();
    }
    this.vscode.postMessage({ type: 'action', action, searchId, nodeId });
  }

  private renderAll(): void {
    this.rows.renderAll(this.model);
    this.renderHeader();
    this.renderDetail();
    this.saveState();
  }

  private renderHeader(): void {
    const s = this.model.search;
    const st = s?.stats;
    render(
      s
        ? html`<div id="search-status" data-search-status=${s.status} role="status" aria-live="polite">
              <span class="codicon codicon-${SEARCH_ICONS[s.status]} ${s.status === 'running' ? 'codicon-modifier-spin' : ''}" aria-hidden="true"></span>
              <span>${statusText(s.status)}</span>
            </div>
            ${st ? html`<span class="stats">${st.uniqueCandidates} unique · ${st.testRuns} test runs · ${formatTokens(st.promptTokens + st.completionTokens)} tokens · ${formatCost(st.costUsd)}</span>` : nothing}
            ${this.live ? nothing : html`<span class="stale">read-only</span>`}`
        : html`<div id="search-status" role="status">No search yet. Run "Solve with Search" to start one.</div>`,
      this.header,
    );
  }

  private renderDetail(): void {
    renderDetail(this.detail, {
      model: this.model,
      selected: this.selected ?? (this.model.search ? 'root' : undefined),
      live: this.live,
      applied: this.applied,
      applyErrors: this.applyErrors,
      busy: this.busy,
      act: (a, id) => this.act(a, id),
    });
  }

  private saveState(): void {
    clearTimeout(this.stateTimer);
    this.stateTimer = setTimeout(() => {
      const snap = this.model.snapshot();
      this.vscode.setState({
        search: snap.search,
        nodes: snap.nodes,
        ...(this.selected ? { selected: this.selected } : {}),
        collapsed: [...this.collapsed],
        applied: [...this.applied],
      });
    }, STATE_DELAY_MS);
  }
}

function statusText(status: string): string {
  switch (status) {
    case 'running':
      return 'Searching…';
    case 'solved':
      return 'Solved';
    case 'unsolved':
      return 'Not solved';
    case 'cancelled':
      return 'Cancelled';
    default:
      return 'Failed';
  }
}

new App(document.getElementById('app')!, acquireVsCodeApi());
