// The incident store port: dedup-by-fingerprint upsert, guarded transitions, timeline, filtered keyset
// list with an exact total, and stats. Times are ISO-8601 UTC strings.
import type { Severity } from '../core/findings.js';
import type {
  Incident,
  IncidentStatus,
  IncidentType,
  IncidentWithTimeline,
  TimelineEvent,
  TimelineKind,
} from '../core/incidents/incident.js';

/** A detection of drift that should be (or join) an incident. */
export interface OccurrenceInput {
  readonly fingerprint: string;
  readonly workspace_id: string | null;
  readonly service: string;
  readonly endpoint: string;
  readonly method: string;
  readonly incident_type: IncidentType;
  readonly severity: Severity;
  readonly details: Readonly<Record<string, unknown>>;
  readonly budget_id: string | null;
  readonly sync_cycle_id: string | null;
  readonly contract_diff_id: string | null;
  readonly before_sample: unknown;
  readonly after_sample: unknown;
  /** How many occurrences this detection adds (>= 1). */
  readonly occurrences: number;
  readonly at: string;
  readonly actor: string;
}

export interface OccurrenceResult {
  readonly incident: Incident;
  /** A new incident was opened (false: an open/acknowledged one was updated). */
  readonly created: boolean;
  /** Severity or type went up on an existing incident. */
  readonly escalated: boolean;
}

export interface IncidentFilter {
  readonly status?: readonly IncidentStatus[];
  readonly severity?: readonly Severity[];
  readonly incident_type?: readonly IncidentType[];
  readonly endpoint?: string;
  readonly method?: string;
  readonly workspace_id?: string;
  /** created_at >= since (ISO). */
  readonly since?: string;
  /** created_at < until (ISO). */
  readonly until?: string;
}

export interface IncidentPage {
  readonly items: readonly Incident[];
  /** Number of incidents matching the filter (all pages). */
  readonly total: number;
  /** Opaque; pass back as `cursor` for the next page; null on the last page. */
  readonly next_cursor: string | null;
}

export interface IncidentStats {
  readonly total: number;
  readonly by_status: Readonly<Record<string, number>>;
  readonly by_severity: Readonly<Record<string, number>>;
  readonly by_type: Readonly<Record<string, number>>;
  readonly by_endpoint: readonly {
    readonly method: string;
    readonly endpoint: string;
    readonly count: number;
  }[];
  readonly by_workspace: readonly { readonly workspace_id: string | null; readonly count: number }[];
  /** Mean of acknowledged_at - created_at over acknowledged incidents, ms; null when none. */
  readonly mean_time_to_acknowledge_ms: number | null;
  /** Mean of resolved_at - created_at over resolved incidents, ms; null when none. */
  readonly mean_time_to_resolve_ms: number | null;
}

export interface IncidentUpdate {
  readonly external_ticket_id?: string | null;
  readonly external_ticket_url?: string | null;
  readonly pr_url?: string | null;
  /** Merged into details (shallow). */
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface IncidentStore {
  /** Create the live incident for a fingerprint, or add to it. Exactly one live incident per fingerprint. */
  recordOccurrence(input: OccurrenceInput): Promise<OccurrenceResult>;
  get(id: string): Promise<IncidentWithTimeline | undefined>;
  /** Validated transition (core/incidents/lifecycle.ts) with a status guard; appends a timeline event. */
  transition(id: string, to: IncidentStatus, at: string, actor: string, note?: string): Promise<Incident>;
  update(id: string, patch: IncidentUpdate, at: string, actor: string): Promise<Incident>;
  appendTimeline(
    incidentId: string,
    kind: TimelineKind,
    at: string,
    actor: string,
    data: Readonly<Record<string, unknown>>,
  ): Promise<TimelineEvent>;
  list(
    filter: IncidentFilter,
    page: { readonly limit: number; readonly cursor?: string },
  ): Promise<IncidentPage>;
  stats(filter: IncidentFilter): Promise<IncidentStats>;
}
