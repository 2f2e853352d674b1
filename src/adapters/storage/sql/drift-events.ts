// Drift events: one row per (scope, fingerprint), upserted in batches; an hourly rollup per level
// (new distinct events, observations) is maintained in the same transaction so metrics read a few
// thousand rollup rows instead of scanning a million events. The write path is the hot one (issue 5:
// >= 50k events/s on SQLite), so it bypasses the query builder: prepared single-row statements on the
// SQLite driver, one array-parameter statement per 5,000 rows on PostgreSQL. Both apply the same merge.

import { CompiledQuery } from 'kysely';
import type { Direction, FindingSource, Level, Severity } from '../../../core/findings.js';
import type {
  DriftEvent,
  DriftEventInput,
  DriftEventQuery,
  DriftEventStore,
  EvaluationStore,
} from '../../../ports/drift-event-store.js';
import { inTransaction, num, type SqlContext, type SyncSqlite, toIso, toJson, toMs } from './context.js';
import type { DriftEventsTable } from './schema.js';

export const HOUR_MS = 3_600_000;

export function sqlDriftEventStore(root: SqlContext): DriftEventStore {
  return {
    record: (events) =>
      inTransaction(root, async (ctx) => {
        const rollup = new Map<string, RollupCell>();
        let inserted = 0;
        const sync = ctx.sync;
        if (sync !== undefined) {
          // SQLite has one writer (BEGIN IMMEDIATE): no lock order to keep, so no sort.
          const merged = mergeByKey(events, false);
          inserted = recordSqlite(sync, merged, rollup);
          applyRollupSqlite(sync, rollup);
          return { inserted, updated: merged.length - inserted };
        }
        if (ctx.dialect !== 'postgres') {
          throw new Error('SQLite drift-event ingestion needs the driver handle (openSqliteStore passes it)');
        }
        const merged = mergeByKey(events, true);
        for (let i = 0; i < merged.length; i += PG_CHUNK) {
          inserted += await recordPostgres(ctx, merged.slice(i, i + PG_CHUNK), rollup);
        }
        await applyRollupPostgres(ctx, rollup);
        return { inserted, updated: merged.length - inserted };
      }),
    async list(q: DriftEventQuery) {
      let query = root.db.selectFrom('drift_events').selectAll().where('workspace_id', '=', q.workspace_id);
      if (q.service !== undefined) query = query.where('service', '=', q.service);
      if (q.method !== undefined) query = query.where('method', '=', q.method.toUpperCase());
      if (q.path !== undefined) query = query.where('path', '=', q.path);
      if (q.scope !== undefined) query = query.where('scope', '=', q.scope);
      if (q.since !== undefined) query = query.where('first_seen', '>=', toMs(q.since));
      if (q.until !== undefined) query = query.where('first_seen', '<', toMs(q.until));
      const rows = await query.orderBy('first_seen').orderBy('scope').orderBy('fingerprint').execute();
      return rows.map(driftEventFromRow);
    },
  };
}

interface Merged {
  readonly e: DriftEventInput;
  readonly first: number;
  readonly last: number;
  readonly count: number;
}

/**
 * PostgreSQL refuses to upsert one row twice in a statement: fold duplicates of a batch first (the first
 * sighting's descriptive columns, the earliest first and latest last time, the summed count).
 */
function mergeByKey(events: readonly DriftEventInput[], sorted: boolean): Merged[] {
  const byKey = new Map<string, Merged>();
  for (const e of events) {
    const key = `${e.scope}\u0000${e.fingerprint}`;
    const at = toMs(e.seen_at);
    const prev = byKey.get(key);
    byKey.set(
      key,
      prev
        ? {
            e: prev.e,
            first: Math.min(prev.first, at),
            last: Math.max(prev.last, at),
            count: prev.count + e.count,
          }
        : { e, first: at, last: at, count: e.count },
    );
  }
  if (!sorted) return [...byKey.values()];
  // A stable lock order: two concurrent batches touching the same rows in different orders would deadlock.
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, m]) => m);
}

const COLUMNS = `workspace_id, service, scope, fingerprint, source, level, severity, code, direction, field,
  method, path, location, first_seen, last_seen, count`;
/** A merged event's values in COLUMNS order (both dialects bind them so). */
function rowValues({ e, first, last, count }: Merged): unknown[] {
  return [
    e.workspace_id,
    e.service,
    e.scope,
    e.fingerprint,
    e.source,
    e.level,
    e.severity,
    e.code,
    e.direction,
    e.field,
    e.method === null ? null : e.method.toUpperCase(),
    e.path,
    e.location,
    first,
    last,
    count,
  ];
}

