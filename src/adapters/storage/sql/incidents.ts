// IncidentStore over Kysely. Dedup relies on the partial unique index incidents_live_fingerprint:
// INSERT .. ON CONFLICT DO NOTHING decides who creates; the loser updates the winner's row under a row
// lock (PostgreSQL FOR UPDATE; SQLite transactions are BEGIN IMMEDIATE, so already exclusive).
import { type ExpressionBuilder, type Selectable, sql } from 'kysely';
import { DriftgateError } from '../../../core/errors.js';
import type { Incident, TimelineEvent, TimelineKind } from '../../../core/incidents/incident.js';
import { LIVE_STATUSES } from '../../../core/incidents/incident.js';
import { transition as transitionOf } from '../../../core/incidents/lifecycle.js';
import { escalateType, maxSeverity } from '../../../core/incidents/occurrence.js';
import type {
  IncidentFilter,
  IncidentPage,
  IncidentStats,
  IncidentStore,
  IncidentUpdate,
  OccurrenceInput,
  OccurrenceResult,
} from '../../../ports/incident-store.js';
import { inTransaction, num, queryTime, type SqlContext, toJson, toMs } from './context.js';
import { decodeCursor, encodeCursor, incidentFromRow, timelineFromRow } from './incident-rows.js';
import type { Database, IncidentsTable } from './schema.js';

type IncidentRow = Selectable<IncidentsTable>;

export function sqlIncidentStore(root: SqlContext): IncidentStore {
  return {
    recordOccurrence: (input) => inTransaction(root, (ctx) => recordOccurrence(ctx, input)),
    async get(id) {
      const row = await root.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      const events = await root.db
        .selectFrom('incident_events')
        .selectAll()
        .where('incident_id', '=', id)
        .orderBy('seq')
        .execute();
      return { ...incidentFromRow(row), timeline: events.map(timelineFromRow) };
    },
    transition: (id, to, at, actor, note) =>
      inTransaction(root, async (ctx) => {
        const row = await lockIncident(ctx, id);
        const patch = transitionOf(incidentFromRow(row), to, at);
        const changed = await ctx.db
          .updateTable('incidents')
          .set({
            status: patch.status,
            updated_at: toMs(patch.updated_at),
            acknowledged_at: patch.acknowledged_at === null ? null : toMs(patch.acknowledged_at),
            resolved_at: patch.resolved_at === null ? null : toMs(patch.resolved_at),
            closed_at: patch.closed_at === null ? null : toMs(patch.closed_at),
            ended_at: to === 'resolved' || to === 'closed' ? toMs(at) : null,
          })
          .where('id', '=', id)
          .where('status', '=', row.status)
          .returningAll()
          .executeTakeFirst();
        if (!changed)
          throw new DriftgateError('store.conflict', `incident ${id} changed concurrently; retry`);
        await appendTimeline(ctx, id, patch.timelineKind, at, actor, {
          from: row.status,
          to,
          ...(note === undefined ? {} : { note }),
        });
        return incidentFromRow(changed);
      }),
    update: (id, patch, at, actor) => inTransaction(root, (ctx) => updateIncident(ctx, id, patch, at, actor)),
    appendTimeline: (incidentId, kind, at, actor, data) =>
      inTransaction(root, async (ctx) => {
        await lockIncident(ctx, incidentId);
        return appendTimeline(ctx, incidentId, kind, at, actor, data);
      }),
    list: (filter, page) => listIncidents(root, filter, page),
    stats: (filter) => incidentStats(root, filter),
  };
}

