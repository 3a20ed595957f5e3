// An in-memory snapshot for patch tests: files by path, optional modes and symlinks.
import type { BaseFile, BaseReader } from '../../src/engine/patch';

export interface MemoryBaseOptions {
  modes?: Record<string, string>;
  symlinks?: string[];
  binary?: string[];
}

export function memoryBase(files: Record<string, string>, opts: MemoryBaseOptions = {}): BaseReader {
  const map = new Map(Object.entries(files));
  return {
    symlinks: new Set(opts.symlinks ?? []),
    async read(path: string): Promise<BaseFile | null> {
      const content = map.get(path);
      if (content === undefined) return null;
      return { content, mode: opts.modes?.[path] ?? '100644', binary: opts.binary?.includes(path) ?? false };
    },
  };
}
