// driftgate's library API: named exports only, curated (STYLE.md).

export type { ErrorCode, ErrorLocation } from './core/errors.js';
export { DriftgateError, formatError } from './core/errors.js';
export type {
  Change,
  Direction,
  Finding,
  FindingSource,
  Level,
  MismatchType,
  Severity,
} from './core/findings.js';
export {
  changeToFinding,
  findingFingerprint,
  LEVELS,
  MISMATCH_TYPES,
  SEVERITIES,
  SEVERITY_RANK,
} from './core/findings.js';
export type { CheckDirection, CheckId, CheckSpec, DiffOptions, DiffResult, DocumentSummary } from './core/diff/index.js';
export { CHECK_IDS, CHECKS, diffSpecs } from './core/diff/index.js';
