// JSON Patch (RFC 6902) against the real spec document: on the value, and in place on its JSON/YAML text.

export type { TextFormat, TextPatchOptions, TextPatchResult } from './apply-text.js';
export { applyPatchToText, detectTextFormat } from './apply-text.js';
export { applyOperation, applyPatch, jsonEqual } from './apply-value.js';
export { patchPath, patchTokens } from './pointer.js';
