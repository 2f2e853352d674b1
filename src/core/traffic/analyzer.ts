// The pure per-exchange core: match an exchange to an operation, validate it, and turn an unmatched one into
// unknown_endpoint / method_not_allowed with the closest operation as a hint. Built once per spec.
import type { ApiDocument } from '../openapi/index.js';
import { defaultSeverity } from './defaults.js';
import type { Exchange } from './exchange.js';
import { buildOperationIndex, type MatchResult, matchExchangePath, type OperationIndex } from './match.js';
import { type RequestParts, requestParts } from './message.js';
import type { Mismatch } from './mismatch.js';
import { buildSchemaSet } from './schemas.js';
import {
  createValidationContext,
  type ValidateOptions,
  type ValidationContext,
  validateExchange,
} from './validate.js';

export interface TrafficAnalyzer {
  readonly spec: ApiDocument;
  readonly index: OperationIndex;
  readonly validation: ValidationContext;
  readonly options: ValidateOptions;
}

export interface ExchangeResult {
  readonly match: MatchResult;
  readonly mismatches: readonly Mismatch[];
}

/** Indexes the operations and translates the schemas (validators compile lazily, once each). */
export function createTrafficAnalyzer(spec: ApiDocument, options: ValidateOptions = {}): TrafficAnalyzer {
  return {
    spec,
    index: buildOperationIndex(spec),
    validation: createValidationContext(buildSchemaSet(spec)),
    options,
  };
}

export function matchExchange(
  analyzer: TrafficAnalyzer,
  exchange: Exchange,
  parts?: RequestParts,
): MatchResult {
  const p = parts ?? requestParts(exchange);
  return matchExchangePath(analyzer.index, p.method, p.rawPath);
}

/** Matches and validates one exchange. Pure: the same exchange always gives the same mismatches. */
export function analyzeExchange(analyzer: TrafficAnalyzer, exchange: Exchange): ExchangeResult {
  const parts = requestParts(exchange);
  const match = matchExchangePath(analyzer.index, parts.method, parts.rawPath);
  switch (match.kind) {
    case 'matched':
      return {
        match,
        mismatches: validateExchange(
          analyzer.validation,
          match.operation,
          exchange,
          parts,
          match.pathParams,
          analyzer.options,
        ),
      };
    case 'skipped':
      return { match, mismatches: [] };
    case 'unknown_endpoint': {
      const path = generalizePath(match.path);
      return {
        match,
        mismatches: [
          {
            type: 'unknown_endpoint',
            direction: 'request',
            severity: defaultSeverity('unknown_endpoint', 'request'),
            method: parts.method,
            path: null,
            status: exchange.response?.status ?? null,
            location: '/path',
            specLocation: null,
            expected: match.closest ? { closest: match.closest.key } : null,
            observed: `${parts.method} ${path}`,
            message: match.otherBase
              ? `${parts.method} ${path} matches no operation: ${match.otherBase.template} is served under ${match.otherBase.servedUnder.join(', ')}, not ${match.otherBase.base}`
              : `${parts.method} ${path} matches no operation${match.closest ? ` (closest: ${match.closest.key})` : ''}`,
          },
        ],
      };
    }
    case 'method_not_allowed':
      return {
        match,
        mismatches: [
          {
            type: 'method_not_allowed',
            direction: 'request',
            severity: defaultSeverity('method_not_allowed', 'request'),
            method: parts.method,
            path: match.template,
            status: exchange.response?.status ?? null,
            location: '/method',
            specLocation: match.closest ? match.closest.pathItem.pointer : null,
            expected: { allowed: match.allowed },
            observed: parts.method,
            message: match.otherBase
              ? `${parts.method} ${match.template} is served under ${match.otherBase.servedUnder.join(', ')}, not ${match.otherBase.base} (documented there: ${match.allowed.join(', ')})`
              : `${parts.method} is not documented for ${match.template} (documented: ${match.allowed.join(', ')})`,
          },
        ],
      };
  }
}

const ID_SEGMENT =
  /^(?:\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?=[^/]*\d)[A-Za-z0-9_-]{16,})$/i;

/**
 * An unmatched path with identifier-like segments (numbers, UUIDs, long tokens containing digits) written as
 * `{id}`, so `/orders/1` and `/orders/2` are one unknown endpoint (and memory does not grow with ids).
 */
export function generalizePath(path: string): string {
  return path
    .split('/')
    .map((seg) => (ID_SEGMENT.test(seg) ? '{id}' : seg))
    .join('/');
}
