// Runs searches one at a time and remembers the last few for review, diff and apply.
import * as vscode from 'vscode';
import { withOverrides, type CallOverrides } from '../../agents/options';
import { runSearch } from '../../engine/search';
import { UserError, type SearchEvent } from '../../engine/types';
import { configurationReader, readSettings, resolveTestCommand, SECTION, toSearchOptions } from '../config';
import { showWithSetting } from '../errors';
import { CONTEXT } from '../ids';
import { DisposableObject } from '../lifecycle';
import type { SearchLog } from '../log';
import type { SourceFactory } from '../sources';
import { SearchRun, type PlainResult } from './run';

/** Finished searches kept for review; each holds a snapshot ref until it is dropped. */
const KEEP_FINISHED = 3;

export interface StartRequest {
  folder: vscode.Uri;
  task: string;
  chatModel?: vscode.LanguageModelChat;
  /** A tool call's samples, rounds and dollar cap, over the settings for this search only. */
  overrides?: CallOverrides;
  onEvent?: (e: SearchEvent) => void;
  /** Called once the search exists, before it runs. */
  onStart?: (searchRun: SearchRun) => void;
}

export class SearchService extends DisposableObject {
  private runningRun: SearchRun | undefined;
  private preparation: Promise<unknown> | undefined;
  private cancelOnStart = false;
  private readonly finished: SearchRun[] = [];
  private readonly started = this.register(new vscode.EventEmitter<SearchRun>());
  /** A search began (the tree and the status bar follow it). */
  readonly onDidStart = this.started.event;
  private readonly ended = this.register(new vscode.EventEmitter<SearchRun>());
  readonly onDidEnd = this.ended.event;

  constructor(
    private readonly log: SearchLog,
    private readonly sources: SourceFactory,
  ) {
    super();
  }

  get running(): SearchRun | undefined {
    return this.runningRun;
  }

  /** The running search, else the last finished one. */
  get latest(): SearchRun | undefined {
    return this.runningRun ?? this.finished.at(-1);
  }

  find(searchId: string): SearchRun | undefined {
    return [this.runningRun, ...this.finished].find((s) => s?.searchId === searchId);
  }

  /** Prepares and runs one search; rejects with a UserError for what the user must fix first. */
  async start(req: StartRequest): Promise<{ searchRun: SearchRun; result: PlainResult }> {
    if (this.busy) throw new UserError('A search is already running. Cancel it ("Solve with Search: Cancel Search") before starting another.');
    const preparation = this.prepare(req);
    this.preparation = preparation;
    let prepared;
    try {
      prepared = await preparation;
    } catch (e) {
      this.cancelOnStart = false;
      throw e;
    } finally {
      this.preparation = undefined;
    }
    return this.run(req, prepared);
  }

  /** True while a search is being prepared or runs. */
  get busy(): boolean {
    return this.preparation !== undefined || this.runningRun !== undefined;
  }

  private async prepare(req: StartRequest) {
    // Settings are read per search, so a change applies to the next one without a reload.
    const settings = withOverrides(readSettings(configurationReader(vscode.workspace.getConfiguration(SECTION, req.folder))), req.overrides);
    const workspace = req.folder.fsPath;
    const test = resolveTestCommand(settings, workspace);
    const built = await this.sources.create(settings, req.chatModel ? { chatModel: req.chatModel } : {});
    const options = toSearchOptions(settings, { workspace, task: req.task, testCommand: test.command, secretValues: built.secretValues });
    return { options, built, test };
  }

  private async run(req: StartRequest, { options, built, test }: Awaited<ReturnType<SearchService['prepare']>>) {
    const searchRun = new SearchRun({
      folder: req.folder,
      task: req.task,
      testCommand: test.command,
      sourceLabel: built.source.label,
      secretValues: built.secretValues,
    });
    this.runningRun = searchRun;
    void vscode.commands.executeCommand('setContext', CONTEXT.running, true);
    if (test.detected) this.log.info(`Test command: ${test.command} (${test.detected})`);
    this.log.info(`Candidates from ${built.source.label}${built.note ? ` (${built.note})` : ''}`);
    this.started.fire(searchRun);
    req.onStart?.(searchRun);
    if (this.cancelOnStart) {
      this.cancelOnStart = false;
      searchRun.cancel();
    }
    try {
      const result = await runSearch(options, {
        source: built.source,
        signal: searchRun.controller.signal,
        keepForReview: true,
        trace: (r) => searchRun.records.push(r),
        onEvent: (e) => {
          searchRun.handle(e);
          this.log.event(e, built.secretValues);
          if (e.type === 'log' && e.topic === 'isolation' && e.level === 'warn') {
            // The log alone goes unread: a search whose model-written code runs unsandboxed says so where the user looks.
            void showWithSetting('warning', e.message, `${SECTION}.sandbox`);
          }
          req.onEvent?.(e);
        },
      });
      return { searchRun, result: await searchRun.complete(result) };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      searchRun.fail(message);
      this.log.error(`Search failed: ${message}`, built.secretValues);
      throw e;
    } finally {
      this.runningRun = undefined;
      this.remember(searchRun);
      void vscode.commands.executeCommand('setContext', CONTEXT.running, false);
      if (searchRun.result) void vscode.commands.executeCommand('setContext', CONTEXT.hasResult, true);
      this.ended.fire(searchRun);
    }
  }

  /** Cancels the running search; resolves once it has cleaned up. */
  async cancel(): Promise<boolean> {
    if (this.preparation && !this.runningRun) {
      // Still reading settings: the search is cancelled the moment it exists.
      this.cancelOnStart = true;
      await this.preparation.catch(() => undefined);
    }
    const searchRun = this.runningRun;
    if (!searchRun) return false;
    const ended = new Promise<void>((resolve) => {
      const sub = this.onDidEnd((s) => {
        if (s === searchRun) {
          sub.dispose();
          resolve();
        }
      });
    });
    searchRun.cancel();
    await ended;
    return true;
  }

  private remember(searchRun: SearchRun): void {
    this.finished.push(searchRun);
    while (this.finished.length > KEEP_FINISHED) this.finished.shift()?.dispose();
  }

  /** Cancels a running search and waits until it has removed its worktrees (extension shutdown). */
  async close(): Promise<void> {
    await this.cancel();
    for (const s of this.finished.splice(0)) s.dispose();
    this.dispose();
  }
}
