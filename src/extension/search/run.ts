// One search from start to dispose: its tree, its trace records, its result and what is kept
// of its candidates for diffs and apply.
import * as vscode from 'vscode';
import type { TraceRecord } from '../../engine/trace';
import type { SearchEvent, SearchResult } from '../../engine/types';
import type { SearchView } from '../../shared/protocol';
import { TreeModel, type ModelChange } from '../../shared/treeModel';
import { captureReview, type CandidateReview } from '../review/candidates';

export interface SearchRunInfo {
  folder: vscode.Uri;
  task: string;
  testCommand: string;
  sourceLabel: string;
  secretValues: string[];
}

/** The engine's result without the review handle (what commands return). */
export type PlainResult = Omit<SearchResult, 'review'>;

let counter = 0;

export class SearchRun implements vscode.Disposable {
  /** Local key, known before the engine assigns the search id. */
  readonly key = `local-${++counter}`;
  readonly model: TreeModel;
  readonly controller = new AbortController();
  readonly records: TraceRecord[] = [];
  private readonly changed = new vscode.EventEmitter<ModelChange>();
  readonly onDidChange = this.changed.event;
  private _result: PlainResult | undefined;
  private _review: CandidateReview | undefined;
  private _error: string | undefined;
  private disposed = false;

  constructor(readonly info: SearchRunInfo) {
    const pending: SearchView = {
      searchId: '',
      task: info.task,
      workspace: info.folder.fsPath,
      testCommand: info.testCommand,
      source: info.sourceLabel,
      status: 'running',
      why: [],
    };
    this.model = new TreeModel({ search: pending, nodes: [] });
  }

  get searchId(): string | undefined {
    return this.model.search?.searchId || undefined;
  }

  get result(): PlainResult | undefined {
    return this._result;
  }

  get review(): CandidateReview | undefined {
    return this._review;
  }

  get running(): boolean {
    return this._result === undefined && this._error === undefined;
  }

  get error(): string | undefined {
    return this._error;
  }

  handle(e: SearchEvent): void {
    // The end is shown by `complete`, once the candidates can be applied.
    if (e.type === 'search-finished') return;
    const change = this.model.apply(e);
    if (e.type === 'search-started' && this.model.search) this.model.setSearch({ ...this.model.search, source: this.info.sourceLabel });
    if (change.nodes.length > 0 || change.search) this.changed.fire(change);
  }

  /** Records the result; the engine's snapshot is copied from and released here. */
  async complete(result: SearchResult): Promise<PlainResult> {
    const { review, ...plain } = result;
    if (review) {
      try {
        if (!this.disposed) this._review = await captureReview(review, plain.nodes);
      } finally {
        await review.dispose().catch(() => undefined);
      }
    }
    this._result = plain;
    this.model.finish(plain);
    this.changed.fire({ nodes: [], search: true });
    return plain;
  }

  /** The search ended without a result (a problem the user must fix first). */
  fail(message: string): void {
    this._error = message;
    const search = this.model.search;
    if (search) this.model.setSearch({ ...search, status: 'error', error: message });
    this.changed.fire({ nodes: [], search: true });
  }

  cancel(reason = 'cancelled by the user'): void {
    if (!this.controller.signal.aborted) this.controller.abort(new Error(reason));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.cancel();
    this._review = undefined;
    this.changed.dispose();
  }
}
