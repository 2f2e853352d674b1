// The Kysely Database interface: one typed schema both dialects share. Times are epoch milliseconds
// (BIGINT in PostgreSQL, INTEGER in SQLite); JSON is TEXT in both (parsed in the row mappers), booleans
// are 0/1 integers. Absent service/workspace on unique keys is '' so uniqueness needs no NULL tricks.

export interface WorkspacesTable {
  id: string;
  name: string;
  created_at: number;
  updated_at: number;
}

export interface ContractVersionsTable {
  id: string;
  workspace_id: string;
  service: string;
  hash: string;
  version_label: string | null;
  document: string;
  previous_id: string | null;
  diff_summary: string | null;
  changes: string | null;
  created_at: number;
}

export interface BudgetsTable {
  id: string;
  scope_kind: string;
  scope_key: string;
  workspace_id: string;
  max_breaking_changes: number | null;
  max_potentially_breaking_changes: number | null;
  max_non_breaking_changes: number | null;
  severity_threshold: string | null;
  max_field_churn_percent: number | null;
  time_window_days: number | null;
  enabled: number | null;
  created_at: number;
  updated_at: number;
}

export interface DriftEventsTable {
  workspace_id: string;
  service: string;
  scope: string;
  fingerprint: string;
  source: string;
  level: string;
  severity: string;
  code: string;
  direction: string | null;
  field: string | null;
  method: string | null;
  path: string | null;
  location: string;
  first_seen: number;
  last_seen: number;
  count: number;
}

export interface DriftRollupsTable {
  workspace_id: string;
  service: string;
  bucket: number;
  level: string;
  new_events: number;
  observations: number;
}

export interface EvaluationsTable {
  id: string;
  workspace_id: string;
  service: string;
  scope_kind: string;
  scope_key: string;
  method: string | null;
  path: string | null;
  budget_id: string | null;
  at: number;
  exceeded: number;
  should_create_incident: number;
  incident_type: string | null;
  severity: string | null;
  breaking: number;
  potentially_breaking: number;
  non_breaking: number;
  churn_percent: number | null;
  consumption_percent: number | null;
  result: string;
}

export interface IncidentsTable {
  id: string;
  fingerprint: string;
  workspace_id: string | null;
  service: string;
  endpoint: string;
  method: string;
  incident_type: string;
  severity: string;
  status: string;
  details: string;
  budget_id: string | null;
  sync_cycle_id: string | null;
  contract_diff_id: string | null;
  before_sample: string | null;
  after_sample: string | null;
  external_ticket_id: string | null;
  external_ticket_url: string | null;
  created_at: number;
  updated_at: number;
  acknowledged_at: number | null;
  resolved_at: number | null;
  closed_at: number | null;
  /** When it became resolved or closed: what retention measures age from. */
  ended_at: number | null;
  occurrences: number;
  first_seen: number;
  last_seen: number;
  pr_url: string | null;
  regression_of: string | null;
}

export interface IncidentEventsTable {
  id: string;
  incident_id: string;
  /** 1, 2, ... per incident: timeline order even when several events share a millisecond. */
  seq: number;
  at: number;
  kind: string;
  actor: string;
  data: string;
}

export interface OutboxTable {
  id: string;
  event_id: string;
  event_type: string;
  payload: string;
  target: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  locked_by: string | null;
  locked_until: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  delivered_at: number | null;
  /** Migration 3 (issue 7): per-incident delivery order. */
  ordering_key: string | null;
}

export interface OutboxDeliveriesTable {
  id: string;
  outbox_id: string;
  attempt: number;
  at: number;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
}

export interface SyncCyclesTable {
  id: string;
  workspace_id: string;
  status: string;
  started_at: number;
  finished_at: number | null;
  summary: string;
}

export interface PullRequestsTable {
  id: string;
  workspace_id: string;
  fingerprint_set_hash: string;
  provider: string;
  url: string | null;
  branch: string;
  state: string;
  incident_ids: string;
  summary: string;
  created_at: number;
  updated_at: number;
}

export interface LeasesTable {
  name: string;
  holder: string;
  until: number;
}

export interface MigrationsTable {
  version: number;
  name: string;
  applied_at: number;
}

export interface FieldSnapshotsTable {
  scope: string;
  /** `METHOD /template`, '' for document-level. */
  operation: string;
  at: number;
  fields: number;
}

export interface Database {
  field_snapshots: FieldSnapshotsTable;
  workspaces: WorkspacesTable;
  contract_versions: ContractVersionsTable;
  budgets: BudgetsTable;
  drift_events: DriftEventsTable;
  drift_rollups: DriftRollupsTable;
  evaluations: EvaluationsTable;
  incidents: IncidentsTable;
  incident_events: IncidentEventsTable;
  outbox: OutboxTable;
  outbox_deliveries: OutboxDeliveriesTable;
  sync_cycles: SyncCyclesTable;
  pull_requests: PullRequestsTable;
  leases: LeasesTable;
  driftgate_migrations: MigrationsTable;
}
