// Use case: traffic vs spec. Streams exchanges through the pure core (match, validate), aggregates the
// mismatches, classifies them with the shared classifier and proposes corrections from the aggregate.
// Memory grows with distinct mismatches, never with the number of exchanges.
import type { BreakingChangeRule } from '../core/budgets/classify.js';
import type { EffectiveBudget } from '../core/budgets/types.js';
import type { ApiDocument } from '../core/openapi/index.js';
import type { SlotSnapshot } from '../core/traffic/aggregate.js';
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
  const analyzer = options.analyzer ?? createAnalyzerFor(spec, options);
  const tally = new TrafficTally(options.maxSamples ?? 5);
  for await (const exchange of exchanges) {
    const result = analyzeExchange(analyzer, exchange);
    options.onResult?.(exchange, result);
    tally.add(exchange, result);
    options.onExchange?.(tally.total);
  }
  return tally.finish(spec, options);
}

/** The analyzer `analyzeTraffic` builds when none is given (the worker threads build the same). */
export function createAnalyzerFor(
  spec: ApiDocument,
  options: Pick<AnalyzeTrafficOptions, 'undocumentedFields' | 'undocumentedQuery'>,
): TrafficAnalyzer {
  return createTrafficAnalyzer(spec, {
    ...(options.undocumentedFields === undefined ? {} : { undocumentedFields: options.undocumentedFields }),
    ...(options.undocumentedQuery === undefined ? {} : { undocumentedQuery: options.undocumentedQuery }),
  });
}

/** A tally as plain data (structured-clone safe): what a worker thread returns for its part of the input. */
export interface TallySnapshot {
  readonly total: number;
  readonly matched: number;
  /** [operation key, exchanges, [status, exchanges][]] in first-seen order. */
  readonly perOperation: readonly (readonly [string, number, readonly (readonly [number, number])[]])[];
  readonly slots: readonly SlotSnapshot[];
}

/**
 * What one pass over exchanges accumulates: counts, exchanges per operation and status, aggregated
 * mismatches. Memory grows with operations and distinct mismatches, never with exchanges. Parts of an input
 * analysed apart (worker threads) merge, in input order, into the tally of the whole.
 */
export class TrafficTally {
  total = 0;
  matched = 0;
  // Counted per operation key and status number (no key strings built per exchange); keyed at the end.
  readonly #perOperation = new Map<string, { count: number; byStatus: Map<number, number> }>();
  readonly #aggregator: MismatchAggregator;

  constructor(maxSamples = 5) {
    this.#aggregator = new MismatchAggregator(maxSamples);
  }

  add(exchange: Exchange, result: ExchangeResult): void {
    this.total++;
    const { match, mismatches } = result;
    if (match.kind === 'matched') {
      this.matched++;
      this.#count(match.operation.key, exchange.response?.status, 1);
    } else if (match.kind === 'skipped') this.matched++;
    for (const m of mismatches) this.#aggregator.add(m, exchange.id, exchange.timestamp);
  }

  #counter(key: string): { count: number; byStatus: Map<number, number> } {
    let c = this.#perOperation.get(key);
    if (!c) {
      c = { count: 0, byStatus: new Map() };
      this.#perOperation.set(key, c);
    }
    return c;
  }

  #count(key: string, status: number | undefined, n: number): void {
    const c = this.#counter(key);
    c.count += n;
    if (status !== undefined) c.byStatus.set(status, (c.byStatus.get(status) ?? 0) + n);
  }

  snapshot(): TallySnapshot {
    return {
      total: this.total,
      matched: this.matched,
      perOperation: [...this.#perOperation].map(([k, c]) => [k, c.count, [...c.byStatus]] as const),
      slots: this.#aggregator.snapshot(),
    };
  }

  /** Adds the tally of the input that follows everything added so far; `mapId` rewrites sample ids. */
  merge(part: TallySnapshot, mapId?: (id: string) => string): void {
    this.total += part.total;
    this.matched += part.matched;
    for (const [key, count, byStatus] of part.perOperation) {
      const c = this.#counter(key);
      c.count += count;
      for (const [status, n] of byStatus) c.byStatus.set(status, (c.byStatus.get(status) ?? 0) + n);
    }
    this.#aggregator.merge(part.slots, mapId);
  }

  /** Classification and corrections over the aggregate: the analysis of everything added. */
  finish(spec: ApiDocument, options: AnalyzeTrafficOptions = {}): TrafficAnalysis {
    const mismatches = this.#aggregator.result({
      ...(options.rules ? { rules: options.rules } : {}),
      ...(options.budget ? { budget: options.budget } : {}),
    });
    const minConfidence = options.minConfidence ?? 0;
    const totals: Record<string, number> = {};
    for (const [key, c] of this.#perOperation) {
      totals[key] = c.count;
      for (const [status, n] of c.byStatus) totals[`${key} ${status}`] = n;
    }
    const evidence: CorrectionEvidence = { totalExchangesPerOperation: totals };
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
        exchanges: this.total,
        matched: this.matched,
        unmatched: this.total - this.matched,
        malformed: options.malformed?.() ?? 0,
        breaking: count('breaking'),
        potentially_breaking: count('potentially_breaking'),
        non_breaking: count('non_breaking'),
      },
      mismatches,
      corrections,
    };
  }
}
