// Drift events: one row per (scope, fingerprint), upserted in chunks; an hourly rollup per level
// (new distinct events, observations) is maintained in the same statement batch so metrics read a
// few thousand rollup rows instead of scanning a million events.

import { sql } from 'kysely';
import type { Direction, FindingSource, Level, Severity } from '../../../core/findings.js';
import type {
  DriftEvent,
  DriftEventInput,
  DriftEventQuery,
  DriftEventStore,
  EvaluationStore,
} from '../../../ports/drift-event-store.js';
import { inTransaction, num, type SqlContext, toIso, toJson, toMs } from './context.js';
import { levelRank } from './history.js';
import type { DriftEventsTable } from './schema.js';

/** 17 parameters per row; 1000 rows stay under SQLite's 32766 and PostgreSQL's 65535 bound parameters. */
const CHUNK = 1000;
export const HOUR_MS = 3_600_000;

export function sqlDriftEventStore(root: SqlContext): DriftEventStore {
  return {
    record: (events) =>
      inTransaction(root, async (ctx) => {
        let inserted = 0;
        let updated = 0;
        const merged = mergeByKey(events);
        for (let i = 0; i < merged.length; i += CHUNK) {
          const r = await recordChunk(ctx, merged.slice(i, i + CHUNK));
          inserted += r.inserted;
          updated += r.updated;
        }
        return { inserted, updated };
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

/** PostgreSQL refuses to upsert one row twice in a statement: fold duplicates of a batch first. */
function mergeByKey(events: readonly DriftEventInput[]): Merged[] {
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
  // A stable lock order: two concurrent batches touching the same rows in different orders would deadlock.
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, m]) => m);
}

async function recordChunk(ctx: SqlContext, chunk: readonly Merged[]) {
  const rows = await ctx.db
    .insertInto('drift_events')
    .values(
      chunk.map(({ e, first, last, count }) => ({
        workspace_id: e.workspace_id,
        service: e.service,
        scope: e.scope,
        fingerprint: e.fingerprint,
        source: e.source,
        level: e.level,
        severity: e.severity,
        code: e.code,
        direction: e.direction,
        field: e.field,
        method: e.method === null ? null : e.method.toUpperCase(),
        path: e.path,
        location: e.location,
        first_seen: first,
        last_seen: last,
        count,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['scope', 'fingerprint']).doUpdateSet((eb) => ({
        count: eb('drift_events.count', '+', eb.ref('excluded.count')),
        // max() is a scalar in SQLite but an aggregate in PostgreSQL; CASE is the same in both.
        last_seen: sql<number>`case when excluded.last_seen > drift_events.last_seen
          then excluded.last_seen else drift_events.last_seen end`,
        // Highest level wins (DriftHistory contract); the descriptive columns take the newest values, which
        // also fills in rows DriftHistory.record created from a bare HistoricChange.
        level: sql<string>`case when ${levelRank('excluded.level')} > ${levelRank('drift_events.level')}
          then excluded.level else drift_events.level end`,
        first_seen: sql<number>`case when excluded.first_seen < drift_events.first_seen
          then excluded.first_seen else drift_events.first_seen end`,
        severity: eb.ref('excluded.severity'),
        source: eb.ref('excluded.source'),
        code: eb.ref('excluded.code'),
        direction: eb.ref('excluded.direction'),
        field: eb.ref('excluded.field'),
        location: eb.ref('excluded.location'),
      })),
    )
    .returning(['scope', 'fingerprint', 'count'])
    .execute();
  // A row is new exactly when its stored count equals what this batch added (existing counts are >= 1).
  const added = new Map(chunk.map((m) => [`${m.e.scope}\u0000${m.e.fingerprint}`, m]));
  const rollup = new Map<string, RollupCell>();
  let inserted = 0;
  for (const r of rows) {
    const m = added.get(`${r.scope}\u0000${r.fingerprint}`);
    if (!m) continue;
    const isNew = num(r.count) === m.count;
    if (isNew) {
      inserted++;
      addRollup(rollup, m.e, m.first, 1, 0);
    }
    // Observations of a batch are counted in the hour of its newest sighting.
    addRollup(rollup, m.e, m.last, 0, m.count);
  }
  const values = [...rollup.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, v]) => ({
      workspace_id: v.ws,
      service: v.service,
      bucket: v.bucket,
      level: v.level,
      new_events: v.n,
      observations: v.obs,
    }));
  for (let i = 0; i < values.length; i += CHUNK) {
    await ctx.db
      .insertInto('drift_rollups')
      .values(values.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'service', 'bucket', 'level']).doUpdateSet((eb) => ({
          new_events: eb('drift_rollups.new_events', '+', eb.ref('excluded.new_events')),
          observations: eb('drift_rollups.observations', '+', eb.ref('excluded.observations')),
        })),
      )
      .execute();
  }
  return { inserted, updated: rows.length - inserted };
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
