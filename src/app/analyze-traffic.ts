// Use case: traffic vs spec. Streams exchanges through the pure core (match, validate), aggregates the
// mismatches, classifies them with the shared classifier and proposes corrections from the aggregate.
// Memory grows with distinct mismatches, never with the number of exchanges.
import type { BreakingChangeRule } from '../core/budgets/classify.js';
import type { EffectiveBudget } from '../core/budgets/types.js';
import type { ApiDocument } from '../core/openapi/index.js';
import { proposeCorrections } from '../core/traffic/corrections.js';
import type {
  AggregatedMismatch,
  Correction,
  Exchange,
  ExchangeResult,
  TrafficAnalyzer,
} from '../core/traffic/index.js';
import { analyzeExchange, createTrafficAnalyzer, MismatchAggregator } from '../core/traffic/index.js';

export interface AnalyzeTrafficOptions {
  /** Sample exchange ids kept per aggregated mismatch (default 5). */
  readonly maxSamples?: number;
  /** Classification: breaking_change_rules and the budget's severity threshold (default: the built-in budget). */
  readonly rules?: readonly BreakingChangeRule[];
  readonly budget?: Pick<EffectiveBudget, 'severity_threshold'>;
  /** Report undocumented response/request properties as unexpected_field (default true). */
  readonly undocumentedFields?: boolean;
  /** Report undeclared query parameters (default true). */
  readonly undocumentedQuery?: boolean;
  /** Malformed input records the reader skipped (read once the input is exhausted). */
  readonly malformed?: () => number;
  /** Corrections from the aggregate; default: core/traffic/corrections.ts. `false`: none. */
  readonly proposeCorrections?:
    | false
    | ((
        spec: ApiDocument,
        mismatches: readonly AggregatedMismatch[],
        evidence: CorrectionEvidence,
      ) => Correction[]);
  /** Drops corrections below this confidence (0..1). */
  readonly minConfidence?: number;
  /** A compiled analyzer for `spec` to reuse (the server caches one per contract version). */
  readonly analyzer?: TrafficAnalyzer;
  /** Called with each exchange and its result (the server keeps one observed exchange per operation). */
  readonly onResult?: (exchange: Exchange, result: ExchangeResult) => void;
  /** Called after each exchange (progress). */
  readonly onExchange?: (count: number) => void;
}

/** What the correction engine weighs support against. */
export interface CorrectionEvidence {
  /** Exchanges per operation (`GET /pets/{id}`) and per operation and status (`GET /pets/{id} 200`). */
  readonly totalExchangesPerOperation: Readonly<Record<string, number>>;
}

export interface TrafficSummary {
  readonly exchanges: number;
  readonly matched: number;
  readonly unmatched: number;
  readonly malformed: number;
  readonly breaking: number;
  readonly potentially_breaking: number;
  readonly non_breaking: number;
}

export interface TrafficAnalysis {
  readonly summary: TrafficSummary;
  readonly mismatches: AggregatedMismatch[];
  readonly corrections: Correction[];
}

export async function analyzeTraffic(
  spec: ApiDocument,
  exchanges: AsyncIterable<Exchange> | Iterable<Exchange>,
  options: AnalyzeTrafficOptions = {},
): Promise<TrafficAnalysis> {
  const analyzer =
    options.analyzer ??
    createTrafficAnalyzer(spec, {
      ...(options.undocumentedFields === undefined ? {} : { undocumentedFields: options.undocumentedFields }),
      ...(options.undocumentedQuery === undefined ? {} : { undocumentedQuery: options.undocumentedQuery }),
    });
  const aggregator = new MismatchAggregator(options.maxSamples ?? 5);
  let total = 0;
  let matched = 0;
  const perOperation = new Map<string, number>();
  const bump = (key: string) => perOperation.set(key, (perOperation.get(key) ?? 0) + 1);
  for await (const exchange of exchanges) {
    total++;
    const result = analyzeExchange(analyzer, exchange);
    const { match, mismatches } = result;
    options.onResult?.(exchange, result);
    if (match.kind === 'matched') {
      matched++;
      bump(match.operation.key);
      if (exchange.response) bump(`${match.operation.key} ${exchange.response.status}`);
    } else if (match.kind === 'skipped') matched++;
    for (const m of mismatches) aggregator.add(m, exchange.id, exchange.timestamp);
    options.onExchange?.(total);
  }
  const mismatches = aggregator.result({
    ...(options.rules ? { rules: options.rules } : {}),
    ...(options.budget ? { budget: options.budget } : {}),
  });
  const minConfidence = options.minConfidence ?? 0;
  const evidence: CorrectionEvidence = { totalExchangesPerOperation: Object.fromEntries(perOperation) };
  const propose =
    options.proposeCorrections === false
      ? () => []
      : (options.proposeCorrections ??
        ((doc: ApiDocument, found: readonly AggregatedMismatch[], ev: CorrectionEvidence) =>
          proposeCorrections(doc, found, {
            totalExchangesPerOperation: ev.totalExchangesPerOperation,
            minConfidence,
          })));
  const corrections = propose(spec, mismatches, evidence).filter((c) => c.confidence >= minConfidence);
  const count = (level: AggregatedMismatch['level']) => mismatches.filter((m) => m.level === level).length;
  return {
    summary: {
      exchanges: total,
      matched,
      unmatched: total - matched,
      malformed: options.malformed?.() ?? 0,
      breaking: count('breaking'),
      potentially_breaking: count('potentially_breaking'),
      non_breaking: count('non_breaking'),
    },
    mismatches,
    corrections,
  };
}
