// Use case: what the recording proxy does with each exchange, off the request path: match it to an
// operation of the spec, validate it (the traffic analyzer), redact it, record it as a fixture (one file
// per operation, status and response shape) and aggregate its mismatches; `flush` sends what was
// aggregated through the one pipeline (ingestFindings) when a workspace is given.
import type { Finding } from '../core/findings.js';
import type { ApiDocument } from '../core/openapi/index.js';
import {
  analyzeExchange,
  createTrafficAnalyzer,
  type Exchange,
  type ExchangeRequest,
  type ExchangeResponse,
  MismatchAggregator,
  mismatchToFinding,
  redactMessage,
  type SlotSnapshot,
} from '../core/traffic/index.js';
import type { Clock } from '../ports/clock.js';
import { describeOperations, operationsOf } from './check-specs.js';
import { type IngestFindingsDeps, type IngestFindingsResult, ingestFindings } from './ingest-findings.js';

type Recordable = { readonly request: ExchangeRequest; readonly response: ExchangeResponse };

export interface FixtureWriter {
  /**
   * Records the exchange unless its shape is recorded already; the relative path written, or null.
   * `redact` turns it into what a fixture keeps (secrets redacted); only called when it may be written.
   */
  record(
    method: string,
    template: string,
    exchange: Recordable,
    redact: (e: Recordable) => Recordable,
  ): Promise<string | null>;
  /** Whether the response's shape is known to be on disk already (a cheap, synchronous check). */
  isRecorded?(method: string, template: string, response: ExchangeResponse): boolean;
}

export interface RecordTrafficDeps {
  readonly spec: ApiDocument;
  readonly fixtures: FixtureWriter;
  readonly clock: Clock;
  /** With a workspace: aggregated mismatches go through the pipeline on `flush`. */
  readonly ingest?: {
    readonly deps: IngestFindingsDeps;
    readonly workspaceId: string;
    readonly service: string;
  } | null;
}

export interface RecordStats {
  readonly exchanges: number;
  readonly matched: number;
  readonly fixtures_written: number;
  readonly mismatches: number;
}

/** The request as a fixture keeps it: path and query only, secrets redacted. */
function fixtureRequest(r: ExchangeRequest): ExchangeRequest {
  const url = r.url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '') || '/';
  return redactMessage({ ...r, url });
}

/** The exchange as a fixture keeps it. */
function forFixture(e: Recordable): Recordable {
  return { request: fixtureRequest(e.request), response: redactMessage(e.response) };
}

export class TrafficRecorder {
  private readonly analyzer;
  private aggregator = new MismatchAggregator(5);
  private counts = { exchanges: 0, matched: 0, fixtures_written: 0, mismatches: 0 };
  /** Paths written (newest last). */
  readonly written: string[] = [];

  constructor(private readonly deps: RecordTrafficDeps) {
    this.analyzer = createTrafficAnalyzer(deps.spec);
  }

  /** Analyses and records one exchange; a promise only when a fixture may have to be written. */
  handle(exchange: Exchange): Promise<void> | undefined {
    this.counts.exchanges++;
    const { match, mismatches } = analyzeExchange(this.analyzer, exchange);
    for (const m of mismatches) this.aggregator.add(m, exchange.id, exchange.timestamp);
    this.counts.mismatches += mismatches.length;
    if (match.kind !== 'matched' || !exchange.response) return undefined;
    this.counts.matched++;
    const { method, path } = match.operation;
    // The common case on a busy proxy: a shape already on disk, known without a promise.
    if (this.deps.fixtures.isRecorded?.(method, path, exchange.response)) return undefined;
    return this.recordFixture(method, path, { request: exchange.request, response: exchange.response });
  }

  private async recordFixture(method: string, template: string, exchange: Recordable): Promise<void> {
    const path = await this.deps.fixtures.record(method, template, exchange, forFixture);
    if (path !== null) {
      this.counts.fixtures_written++;
      this.written.push(path);
    }
  }

  stats(): RecordStats {
    return { ...this.counts };
  }

  /** The mismatches aggregated since the last take, as plain data; the aggregate starts again. */
  takeAggregate(): SlotSnapshot[] {
    const slots = this.aggregator.snapshot();
    this.aggregator = new MismatchAggregator(5);
    return slots;
  }

  /** Sends the mismatches aggregated since the last flush through the pipeline (null without a workspace). */
  flush(): Promise<IngestFindingsResult | null> {
    return ingestRecorded(this.deps, this.takeAggregate());
  }
}

/**
 * Sends aggregated mismatches (TrafficRecorder.takeAggregate, possibly from another thread) through the
 * pipeline; null without a workspace or without mismatches.
 */
export async function ingestRecorded(
  deps: Pick<RecordTrafficDeps, 'spec' | 'clock' | 'ingest'>,
  slots: readonly SlotSnapshot[],
): Promise<IngestFindingsResult | null> {
  if (!deps.ingest || slots.length === 0) return null;
  const aggregator = new MismatchAggregator(5);
  aggregator.merge(slots);
  const aggregated = aggregator.result({ rules: deps.ingest.deps.rules ?? [] });
  const findings: Finding[] = aggregated.map((m) => mismatchToFinding(m, m.count));
  return ingestFindings(deps.ingest.deps, {
    workspaceId: deps.ingest.workspaceId,
    service: deps.ingest.service,
    findings,
    operations: describeOperations(null, deps.spec, operationsOf(findings)),
    now: deps.clock.now(),
    actor: 'record',
  });
}
