// From a model's answer text to a safe, normalized Patch.
export type { BaseFile, BaseReader, ParsedAnswer, PatchOutcome, PatchPolicy, SearchReplaceBlock } from './types';
export { parseAnswer } from './answer';
export { buildPatch, patchFromChanges } from './build';
export { DEFAULT_PROTECTED_GLOBS, isProtectedPath, unsafePathReason } from './safety';
export { renderDiff } from './render';
export { overlayReader, composeChanges } from './overlay';
