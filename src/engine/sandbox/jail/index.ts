// The jail: test runs of model-written code sandboxed with bubblewrap where the system allows it.
export { isolateRuns, type IsolationOptions, type RunIsolation, type ShellWrap } from './isolation';
export { probeJail, type JailSupport } from './probe';
export { bwrapArgs, type JailLayout, type JailProfile } from './args';
export { MAX_WRITTEN_FILES, withFileSizeLimit } from './limits';
