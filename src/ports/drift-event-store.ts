// Drift events (one row per distinct finding fingerprint per scope: the history budgets read),
// evaluation snapshots, and the metrics time series over both plus incidents.
import type { Direction, FindingSource, Level, Severity } from '../core/findings.js';

/** What identifies and classifies a drift event (shared by what is recorded and what is read back). */
interface DriftEventFields {
  readonly workspace_id: string;
  readonly service: string;
  /** Budget scope the fingerprint was computed in (e.g. `POST /api/users` or `workspace:w`). */
  readonly scope: string;
  readonly fingerprint: string;
  readonly source: FindingSource;
  readonly level: Level;
  readonly severity: Severity;
  readonly code: string;
  readonly direction: Direction | null;
  readonly field: string | null;
  readonly method: string | null;
  readonly path: string | null;
  readonly location: string;
  readonly count: number;
}

export interface DriftEventInput extends DriftEventFields {
  readonly seen_at: string;
}

export interface DriftEvent extends DriftEventFields {
  readonly first_seen: string;
  readonly last_seen: string;
}

export interface DriftEventQuery {
  readonly workspace_id: string;
  readonly service?: string;
  readonly method?: string;
  readonly path?: string;
  readonly scope?: string;
  /** first_seen >= since */
  readonly since?: string;
  readonly until?: string;
}

export interface DriftEventStore {
  /** Upsert by (scope, fingerprint): new rows count as new distinct drift; repeats add count, move last_seen. */
  record(
    events: readonly DriftEventInput[],
  ): Promise<{ readonly inserted: number; readonly updated: number }>;
  /**
   * Diagnostics and tests: indexed when `scope` is given (the key starts with it); a workspace-only query
   * scans. Budget windows read through DriftHistory, metrics through the rollup.
   */
  list(query: DriftEventQuery): Promise<readonly DriftEvent[]>;
}

export interface EvaluationRecord {
  readonly workspace_id: string;
  readonly service: string;
  readonly scope_kind: string;
  readonly scope_key: string;
  readonly method: string | null;
  readonly path: string | null;
  readonly budget_id: string | null;
  readonly at: string;
  readonly exceeded: boolean;
  readonly should_create_incident: boolean;
  readonly incident_type: string | null;
  readonly severity: string | null;
  readonly counts: Readonly<Record<Level, number>>;
  readonly churn_percent: number | null;
  /** Highest share of any allowance spent, in % (100 = exactly at the limit). */
  readonly consumption_percent: number | null;
  readonly result: unknown;
}

export interface EvaluationStore {
  record(evaluation: EvaluationRecord): Promise<{ readonly id: string }>;
}

export const METRIC_BUCKETS = ['hour', 'day'] as const;
export type MetricBucket = (typeof METRIC_BUCKETS)[number];

export interface MetricsQuery {
  readonly bucket: MetricBucket;
  readonly since: string;
  readonly until: string;
  readonly workspace_id?: string;
  readonly service?: string;
}

export interface MetricsPoint {
  /** Bucket start, ISO. */
  readonly t: string;
  /** New distinct drift events (by first_seen) per level. */
  readonly drift: Readonly<Record<Level, number>>;
  /** Observations (sum of counts recorded in the bucket) per level. */
  readonly observations: Readonly<Record<Level, number>>;
  readonly incidents_opened: number;
  readonly incidents_resolved: number;
}

export interface ScopeMetricsPoint {
  readonly t: string;
  readonly scope_kind: string;
  readonly scope_key: string;
  /** Highest value among the evaluations in the bucket. */
  readonly consumption_percent: number | null;
  readonly churn_percent: number | null;
  readonly evaluations: number;
}

export interface MetricsSeries {
  readonly bucket: MetricBucket;
  readonly since: string;
  readonly until: string;
  /** Every bucket in [since, until), zero-filled. */
  readonly points: readonly MetricsPoint[];
  readonly scopes: readonly ScopeMetricsPoint[];
}

export interface MetricsStore {
  series(query: MetricsQuery): Promise<MetricsSeries>;
}
