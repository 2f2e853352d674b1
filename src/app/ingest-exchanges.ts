// Use case behind POST /api/v1/drift/exchanges: analyse exchanges against the workspace's registered
// contract (latest version of the workspace/service) and feed the aggregated mismatches through the drift
// pipeline. The compiled analyzer is cached per contract version: validators compile once, not per request.
import { DriftgateError } from '../core/errors.js';
import { correctionsForOperation } from '../core/gitops/corrections.js';
import type { ApiDocument } from '../core/openapi/index.js';
import {
  type AggregatedMismatch,
  type Correction,
  createTrafficAnalyzer,
  type Exchange,
  mismatchToFinding,
  redactExchange,
  type TrafficAnalyzer,
} from '../core/traffic/index.js';
import type { ContractVersion } from '../ports/contract-store.js';
import { analyzeTraffic, type TrafficSummary } from './analyze-traffic.js';
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
  readonly corrections: readonly Correction[];
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
  // One observed (redacted) exchange per operation: the incident's after sample, GitOps' new fixture.
  const observed = new Map<string, unknown>();
  const analysis = await analyzeTraffic(doc, input.exchanges, {
    analyzer,
    rules: deps.rules,
    ...(input.malformed ? { malformed: input.malformed } : {}),
    onResult: (exchange, result) => {
      if (result.match.kind !== 'matched' || result.mismatches.length === 0) return;
      if (!observed.has(result.match.operation.key))
        observed.set(result.match.operation.key, redactExchange(exchange));
    },
  });
  const ingest = await ingestFindings(deps, {
    workspaceId: input.workspaceId,
    service: input.service,
    findings: analysis.mismatches.map((m) => mismatchToFinding(m, m.count)),
    operations: describeOperations(null, doc),
    now: input.now,
    ...(input.actor !== undefined ? { actor: input.actor } : {}),
    incidentExtras: (operation) => {
      if (operation === null) return undefined;
      const corrections = correctionsForOperation(analysis.corrections, operation);
      return {
        ...(corrections.length > 0 ? { details: { corrections } } : {}),
        ...(observed.has(operation) ? { afterSample: observed.get(operation) } : {}),
      };
    },
  });
  return {
    contract_id: version.id,
    summary: analysis.summary,
    mismatches: analysis.mismatches,
    corrections: analysis.corrections,
    ingest,
  };
}
