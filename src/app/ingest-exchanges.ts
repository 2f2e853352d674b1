// Use case behind POST /api/v1/drift/exchanges: analyse exchanges against the workspace's registered
// contract (latest version of the workspace/service) and feed the aggregated mismatches through the drift
// pipeline. The compiled analyzer is cached per contract version: validators compile once, not per request.
import { DriftgateError } from '../core/errors.js';
import type { ApiDocument } from '../core/openapi/index.js';
import {
  type AggregatedMismatch,
  analyzeExchange,
  createTrafficAnalyzer,
  type Exchange,
  MismatchAggregator,
  mismatchToFinding,
  type TrafficAnalyzer,
} from '../core/traffic/index.js';
import type { ContractVersion } from '../ports/contract-store.js';
import type { TrafficSummary } from './analyze-traffic.js';
import { describeOperations } from './check-specs.js';
import { type IngestFindingsDeps, type IngestFindingsResult, ingestFindings } from './ingest-findings.js';
import { modelOf } from './register-spec.js';

/** Compiled analyzers for the most recently used contract versions. */
export class AnalyzerCache {
  readonly #entries = new Map<string, { doc: ApiDocument; analyzer: TrafficAnalyzer }>();
  constructor(private readonly capacity = 8) {}

  get(version: ContractVersion): { doc: ApiDocument; analyzer: TrafficAnalyzer } {
    let entry = this.#entries.get(version.id);
    if (entry) {
      this.#entries.delete(version.id); // refresh LRU position
    } else {
      const doc = modelOf(version.document, `contract ${version.id}`);
      entry = { doc, analyzer: createTrafficAnalyzer(doc) };
      if (this.#entries.size >= this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    }
    this.#entries.set(version.id, entry);
    return entry;
  }
}

export interface IngestExchangesDeps extends IngestFindingsDeps {
  readonly analyzers: AnalyzerCache;
}

export interface IngestExchangesInput {
  readonly workspaceId: string;
  readonly service: string;
  readonly exchanges: AsyncIterable<Exchange> | Iterable<Exchange>;
  /** Records the reader could not use (malformed lines), counted in the summary. */
  readonly malformed?: () => number;
  readonly now: Date;
  readonly actor?: string;
}

export interface IngestExchangesResult {
  readonly contract_id: string;
  readonly summary: TrafficSummary;
  readonly mismatches: readonly AggregatedMismatch[];
  readonly ingest: IngestFindingsResult;
}

export async function ingestExchanges(
  deps: IngestExchangesDeps,
  input: IngestExchangesInput,
): Promise<IngestExchangesResult> {
  const version = await deps.store.contracts.latest(input.workspaceId, input.service);
  if (!version) {
    throw new DriftgateError(
      'store.not_found',
      `no contract registered for workspace '${input.workspaceId}'${input.service ? ` service '${input.service}'` : ''}: POST /api/v1/drift/specs first`,
    );
  }
  const { doc, analyzer } = deps.analyzers.get(version);
  const aggregator = new MismatchAggregator(5);
  let total = 0;
  let matched = 0;
  for await (const exchange of input.exchanges) {
    total++;
    const { match, mismatches } = analyzeExchange(analyzer, exchange);
    if (match.kind === 'matched' || match.kind === 'skipped') matched++;
    for (const m of mismatches) aggregator.add(m, exchange.id, exchange.timestamp);
  }
  const mismatches = aggregator.result({ rules: deps.rules });
  const ingest = await ingestFindings(deps, {
    workspaceId: input.workspaceId,
    service: input.service,
    findings: mismatches.map((m) => mismatchToFinding(m, m.count)),
    operations: describeOperations(null, doc),
    now: input.now,
    ...(input.actor !== undefined ? { actor: input.actor } : {}),
  });
  const count = (level: AggregatedMismatch['level']) => ingest.report.summary.findings[level];
  return {
    contract_id: version.id,
    summary: {
      exchanges: total,
      matched,
      unmatched: total - matched,
      malformed: input.malformed?.() ?? 0,
      breaking: count('breaking'),
      potentially_breaking: count('potentially_breaking'),
      non_breaking: count('non_breaking'),
    },
    mismatches,
    ingest,
  };
}