async function lockIncident(ctx: SqlContext, id: string): Promise<IncidentRow> {
  let q = ctx.db.selectFrom('incidents').selectAll().where('id', '=', id);
  if (ctx.dialect === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new DriftgateError('store.not_found', `no incident with id ${id}`);
  return row;
}

async function findLive(ctx: SqlContext, fingerprint: string): Promise<IncidentRow | undefined> {
  let q = ctx.db
    .selectFrom('incidents')
    .selectAll()
    .where('fingerprint', '=', fingerprint)
    .where('status', 'in', LIVE_STATUSES);
  if (ctx.dialect === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

async function recordOccurrence(ctx: SqlContext, input: OccurrenceInput): Promise<OccurrenceResult> {
  const at = toMs(input.at);
  let live = await findLive(ctx, input.fingerprint);
  if (!live) {
    const previous = await ctx.db
      .selectFrom('incidents')
      .select('id')
      .where('fingerprint', '=', input.fingerprint)
      .where('status', 'in', ['resolved', 'closed'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    const inserted = await ctx.db
      .insertInto('incidents')
      .values({
        id: ctx.newId(),
        fingerprint: input.fingerprint,
        workspace_id: input.workspace_id,
        service: input.service,
        endpoint: input.endpoint,
        method: input.method.toUpperCase(),
        incident_type: input.incident_type,
        severity: input.severity,
        status: 'open',
        details: toJson(input.details),
        budget_id: input.budget_id,
        sync_cycle_id: input.sync_cycle_id,
        contract_diff_id: input.contract_diff_id,
        before_sample: toJson(input.before_sample),
        after_sample: toJson(input.after_sample),
        external_ticket_id: null,
        external_ticket_url: null,
        created_at: at,
        updated_at: at,
        acknowledged_at: null,
        resolved_at: null,
        closed_at: null,
        ended_at: null,
        occurrences: input.occurrences,
        first_seen: at,
        last_seen: at,
        pr_url: null,
        regression_of: previous?.id ?? null,
      })
      .onConflict((oc) =>
        oc.column('fingerprint').where(sql<boolean>`status in ('open', 'acknowledged')`).doNothing(),
      )
      .returningAll()
      .executeTakeFirst();
    if (inserted) {
      await appendTimeline(ctx, inserted.id, 'created', input.at, input.actor, {
        incident_type: input.incident_type,
        severity: input.severity,
        occurrences: input.occurrences,
      });
      if (previous) {
        await appendTimeline(ctx, inserted.id, 'regression', input.at, input.actor, {
          regression_of: previous.id,
        });
      }
      return { incident: incidentFromRow(inserted), created: true, escalated: false };
    }
    // Lost the race: another transaction created the live incident first; join it.
    live = await findLive(ctx, input.fingerprint);
    if (!live)
      throw new DriftgateError('store.conflict', `incident ${input.fingerprint} changed concurrently; retry`);
  }
  const severity = maxSeverity(live.severity as Incident['severity'], input.severity);
  const type = escalateType(live.incident_type as Incident['incident_type'], input.incident_type);
  const escalated = severity !== live.severity || type !== live.incident_type;
  const updated = await ctx.db
    .updateTable('incidents')
    .set((eb) => ({
      occurrences: eb('occurrences', '+', input.occurrences),
      last_seen: Math.max(at, num(live.last_seen)),
      updated_at: at,
      severity,
      incident_type: type,
      before_sample: toJson(input.before_sample),
      after_sample: toJson(input.after_sample),
      details: toJson({ ...(JSON.parse(live.details) as object), ...input.details }),
      budget_id: input.budget_id ?? live.budget_id,
      sync_cycle_id: input.sync_cycle_id ?? live.sync_cycle_id,
      contract_diff_id: input.contract_diff_id ?? live.contract_diff_id,
    }))
    .where('id', '=', live.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendTimeline(ctx, live.id, 'occurrence', input.at, input.actor, {
    occurrences: input.occurrences,
    total: num(updated.occurrences),
  });
  if (escalated) {
    await appendTimeline(ctx, live.id, 'escalated', input.at, input.actor, {
      from: { severity: live.severity, incident_type: live.incident_type },
      to: { severity, incident_type: type },
    });
  }
  return { incident: incidentFromRow(updated), created: false, escalated };
}

async function appendTimeline(
  ctx: SqlContext,
  incidentId: string,
  kind: TimelineKind,
  at: string,
  actor: string,
  data: Readonly<Record<string, unknown>>,
): Promise<TimelineEvent> {
  // The incident row is locked by the caller (FOR UPDATE / BEGIN IMMEDIATE), so max(seq) + 1 is race-free.
  const last = await ctx.db
    .selectFrom('incident_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('incident_id', '=', incidentId)
    .executeTakeFirst();
  const seq = num(last?.seq ?? 0) + 1;
  const row = {
    id: ctx.newId(),
    incident_id: incidentId,
    seq,
    at: toMs(at),
    kind,
    actor,
    data: toJson(data),
  };
  await ctx.db.insertInto('incident_events').values(row).execute();
  return timelineFromRow(row);
}

async function updateIncident(
  ctx: SqlContext,
  id: string,
  patch: IncidentUpdate,
  at: string,
  actor: string,
): Promise<Incident> {
  const row = await lockIncident(ctx, id);
  const set: Partial<IncidentsTable> = { updated_at: toMs(at) };
  if (patch.external_ticket_id !== undefined) set.external_ticket_id = patch.external_ticket_id;
  if (patch.external_ticket_url !== undefined) set.external_ticket_url = patch.external_ticket_url;
  if (patch.pr_url !== undefined) set.pr_url = patch.pr_url;
  if (patch.details !== undefined) {
    set.details = toJson({ ...(JSON.parse(row.details) as object), ...patch.details });
  }
  const updated = await ctx.db
    .updateTable('incidents')
    .set(set)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const kind: TimelineKind =
    patch.pr_url !== undefined
      ? 'pr_linked'
      : patch.external_ticket_id !== undefined || patch.external_ticket_url !== undefined
        ? 'ticket_linked'
        : 'updated';
  await appendTimeline(ctx, id, kind, at, actor, { ...patch });
  return incidentFromRow(updated);
}

function applyFilter(eb: ExpressionBuilder<Database, 'incidents'>, f: IncidentFilter) {
  const conds = [];
  if (f.status?.length) conds.push(eb('status', 'in', f.status));
  if (f.severity?.length) conds.push(eb('severity', 'in', f.severity));
  if (f.incident_type?.length) conds.push(eb('incident_type', 'in', f.incident_type));
  if (f.endpoint !== undefined) conds.push(eb('endpoint', '=', f.endpoint));
  if (f.method !== undefined) conds.push(eb('method', '=', f.method.toUpperCase()));
  if (f.workspace_id !== undefined) conds.push(eb('workspace_id', '=', f.workspace_id));
  if (f.since !== undefined) conds.push(eb('created_at', '>=', queryTime(f.since, 'since')));
  if (f.until !== undefined) conds.push(eb('created_at', '<', queryTime(f.until, 'until')));
  return eb.and(conds);
}

async function listIncidents(
  ctx: SqlContext,
  filter: IncidentFilter,
  page: { readonly limit: number; readonly cursor?: string },
): Promise<IncidentPage> {
  if (!Number.isInteger(page.limit) || page.limit < 1) {
    throw new DriftgateError('request.invalid', `limit must be a positive integer, got ${page.limit}`, {
      pointer: 'limit',
    });
  }
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
  let q = ctx.db
    .selectFrom('incidents')
    .selectAll()
    .where((eb) => applyFilter(eb, filter));
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '<', after.createdAt),
        eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    q
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit + 1)
      .execute(),
    ctx.db
      .selectFrom('incidents')
      .select((eb) => eb.fn.countAll().as('n'))
      .where((eb) => applyFilter(eb, filter))
      .executeTakeFirstOrThrow(),
  ]);
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map(incidentFromRow),
    total: num(count.n),
    next_cursor:
      rows.length > page.limit && last
        ? encodeCursor({ createdAt: num(last.created_at), id: last.id })
        : null,
  };
}

async function incidentStats(ctx: SqlContext, filter: IncidentFilter): Promise<IncidentStats> {
  const base = () => ctx.db.selectFrom('incidents').where((eb) => applyFilter(eb, filter));
  const grouped = async (col: 'status' | 'severity' | 'incident_type') => {
    const rows = await base()
      .select([col, (eb) => eb.fn.countAll().as('n')])
      .groupBy(col)
      .execute();
    const out: Record<string, number> = {};
    for (const r of rows) out[String((r as Record<string, unknown>)[col])] = num(r.n);
    return out;
  };
  const [byStatus, bySeverity, byType, byEndpoint, byWorkspace, means] = await Promise.all([
    grouped('status'),
    grouped('severity'),
    grouped('incident_type'),
    base()
      .select(['method', 'endpoint', (eb) => eb.fn.countAll().as('n')])
      .groupBy(['method', 'endpoint'])
      .orderBy('n', 'desc')
      .orderBy('endpoint')
      .orderBy('method')
      .execute(),
    base()
      .select(['workspace_id', (eb) => eb.fn.countAll().as('n')])
      .groupBy('workspace_id')
      .orderBy('n', 'desc')
      .orderBy('workspace_id')
      .execute(),
    base()
      .select([
        sql<number | null>`avg(acknowledged_at - created_at)`.as('mtta'),
        sql<number | null>`avg(resolved_at - created_at)`.as('mttr'),
        (eb) => eb.fn.countAll().as('n'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  return {
    total: num(means.n),
    by_status: byStatus,
    by_severity: bySeverity,
    by_type: byType,
    by_endpoint: byEndpoint.map((r) => ({ method: r.method, endpoint: r.endpoint, count: num(r.n) })),
    by_workspace: byWorkspace.map((r) => ({ workspace_id: r.workspace_id, count: num(r.n) })),
    mean_time_to_acknowledge_ms: means.mtta === null ? null : Math.round(num(means.mtta)),
    mean_time_to_resolve_ms: means.mttr === null ? null : Math.round(num(means.mttr)),
  };
}
