// Traffic vs spec: match, validate, aggregate (the analyzer's pure core).

export {
  type ClassifyOptions,
  levelOf,
  MismatchAggregator,
  mismatchKey,
  mismatchToFinding,
  type SlotSnapshot,
} from './aggregate.js';
export {
  analyzeExchange,
  createTrafficAnalyzer,
  type ExchangeResult,
  matchExchange,
  type TrafficAnalyzer,
} from './analyzer.js';
export { defaultSeverity, MISMATCH_SEVERITY } from './defaults.js';
export type { Exchange, ExchangeRequest, ExchangeResponse } from './exchange.js';
export type { MatchResult } from './match.js';
export type { AggregatedMismatch, Correction, Mismatch, PatchOperation } from './mismatch.js';
export {
  isSensitiveName,
  REDACTED,
  redactExchange,
  redactHeaders,
  redactMessage,
  redactValue,
} from './redact.js';
export type { ValidateOptions } from './validate.js';
