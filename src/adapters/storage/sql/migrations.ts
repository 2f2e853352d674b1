// Versioned migrations, plain SQL that SQLite and PostgreSQL both accept unchanged, except a migration
// marked `only` (a physical layout one dialect benefits from). Append only: never edit a released
// migration, add a new version. Applied at open by migrate.ts (PostgreSQL) and sqlite/open.ts.

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
  /** Run on this dialect only; the other records the version as applied without running anything. */
  readonly only?: 'sqlite' | 'postgres';
}

const LIVE = `status in ('open', 'acknowledged')`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    statements: [
      `create table workspaces (
        id text primary key, name text not null, created_at bigint not null, updated_at bigint not null)`,
      `create table contract_versions (
        id text primary key, workspace_id text not null, service text not null, hash text not null,
        version_label text, document text not null, previous_id text, diff_summary text, changes text,
        created_at bigint not null)`,
      `create unique index contract_versions_hash on contract_versions (workspace_id, service, hash)`,
      `create index contract_versions_latest on contract_versions (workspace_id, service, created_at)`,
      `create table budgets (
        id text primary key, scope_kind text not null, scope_key text not null, workspace_id text not null,
        max_breaking_changes integer, max_potentially_breaking_changes integer, max_non_breaking_changes integer,
        severity_threshold text, max_field_churn_percent double precision, time_window_days integer,
        enabled integer, created_at bigint not null, updated_at bigint not null)`,
      `create unique index budgets_scope on budgets (scope_kind, scope_key, workspace_id)`,
      // Keyed by its natural identity (no random id: a random primary key costs a scattered B-tree insert
      // per event at ingest rates of 50k/s).
      `create table drift_events (
        workspace_id text not null, service text not null, scope text not null,
        fingerprint text not null, source text not null, level text not null, severity text not null,
        code text not null, direction text, field text, method text, path text, location text not null,
        first_seen bigint not null, last_seen bigint not null, count bigint not null,
        primary key (scope, fingerprint))`,
      `create index drift_events_scope_window on drift_events (workspace_id, service, first_seen)`,
      `create table drift_rollups (
        workspace_id text not null, service text not null, bucket bigint not null, level text not null,
        new_events bigint not null, observations bigint not null,
        primary key (workspace_id, service, bucket, level))`,
      `create index drift_rollups_bucket on drift_rollups (bucket)`,
      `create table evaluations (
        id text primary key, workspace_id text not null, service text not null, scope_kind text not null,
        scope_key text not null, method text, path text, budget_id text, at bigint not null,
        exceeded integer not null, should_create_incident integer not null, incident_type text, severity text,
        breaking integer not null, potentially_breaking integer not null, non_breaking integer not null,
        churn_percent double precision, consumption_percent double precision, result text not null)`,
      `create index evaluations_at on evaluations (at)`,
      `create index evaluations_workspace_at on evaluations (workspace_id, at)`,
      `create table incidents (
        id text primary key, fingerprint text not null, workspace_id text, service text not null,
        endpoint text not null, method text not null, incident_type text not null, severity text not null,
        status text not null, details text not null, budget_id text, sync_cycle_id text, contract_diff_id text,
        before_sample text, after_sample text, external_ticket_id text, external_ticket_url text,
        created_at bigint not null, updated_at bigint not null, acknowledged_at bigint, resolved_at bigint,
        closed_at bigint, ended_at bigint, occurrences bigint not null, first_seen bigint not null,
        last_seen bigint not null, pr_url text, regression_of text)`,
      // The dedup constraint: at most one live incident per fingerprint, enforced by the database.
      `create unique index incidents_live_fingerprint on incidents (fingerprint) where ${LIVE}`,
      `create index incidents_fingerprint_history on incidents (fingerprint, created_at)`,
      `create index incidents_created on incidents (created_at, id)`,
      `create index incidents_status_created on incidents (status, created_at, id)`,
      `create index incidents_severity_created on incidents (severity, created_at, id)`,
      `create index incidents_type_created on incidents (incident_type, created_at, id)`,
      `create index incidents_workspace_created on incidents (workspace_id, created_at, id)`,
      `create index incidents_endpoint_created on incidents (endpoint, method, created_at, id)`,
      `create index incidents_resolved on incidents (resolved_at)`,
      `create index incidents_ended on incidents (ended_at) where ended_at is not null`,
      `create table incident_events (
        id text primary key, incident_id text not null references incidents (id) on delete cascade,
        seq integer not null, at bigint not null, kind text not null, actor text not null, data text not null)`,
      `create unique index incident_events_incident on incident_events (incident_id, seq)`,
      `create table outbox (
        id text primary key, event_id text not null, event_type text not null, payload text not null,
        target text not null, status text not null, attempts integer not null, next_attempt_at bigint not null,
        locked_by text, locked_until bigint, last_error text, created_at bigint not null,
        updated_at bigint not null, delivered_at bigint)`,
      `create unique index outbox_event_target on outbox (event_id, target)`,
      `create index outbox_due on outbox (status, next_attempt_at)`,
      `create table outbox_deliveries (
        id text primary key, outbox_id text not null references outbox (id) on delete cascade,
        attempt integer not null, at bigint not null, status_code integer, duration_ms double precision not null,
        error text)`,
      `create index outbox_deliveries_outbox on outbox_deliveries (outbox_id, attempt)`,
      `create table sync_cycles (
        id text primary key, workspace_id text not null, status text not null, started_at bigint not null,
        finished_at bigint, summary text not null)`,
      `create index sync_cycles_workspace on sync_cycles (workspace_id, started_at)`,
      `create table pull_requests (
        id text primary key, workspace_id text not null, fingerprint_set_hash text not null,
        provider text not null, url text, branch text not null, state text not null, incident_ids text not null,
        summary text not null, created_at bigint not null, updated_at bigint not null)`,
      `create unique index pull_requests_open on pull_requests (fingerprint_set_hash) where state = 'open'`,
      `create table leases (name text primary key, holder text not null, until bigint not null)`,
    ],
  },
  {
    version: 2,
    name: 'drift history (issue 4 DriftHistory port): field snapshots, history lookup index',
    statements: [
      `create table field_snapshots (
        scope text not null, operation text not null, at bigint not null, fields integer not null,
        primary key (scope, operation, at))`,
      `create index drift_events_history on drift_events (scope, method, path, first_seen)`,
    ],
  },
  {
    version: 3,
    name: 'notifications (issue 7): per-incident delivery order key on outbox rows',
    statements: [
      `alter table outbox add column ordering_key text`,
      `create index outbox_ordering on outbox (target, ordering_key, status, created_at)`,
    ],
  },
  {
    version: 4,
    name: 'ingest speed: drop drift_events_scope_window (no product query reads it; budget history and metrics have their own)',
    statements: [`drop index if exists drift_events_scope_window`],
  },
  {
    version: 5,
    name: 'query speed at 100k incidents / 1M events: covering indexes for filtered counts and metrics',
    statements: [
      // The list's count and the stats read only the index for workspace + status + severity filters.
      `create index incidents_ws_status_severity on incidents (workspace_id, status, severity, created_at)`,
      `create index incidents_status_severity on incidents (status, severity, created_at)`,
      `create index incidents_ws_resolved on incidents (workspace_id, resolved_at)`,
      // Newest-first pages of a workspace test status/severity/type in the index, fetching only matches.
      `drop index if exists incidents_workspace_created`,
      `create index incidents_ws_created_filters on incidents (workspace_id, created_at, status, severity, incident_type, id)`,
      `drop index if exists incidents_created`,
      `create index incidents_created_filters on incidents (created_at, status, severity, incident_type, workspace_id, id)`,
      // Metrics sum rollups of a workspace (any service) or of all workspaces without touching the table.
      `create index drift_rollups_ws_bucket on drift_rollups (workspace_id, bucket, level, new_events, observations)`,
      `drop index if exists drift_rollups_bucket`,
      `create index drift_rollups_bucket_cover on drift_rollups (bucket, level, new_events, observations)`,
    ],
  },
  {
    version: 6,
    name: 'ingest speed (SQLite): drift_rollups keyed by (workspace_id, bucket, service, level) WITHOUT ROWID',
    only: 'sqlite',
    statements: [
      // Each rollup cell was a rowid row plus three index entries (key, two covering indexes); ingestion
      // writes about one cell per two events. Clustered on the key that leads with workspace and bucket,
      // the table itself is the covering index of a workspace's metrics query: two B-trees instead of four.
      `create table drift_rollups_v6 (
        workspace_id text not null, service text not null, bucket bigint not null, level text not null,
        new_events bigint not null, observations bigint not null,
        primary key (workspace_id, bucket, service, level)) without rowid`,
      `insert into drift_rollups_v6 (workspace_id, service, bucket, level, new_events, observations)
        select workspace_id, service, bucket, level, new_events, observations from drift_rollups`,
      `drop table drift_rollups`,
      `alter table drift_rollups_v6 rename to drift_rollups`,
      `create index drift_rollups_bucket_cover on drift_rollups (bucket, level, new_events, observations)`,
    ],
  },
];
