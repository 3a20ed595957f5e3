// Reproduction tests: for a task no test checks yet, the model writes tests that fail on the
// snapshot for the right reason; they become the targets of every candidate.

export type { ReproTest, ReproOutcome } from './types';
export { ReproSuite, withRepro, reproReward, reproNodeFields } from './suite';
export type { ReproRunContext } from './run';
export { behaviourGroups, reproReasons } from './agreement';
export { judgeBaseRun } from './classify';
export { fileRunner, type FileRunner } from './runner';
export { planLayout, REPRO_DIR_NAME } from './layout';
export { reproMessages, testFromAnswer, normalizeTest, REPRO_SYSTEM_PROMPT } from './prompt';
export { keepReproTests } from './keep';
export { AUTO_REPRO_TESTS, reproCount, runReproPhase, sourceView, type ReproSearchInput } from './search';
