// Paths of the read-only review documents: `solve-with-search:/<search>/<kind>/...`.
// Every document is named by search, node and file; the text comes from the search's
// review, never from the URI itself.

export type ReviewRef =
  | { kind: 'base'; searchId: string; path: string }
  | { kind: 'candidate'; searchId: string; nodeId: string; path: string }
  | { kind: 'output'; searchId: string; nodeId: string };

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

function checkId(id: string, what: string): void {
  if (!ID.test(id)) throw new Error(`Invalid ${what} "${id}".`);
}

function checkPath(path: string): string[] {
  const parts = path.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) throw new Error(`Invalid file path "${path}".`);
  return parts;
}

/** The URI path for a review document (absolute, segments percent-encoded by `Uri`). */
export function reviewPath(ref: ReviewRef): string {
  checkId(ref.searchId, 'search id');
  switch (ref.kind) {
    case 'base':
      checkPath(ref.path);
      return `/${ref.searchId}/base/${ref.path}`;
    case 'candidate':
      checkId(ref.nodeId, 'node id');
      checkPath(ref.path);
      return `/${ref.searchId}/node/${ref.nodeId}/${ref.path}`;
    case 'output':
      checkId(ref.nodeId, 'node id');
      return `/${ref.searchId}/output/${ref.nodeId}/${ref.nodeId}-test-output.log`;
  }
}

/** Reads a review URI path back; undefined for anything that is not one. */
export function parseReviewPath(path: string): ReviewRef | undefined {
  const parts = path.split('/');
  if (parts[0] !== '') return undefined;
  const [, searchId, kind, ...rest] = parts;
  if (!searchId || !ID.test(searchId)) return undefined;
  const valid = (segments: string[]) => segments.length > 0 && segments.every((p) => p !== '' && p !== '.' && p !== '..');
  if (kind === 'base' && valid(rest)) return { kind, searchId, path: rest.join('/') };
  const [nodeId, ...file] = rest;
  if (!nodeId || !ID.test(nodeId)) return undefined;
  if (kind === 'node' && valid(file)) return { kind: 'candidate', searchId, nodeId, path: file.join('/') };
  if (kind === 'output' && file.length === 1) return { kind: 'output', searchId, nodeId };
  return undefined;
}