/** Only the key conflict is skipped (not NOT NULL or CHECK failures, as INSERT OR IGNORE would). */
const INSERT_NEW = `insert into drift_events (${COLUMNS}) values (${Array(16).fill('?').join(', ')})
  on conflict (scope, fingerprint) do nothing`;
/** Level rank in SQL, matching LEVEL_RANK in core/findings.ts (as levelRank in history.ts). */
const RANK = (v: string) =>
  `(case ${v} when 'breaking' then 2 when 'potentially_breaking' then 1 else 0 end)`;
/** The same merge as PG_UPSERT's DO UPDATE (keep the two in step). */
const UPDATE_REPEAT = `update drift_events set count = count + ?, last_seen = max(last_seen, ?),
  first_seen = min(first_seen, ?), level = case when ${RANK('?')} > ${RANK('level')} then ? else level end,
  severity = ?, source = ?, code = ?, direction = ?, field = ?, location = ?
  where scope = ? and fingerprint = ? returning count`;

/**
 * SQLite: one prepared single-row statement per event instead of a 1,000-row upsert built by Kysely and
 * RETURNING every row. A new key is an insert (changes = 1); only a repeat runs the update, whose
 * RETURNING count tells a row DriftHistory created with count 0 (new as drift) from a seen one.
 * Synchronous: runs inside the caller's Kysely transaction, which holds the connection.
 */
function recordSqlite(sync: SyncSqlite, merged: readonly Merged[], rollup: Map<string, RollupCell>): number {
  const insert = sync.prepare(INSERT_NEW);
  const update = sync.prepare(UPDATE_REPEAT);
  let inserted = 0;
  for (const m of merged) {
    const { e, first, last, count } = m;
    let isNew = insert.run(...rowValues(m)).changes === 1;
    if (!isNew) {
      const row = update.get(
        count,
        last,
        first,
        e.level,
        e.level,
        e.severity,
        e.source,
        e.code,
        e.direction,
        e.field,
        e.location,
        e.scope,
        e.fingerprint,
      ) as { count: number | bigint } | undefined;
      if (row === undefined)
        throw new Error(`drift event ${e.scope} ${e.fingerprint} vanished mid-transaction`);
      // New exactly when the stored count equals what this call added (see countNew).
      isNew = num(row.count) === count;
    }
    if (isNew) {
      inserted++;
      addRollup(rollup, e, first, 1, 0);
    }
    addRollup(rollup, e, last, 0, count);
  }
  return inserted;
}

/** Arrays, not one bound parameter per value (PostgreSQL allows 65,535 per statement): any chunk size fits. */
const PG_CHUNK = 5000;
const PG_TEXT_COLUMNS = 13;
/**
 * Upsert over 16 array parameters (one per column): new rows as given; a repeat adds its count, keeps the
 * earliest first and latest last sighting and the highest level (DriftHistory contract), and takes the
 * newest descriptive columns (which also fills in rows DriftHistory.record created from a bare change).
 */
const PG_UPSERT = `insert into drift_events (${COLUMNS})
  select * from unnest(${Array.from({ length: 16 }, (_, i) => `$${i + 1}::${i < PG_TEXT_COLUMNS ? 'text' : 'bigint'}[]`).join(', ')})
  on conflict (scope, fingerprint) do update set
    count = drift_events.count + excluded.count,
    last_seen = greatest(drift_events.last_seen, excluded.last_seen),
    level = case when ${RANK('excluded.level')} > ${RANK('drift_events.level')} then excluded.level else drift_events.level end,
    first_seen = least(drift_events.first_seen, excluded.first_seen),
    severity = excluded.severity, source = excluded.source, code = excluded.code,
    direction = excluded.direction, field = excluded.field, location = excluded.location
  returning scope, fingerprint, count`;

/**
 * PostgreSQL: one statement per 5,000 rows whose text never changes (the server plans it like any other)
 * instead of a 1,000-row VALUES list built by Kysely and bound as 16,000 parameters. Rows are
 * inserted in the array order, which is mergeByKey's sorted lock order.
 */
async function recordPostgres(
  ctx: SqlContext,
  chunk: readonly Merged[],
  rollup: Map<string, RollupCell>,
): Promise<number> {
  const cols: unknown[][] = Array.from({ length: 16 }, () => new Array(chunk.length));
  chunk.forEach((m, i) => {
    const row = rowValues(m);
    for (let c = 0; c < 16; c++) (cols[c] as unknown[])[i] = row[c];
  });
  const { rows } = await ctx.db.executeQuery<{ scope: string; fingerprint: string; count: number | string }>(
    CompiledQuery.raw(PG_UPSERT, cols),
  );
  return countNew(chunk, rows, rollup);
}

