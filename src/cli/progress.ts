import type { SearchEvent, SearchNode } from '../engine/types';
import { TERMINAL_STATUSES } from '../engine/types';
import { costLine, renderTree } from './render';

/**
 * Progress for people on stderr: a live, redrawn tree on a terminal, and one line per
 * finished node otherwise (logs and CI).
 */
export class Progress {
  private readonly nodes = new Map<string, SearchNode>();
  private task = '';
  private drawnLines = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly live: boolean;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly enabled: boolean,
  ) {
    this.live = enabled && out.isTTY === true && process.env.TERM !== 'dumb';
  }

  note(message: string): void {
    if (this.enabled) this.line(message);
  }

  handle = (e: SearchEvent): void => {
    if (!this.enabled) return;
    switch (e.type) {
      case 'search-started':
        this.task = e.task;
        this.line(`snapshot ${e.snapshot.slice(0, 10)} of ${e.workspace}`);
        break;
      case 'baseline': {
        const t = e.report.tests;
        const flaky = e.report.flaky?.length ? `, ${e.report.flaky.length} flaky` : '';
        this.line(`baseline: ${t.passed}/${t.total} passed, ${e.report.failing.length || t.failed} failing${flaky} (${e.report.level}) in ${(e.report.durationMs / 1000).toFixed(1)} s`);
        break;
      }
      case 'round-started':
        this.line(`round ${e.round}`);
        break;
      case 'log':
        this.line(`${e.level === 'info' ? '' : e.level + ': '}${e.message}`);
        break;
      case 'stats':
        this.line(costLine(e.stats));
        break;
      case 'node':
        if (e.node.id === 'root') break;
        this.nodes.set(e.node.id, e.node);
        if (this.live) this.schedule();
        else if (TERMINAL_STATUSES.has(e.node.status)) {
          const n = e.node;
          this.out.write(`  ${n.id} ${n.status}${n.tests ? ` ${n.tests.passed}/${n.tests.total}` : ''}${n.reward !== undefined ? ` reward ${n.reward.toFixed(3)}` : ''}${n.reason ? ` (${n.reason})` : ''}\n`);
        }
        break;
      case 'search-finished':
        this.clear();
        break;
    }
  };

  private line(text: string): void {
    this.clear();
    this.out.write(text + '\n');
    if (this.live) this.schedule();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.draw();
    }, 80);
  }

  private draw(): void {
    this.clear();
    const rows = this.out.rows ? Math.max(5, this.out.rows - 4) : 40;
    const text = renderTree(this.task, [...this.nodes.values()], { width: this.out.columns ?? 100 }).split('\n');
    const shown = text.length > rows ? [...text.slice(0, rows - 1), `… ${text.length - rows + 1} more`] : text;
    this.out.write(shown.join('\n') + '\n');
    this.drawnLines = shown.length;
  }

  private clear(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.drawnLines > 0) {
      this.out.write(`\x1b[${this.drawnLines}A\x1b[J`);
      this.drawnLines = 0;
    }
  }

  dispose(): void {
    this.clear();
  }
}
