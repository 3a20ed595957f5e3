// Test runners the verifier knows: recognizing them, asking them for per-test reports and
// targeted re-runs, and staging a candidate's verification.
export type { RunnerKind, RunnerPlan, Invocation } from './plan';
export { TestRunner, type PlannedRunOptions } from './runner';
export { matchRunner, adapterFor, ADAPTERS, type RunnerAdapter } from './adapters';
export { splitCommand, shellQuote } from './words';
export { recheckFailing, type Recheck } from './recheck';
export { decideStage1, stopsAtStage1, type Stage1, type StageDecision } from './stage';
export { describeLevel, describeRecheck, type RunnerNote } from './describe';
export { invocationOf, targetedCommand } from './targeted';
export { parseGoJson } from './parse-go-json';
export { parseUnittest } from './parse-unittest';
export { parseCargo } from './parse-cargo';
