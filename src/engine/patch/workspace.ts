// The snapshot as a patch sees it while being built: edits are kept in memory over the read-only base.
import type { FileChange } from '../types';
import { isCrlf } from './text';
import type { BaseFile, BaseReader } from './types';

export interface Entry {
  /** Content with LF line breaks. */
  text: string;
  /** Restore CRLF line breaks when writing (models answer with LF). */
  crlf: boolean;
  mode: string;
  binary: boolean;
  /** Snapshot path this content was renamed from. */
  from?: string;
}

export class Workspace {
  private readonly edits = new Map<string, Entry | null>();
  private readonly baseFiles = new Map<string, Promise<BaseFile | null>>();

  constructor(private readonly base: BaseReader) {}

  baseFile(path: string): Promise<BaseFile | null> {
    let f = this.baseFiles.get(path);
    if (!f) {
      f = this.base.read(path);
      this.baseFiles.set(path, f);
    }
    return f;
  }

  async get(path: string): Promise<Entry | null> {
    if (this.edits.has(path)) return this.edits.get(path)!;
    const f = await this.baseFile(path);
    if (!f) return null;
    const crlf = !f.binary && isCrlf(f.content);
    return { text: crlf ? f.content.replace(/\r\n/g, '\n') : f.content, crlf, mode: f.mode, binary: f.binary };
  }

  /** True when `path` is not in the snapshot (it may have been created by this patch). */
  async isNew(path: string): Promise<boolean> {
    return (await this.baseFile(path)) === null;
  }

  put(path: string, entry: Entry): void {
    this.edits.set(path, entry);
  }

  remove(path: string): void {
    this.edits.set(path, null);
  }

  /** The edits as file changes against the snapshot, sorted by path; edits that restore the snapshot vanish. */
  async changes(): Promise<FileChange[]> {
    const out: FileChange[] = [];
    const renamed = new Set<string>();
    for (const [path, e] of this.edits) {
      if (!e) continue;
      const base = await this.baseFile(path);
      const content = e.crlf ? e.text.replace(/\n/g, '\r\n') : e.text;
      if (base) {
        if (content !== base.content || e.mode !== base.mode) out.push({ path, kind: 'modify', content, mode: e.mode });
      } else if (e.from !== undefined && this.edits.get(e.from) === null && (await this.baseFile(e.from))) {
        out.push({ path, oldPath: e.from, kind: 'rename', content, mode: e.mode });
        renamed.add(e.from);
      } else {
        out.push({ path, kind: 'add', content, mode: e.mode });
      }
    }
    for (const [path, e] of this.edits) {
      if (e === null && !renamed.has(path) && (await this.baseFile(path))) out.push({ path, kind: 'delete', content: null });
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}
