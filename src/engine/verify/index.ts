// Verification: run the workspace's own tests on a candidate and judge the result against the baseline.
export { runTests, type RunTestsOptions } from './run-tests';
export { parseTestOutput } from './parse-output';
export { compareToBaseline, type CompareOptions } from './compare';
export { scrubEnv, type ScrubOptions } from './scrub-env';
export { failureExcerpt } from './excerpt';