function countNew(
  chunk: readonly Merged[],
  rows: readonly { scope: string; fingerprint: string; count: unknown }[],
  rollup: Map<string, RollupCell>,
): number {
  // A row is new exactly when its stored count equals what this batch added (existing counts are >= 1;
  // a row DriftHistory.record created has count 0 and becomes new drift on its first observation).
  const added = new Map(chunk.map((m) => [`${m.e.scope}\u0000${m.e.fingerprint}`, m]));
  let inserted = 0;
  for (const r of rows) {
    const m = added.get(`${r.scope}\u0000${r.fingerprint}`);
    if (!m) continue;
    if (num(r.count) === m.count) {
      inserted++;
      addRollup(rollup, m.e, m.first, 1, 0);
    }
    // Observations of a batch are counted in the hour of its newest sighting.
    addRollup(rollup, m.e, m.last, 0, m.count);
  }
  return inserted;
}

const UPSERT_ROLLUP = `insert into drift_rollups (workspace_id, service, bucket, level, new_events, observations)
  values (?, ?, ?, ?, ?, ?) on conflict (workspace_id, service, bucket, level) do update
  set new_events = new_events + excluded.new_events, observations = observations + excluded.observations`;

const PG_UPSERT_ROLLUP = `insert into drift_rollups (workspace_id, service, bucket, level, new_events, observations)
  select * from unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::bigint[], $6::bigint[])
  on conflict (workspace_id, service, bucket, level) do update
  set new_events = drift_rollups.new_events + excluded.new_events,
    observations = drift_rollups.observations + excluded.observations`;

/** Sorted: a stable lock order between concurrent PostgreSQL transactions (harmless on SQLite). */
function rollupCells(rollup: Map<string, RollupCell>): RollupCell[] {
  return [...rollup.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

/** One upsert per (workspace, service, hour, level) for the whole call, not one per event. */
function applyRollupSqlite(sync: SyncSqlite, rollup: Map<string, RollupCell>) {
  const upsert = sync.prepare(UPSERT_ROLLUP);
  for (const v of rollupCells(rollup)) upsert.run(v.ws, v.service, v.bucket, v.level, v.n, v.obs);
}

async function applyRollupPostgres(ctx: SqlContext, rollup: Map<string, RollupCell>) {
  const cells = rollupCells(rollup);
  if (cells.length === 0) return;
  await ctx.db.executeQuery(
    CompiledQuery.raw(PG_UPSERT_ROLLUP, [
      cells.map((v) => v.ws),
      cells.map((v) => v.service),
      cells.map((v) => v.bucket),
      cells.map((v) => v.level),
      cells.map((v) => v.n),
      cells.map((v) => v.obs),
    ]),
  );
}

interface RollupCell {
  readonly ws: string;
  readonly service: string;
  readonly bucket: number;
  readonly level: string;
  n: number;
  obs: number;
}

function addRollup(cells: Map<string, RollupCell>, e: DriftEventInput, at: number, n: number, obs: number) {
  const bucket = at - (at % HOUR_MS);
  const key = `${e.workspace_id}\u0000${e.service}\u0000${bucket}\u0000${e.level}`;
  const cell = cells.get(key) ?? {
    ws: e.workspace_id,
    service: e.service,
    bucket,
    level: e.level,
    n: 0,
    obs: 0,
  };
  cell.n += n;
  cell.obs += obs;
  cells.set(key, cell);
}

function driftEventFromRow(r: DriftEventsTable): DriftEvent {
  return {
    workspace_id: r.workspace_id,
    service: r.service,
    scope: r.scope,
    fingerprint: r.fingerprint,
    source: r.source as FindingSource,
    level: r.level as Level,
    severity: r.severity as Severity,
    code: r.code,
    direction: r.direction as Direction | null,
    field: r.field,
    method: r.method,
    path: r.path,
    location: r.location,
    first_seen: toIso(r.first_seen),
    last_seen: toIso(r.last_seen),
    count: num(r.count),
  };
}

export function sqlEvaluationStore(root: SqlContext): EvaluationStore {
  return {
    async record(e) {
      const id = root.newId();
      await root.db
        .insertInto('evaluations')
        .values({
          id,
          workspace_id: e.workspace_id,
          service: e.service,
          scope_kind: e.scope_kind,
          scope_key: e.scope_key,
          method: e.method,
          path: e.path,
          budget_id: e.budget_id,
          at: toMs(e.at),
          exceeded: e.exceeded ? 1 : 0,
          should_create_incident: e.should_create_incident ? 1 : 0,
          incident_type: e.incident_type,
          severity: e.severity,
          breaking: e.counts.breaking,
          potentially_breaking: e.counts.potentially_breaking,
          non_breaking: e.counts.non_breaking,
          churn_percent: e.churn_percent,
          consumption_percent: e.consumption_percent,
          result: toJson(e.result),
        })
        .execute();
      return { id };
    },
  };
}
