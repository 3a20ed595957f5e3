// A status-bar entry while a search runs: progress at a glance, a click opens the tree.
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import { DisposableObject, DisposableStore } from '../lifecycle';
import type { SearchRun } from './run';

export class SearchStatusBar extends DisposableObject {
  private readonly item = this.register(vscode.window.createStatusBarItem('solveWithSearch.status', vscode.StatusBarAlignment.Left, 10));
  private readonly follow = this.register(new DisposableStore());
  private current: DisposableStore | undefined;

  constructor() {
    super();
    this.item.name = vscode.l10n.t('Solve with Search');
    this.item.command = COMMANDS.showTree;
  }

  /** Follows a running search until it ends. */
  track(searchRun: SearchRun): void {
    if (this.current) this.follow.delete(this.current);
    const store = (this.current = this.follow.add(new DisposableStore()));
    let pending: NodeJS.Timeout | undefined;
    store.add({ dispose: () => clearTimeout(pending) });
    store.add(
      searchRun.onDidChange(() => {
        // Redraw at most a few times a second: a round of many candidates changes often.
        pending ??= setTimeout(() => {
          pending = undefined;
          this.render(searchRun);
        }, 250);
      }),
    );
    this.render(searchRun);
    this.item.show();
  }

  /** Hides the entry once the tracked search ended. */
  untrack(searchRun: SearchRun): void {
    if (searchRun.running) return;
    if (this.current) this.follow.delete(this.current);
    this.current = undefined;
    this.item.hide();
  }

  private render(searchRun: SearchRun): void {
    const nodes = searchRun.model.nodes.filter((n) => n.id !== 'root');
    const done = nodes.filter((n) => !['pending', 'generating', 'testing'].includes(n.status)).length;
    const passed = nodes.filter((n) => n.status === 'passed').length;
    const round = nodes.reduce((r, n) => Math.max(r, n.round), 0);
    this.item.text =
      round === 0
        ? `$(loading~spin) ${vscode.l10n.t('Search: running the tests')}`
        : `$(loading~spin) ${vscode.l10n.t('Search: round {0} · {1}/{2} checked · {3} passed', round, done, nodes.length, passed)}`;
    this.item.tooltip = vscode.l10n.t('Solve with Search is running. Click to show the reasoning tree.');
  }
}
