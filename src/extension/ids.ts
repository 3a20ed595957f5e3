// Identifiers the manifest, the code and the tests share; package.json must match them.

export const EXTENSION_ID = 'solve-with-search.solve-with-search';

export const COMMANDS = {
  solve: 'solveWithSearch.solve',
  solveFailingTests: 'solveWithSearch.solveFailingTests',
  cancel: 'solveWithSearch.cancel',
  applyCandidate: 'solveWithSearch.applyCandidate',
  compareCandidate: 'solveWithSearch.compareCandidate',
  showTree: 'solveWithSearch.showTree',
  exportTrace: 'solveWithSearch.exportTrace',
  setApiKey: 'solveWithSearch.setApiKey',
  selectModel: 'solveWithSearch.selectModel',
  addReproTest: 'solveWithSearch.addReproTest',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

export const TREE_VIEW_TYPE = 'solveWithSearch.tree';
export const REVIEW_SCHEME = 'solve-with-search';
export const CHAT_PARTICIPANT_ID = 'solve-with-search.search';
export const LOG_NAME = 'Solve with Search';

/** Context keys for `when` clauses in the manifest. */
export const CONTEXT = {
  running: 'solveWithSearch.running',
  hasResult: 'solveWithSearch.hasResult',
} as const;
