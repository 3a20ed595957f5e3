// The reasoning-tree panel: one webview that follows the latest search. It posts nothing before
// the webview says `ready`, then a full reset, then batched node deltas.
import * as vscode from 'vscode';
import { parseFromWebview, type FromWebview, type NodeView, type ToWebview, type WebviewState } from '../../shared/protocol';
import { TREE_VIEW_TYPE } from '../ids';
import { DisposableObject, DisposableStore } from '../lifecycle';
import type { SearchRun } from '../search/run';
import { resourceRoots, treeHtml } from './html';

/** Node deltas are gathered this long, so a burst of events is one message and one repaint. */
const FLUSH_MS = 50;

export type ActionMessage = Extract<FromWebview, { type: 'action' }>;

export interface PanelHost {
  find(searchId: string): SearchRun | undefined;
  action(msg: ActionMessage, panel: TreePanel): Promise<void>;
  warn(message: string): void;
}

export class TreePanel extends DisposableObject {
  private ready = false;
  private searchRun: SearchRun | undefined;
  private readonly follow = this.register(new DisposableStore());
  private current: DisposableStore | undefined;
  private readonly pending = new Map<string, NodeView>();
  private searchChanged = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly closed = this.register(new vscode.EventEmitter<void>());
  readonly onDidClose = this.closed.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly host: PanelHost,
  ) {
    super();
    panel.webview.options = { enableScripts: true, localResourceRoots: resourceRoots(extensionUri) };
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    panel.webview.html = treeHtml(panel.webview, extensionUri);
    this.register({ dispose: () => clearTimeout(this.timer) });
    this.register(panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
    this.register(
      panel.onDidChangeViewState(() => {
        // A hidden webview loses its page; it says `ready` again when shown and gets a full reset.
        if (!panel.visible) this.ready = false;
      }),
    );
    this.register(
      panel.onDidDispose(() => {
        this.closed.fire();
        this.dispose();
      }),
    );
  }

  get shown(): SearchRun | undefined {
    return this.searchRun;
  }

  /** Shows `searchRun` from now on. */
  attach(searchRun: SearchRun | undefined): void {
    if (this.current) this.follow.delete(this.current);
    this.current = undefined;
    this.searchRun = searchRun;
    this.pending.clear();
    this.searchChanged = false;
    if (searchRun) {
      const store = (this.current = this.follow.add(new DisposableStore()));
      store.add(
        searchRun.onDidChange((change) => {
          for (const n of change.nodes) this.pending.set(n.id, n);
          if (change.search) this.searchChanged = true;
          this.schedule();
        }),
      );
    }
    if (this.ready) this.reset();
  }

  reveal(preserveFocus: boolean): void {
    this.panel.reveal(undefined, preserveFocus);
  }

  post(message: ToWebview): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const msg = parseFromWebview(raw);
    if (!msg) {
      this.host.warn('Ignored a malformed message from the reasoning tree.');
      return;
    }
    if (msg.type === 'ready') {
      this.ready = true;
      if (!this.searchRun && msg.searchId) {
        const found = this.host.find(msg.searchId);
        if (found) return this.attach(found);
        return this.post({ type: 'live', live: false });
      }
      this.reset();
      return;
    }
    void this.host.action(msg, this);
  }

  private reset(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
    this.searchChanged = false;
    const s = this.searchRun;
    if (!s) return this.post({ type: 'reset', search: null, nodes: [], live: true });
    const snap = s.model.snapshot();
    this.post({ type: 'reset', search: snap.search, nodes: snap.nodes, live: true });
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const s = this.searchRun;
    if (!s || !this.ready) return;
    const search = s.model.search;
    // The root first: its search id is the one the node deltas belong to.
    if (this.searchChanged && search) this.post({ type: 'search', search });
    if (this.pending.size > 0 && search) this.post({ type: 'nodes', searchId: search.searchId, nodes: [...this.pending.values()] });
    this.pending.clear();
    this.searchChanged = false;
  }
}

/** At most one tree panel; restores it after a reload through the serializer. */
export class TreePanels extends DisposableObject implements vscode.WebviewPanelSerializer<WebviewState> {
  private panel: TreePanel | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly host: PanelHost,
  ) {
    super();
  }

  get current(): TreePanel | undefined {
    return this.panel;
  }

  /** Opens (or reveals) the tree showing `searchRun`. */
  show(searchRun: SearchRun | undefined, preserveFocus: boolean): TreePanel {
    if (!this.panel) {
      const webviewPanel = vscode.window.createWebviewPanel(
        TREE_VIEW_TYPE,
        vscode.l10n.t('Reasoning Tree'),
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
        { enableScripts: true, localResourceRoots: resourceRoots(this.extensionUri) },
      );
      this.adopt(webviewPanel);
    } else {
      this.panel.reveal(preserveFocus);
    }
    if (this.panel!.shown !== searchRun) this.panel!.attach(searchRun);
    return this.panel!;
  }

  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: WebviewState | undefined): Promise<void> {
    this.panel?.dispose();
    const panel = this.adopt(webviewPanel);
    const found = state?.search?.searchId ? this.host.find(state.search.searchId) : undefined;
    if (found) panel.attach(found);
  }

  private adopt(webviewPanel: vscode.WebviewPanel): TreePanel {
    const panel = this.register(new TreePanel(webviewPanel, this.extensionUri, this.host));
    this.panel = panel;
    panel.onDidClose(() => {
      if (this.panel === panel) this.panel = undefined;
      this.store.delete(panel);
    });
    return panel;
  }
}
