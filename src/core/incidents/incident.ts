// The incident as PRODUCT.md "Incidents" defines it: every seed field plus fingerprint, occurrences,
// first/last seen, linked PR, regression link and timeline. Times are ISO-8601 UTC strings.
import type { Severity } from '../findings.js';

export const INCIDENT_TYPES = ['breaking_change', 'threshold_exceeded'] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

export const INCIDENT_STATUSES = ['open', 'acknowledged', 'resolved', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Statuses in which an incident is "live": at most one live incident per fingerprint (a DB constraint). */
export const LIVE_STATUSES = ['open', 'acknowledged'] as const satisfies readonly IncidentStatus[];

export interface Incident {
  readonly id: string;
  /** OpenAPI path template of the operation (`/api/users/{id}`), or `*` for document-level drift. */
  readonly endpoint: string;
  /** Upper-case HTTP method, or `*`. */
  readonly method: string;
  readonly incident_type: IncidentType;
  readonly severity: Severity;
  readonly status: IncidentStatus;
  readonly details: Readonly<Record<string, unknown>>;
  readonly budget_id: string | null;
  readonly workspace_id: string | null;
  readonly sync_cycle_id: string | null;
  readonly contract_diff_id: string | null;
  readonly before_sample: unknown;
  readonly after_sample: unknown;
  readonly external_ticket_id: string | null;
  readonly external_ticket_url: string | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly acknowledged_at: string | null;
  readonly resolved_at: string | null;
  readonly closed_at: string | null;
  readonly fingerprint: string;
  readonly occurrences: number;
  readonly first_seen: string;
  readonly last_seen: string;
  readonly pr_url: string | null;
  /** Id of the resolved/closed incident this one is a recurrence of. */
  readonly regression_of: string | null;
}

export const TIMELINE_KINDS = [
  'created',
  'regression',
  'occurrence',
  'escalated',
  'acknowledged',
  'reopened',
  'resolved',
  'closed',
  'pr_linked',
  'ticket_linked',
  'updated',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEvent {
  readonly id: string;
  readonly incident_id: string;
  readonly at: string;
  readonly kind: TimelineKind;
  /** Who caused it: `system`, a token name, a user. */
  readonly actor: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export type IncidentWithTimeline = Incident & { readonly timeline: readonly TimelineEvent[] };
