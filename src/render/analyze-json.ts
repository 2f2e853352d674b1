// `driftgate analyze --format json` (INTERFACES.md "analyze --format json"), snake_case on the wire.
// Beyond the documented keys: `summary.malformed`, `spec_location` and `sample_exchanges` per mismatch.
import type { AggregatedMismatch, Correction } from '../core/traffic/mismatch.js';

export interface AnalysisView {
  readonly summary: {
    readonly exchanges: number;
    readonly matched: number;
    readonly unmatched: number;
    readonly malformed: number;
    readonly breaking: number;
    readonly potentially_breaking: number;
    readonly non_breaking: number;
  };
  readonly mismatches: readonly AggregatedMismatch[];
  readonly corrections: readonly Correction[];
  /** The optional AI note (docs/ai.md); absent when the AI layer was not asked for. */
  readonly ai?: unknown;
}

/** `METHOD /template`, or null when no operation matched. */
export function operationOf(m: AggregatedMismatch): string | null {
  return m.method !== null && m.path !== null ? `${m.method} ${m.path}` : null;
}

export function analysisToJson(a: AnalysisView): unknown {
  return {
    summary: {
      exchanges: a.summary.exchanges,
      matched: a.summary.matched,
      unmatched: a.summary.unmatched,
      malformed: a.summary.malformed,
      breaking: a.summary.breaking,
      potentially_breaking: a.summary.potentially_breaking,
      non_breaking: a.summary.non_breaking,
    },
    mismatches: a.mismatches.map((m) => ({
      type: m.type,
      direction: m.direction,
      severity: m.severity,
      level: m.level,
      operation: operationOf(m),
      status: m.status,
      location: m.location,
      spec_location: m.specLocation,
      count: m.count,
      first_seen: m.firstSeen,
      last_seen: m.lastSeen,
      expected: m.expected ?? null,
      observed: m.observed ?? null,
      message: m.message,
      sample_exchange: m.sampleExchangeIds[0] ?? null,
      sample_exchanges: m.sampleExchangeIds,
    })),
    corrections: a.corrections.map((c) => ({
      operation: c.operation,
      patch: c.patch,
      confidence: c.confidence,
      support: c.support,
      reason: c.reason,
      ...(c.kind !== undefined ? { kind: c.kind } : {}),
    })),
    ...(a.ai !== undefined ? { ai: a.ai } : {}),
  };
}

export function renderAnalysisJson(a: AnalysisView): string {
  return `${JSON.stringify(analysisToJson(a), null, 2)}\n`;
}
