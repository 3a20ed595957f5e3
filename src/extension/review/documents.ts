// Read-only documents of a search: the snapshot's files, a candidate's files and its test
// output. Text comes from the search's review and result; the URI only names it.
import * as vscode from 'vscode';
import type { SearchNode } from '../../engine/types';
import { REVIEW_SCHEME } from '../ids';
import type { SearchRun } from '../search/run';
import { parseReviewPath, reviewPath, type ReviewRef } from './uris';

export function reviewUri(ref: ReviewRef): vscode.Uri {
  return vscode.Uri.from({ scheme: REVIEW_SCHEME, path: reviewPath(ref) });
}

export class ReviewDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly find: (searchId: string) => SearchRun | undefined) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = parseReviewPath(uri.path);
    if (!ref) throw new Error(vscode.l10n.t('{0} is not a Solve with Search document.', uri.toString()));
    const searchRun = this.find(ref.searchId);
    if (!searchRun?.result) {
      throw new Error(vscode.l10n.t('Search {0} is no longer open (only the last few are kept). Run the search again to review it.', ref.searchId));
    }
    if (ref.kind === 'output') return outputText(searchRun, ref.nodeId);
    const review = searchRun.review;
    if (!review) throw new Error(vscode.l10n.t('Search {0} kept no snapshot to review.', ref.searchId));
    if (ref.kind === 'base') return (await review.readBase(ref.path)) ?? '';
    const changes = review.changes(ref.nodeId);
    if (!changes) throw new Error(vscode.l10n.t('Candidate {0} has no changes.', ref.nodeId));
    const change = changes.find((c) => c.path === ref.path);
    if (change) return change.content ?? '';
    // A renamed file's old path, or a file the candidate leaves alone.
    if (changes.some((c) => c.oldPath === ref.path)) return '';
    return (await review.readBase(ref.path)) ?? '';
  }
}

/** The test output of a candidate (or, for the root, of the baseline run). */
export function outputText(searchRun: SearchRun, nodeId: string): string {
  const result = searchRun.result!;
  if (nodeId === 'root') {
    const b = result.baseline;
    if (!b) return vscode.l10n.t('The baseline did not run.');
    return [
      `Baseline: ${b.tests.passed}/${b.tests.total} tests pass (${searchRun.info.testCommand})`,
      ...(b.failing.length ? ['', 'Failing:', ...b.failing.map((f) => `  ${f}`)] : []),
      '',
      b.outputExcerpt,
    ].join('\n');
  }
  const node = result.nodes.find((n) => n.id === nodeId);
  if (!node) return vscode.l10n.t('Candidate {0} is not part of this search.', nodeId);
  return nodeOutput(node);
}

function nodeOutput(node: SearchNode): string {
  const head = [`${node.id}: ${node.status}${node.tests ? ` (${node.tests.passed}/${node.tests.total} tests pass)` : ''}`];
  if (node.reason) head.push(node.reason);
  const v = node.verdict;
  if (!v) return [...head, '', 'This candidate was not tested.'].join('\n');
  const list = (title: string, items: string[]) => (items.length ? ['', `${title}:`, ...items.map((i) => `  ${i}`)] : []);
  const failures = v.failures.flatMap((f) => ['', `✗ ${f.name}`, ...(f.message ? [indent(f.message)] : []), ...(f.stack ? [indent(f.stack)] : [])]);
  return [
    ...head,
    ...list('Fixed', v.fixed),
    ...list('Regressed', v.regressed),
    ...list('Still failing', v.stillFailing),
    ...failures,
    '',
    '--- output ---',
    v.outputExcerpt,
  ].join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
