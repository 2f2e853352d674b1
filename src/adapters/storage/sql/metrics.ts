// Metrics time series: hour/day UTC buckets of new drift events and observations per level (from the
// hourly rollup), incidents opened/resolved, and per-scope budget consumption/churn (from evaluations).
import { sql } from 'kysely';
import { DriftgateError } from '../../../core/errors.js';
import { LEVELS, type Level } from '../../../core/findings.js';
import type {
  MetricsPoint,
  MetricsQuery,
  MetricsStore,
  ScopeMetricsPoint,
} from '../../../ports/drift-event-store.js';
import { num, queryTime, type SqlContext, toIso } from './context.js';
import { HOUR_MS } from './drift-events.js';

const BUCKET_MS = { hour: HOUR_MS, day: 24 * HOUR_MS } as const;
/** A guard against asking for millions of zero-filled points, not a cap on data. */
const MAX_POINTS = 24 * 400;

export function sqlMetricsStore(ctx: SqlContext): MetricsStore {
  return {
    async series(q: MetricsQuery) {
      const size = BUCKET_MS[q.bucket];
      const since = queryTime(q.since, 'since') - (queryTime(q.since, 'since') % size);
      const until = queryTime(q.until, 'until');
      if (until <= since || (until - since) / size > MAX_POINTS) {
        throw new DriftgateError(
          'request.invalid',
          `metrics range must be non-empty and at most ${MAX_POINTS} ${q.bucket} buckets`,
          { pointer: 'since' },
        );
      }
      const b = sql.lit(size);
      let drift = ctx.db
        .selectFrom('drift_rollups')
        .select([
          sql<number>`bucket - bucket % ${b}`.as('t'),
          'level',
          (eb) => eb.fn.sum<number>('new_events').as('n'),
          (eb) => eb.fn.sum<number>('observations').as('obs'),
        ])
        .where('bucket', '>=', since)
        .where('bucket', '<', until);
      if (q.workspace_id !== undefined) drift = drift.where('workspace_id', '=', q.workspace_id);
      if (q.service !== undefined) drift = drift.where('service', '=', q.service);

      const incidentsBy = (col: 'created_at' | 'resolved_at') => {
        let iq = ctx.db
          .selectFrom('incidents')
          .select([
            sql<number>`${sql.ref(col)} - ${sql.ref(col)} % ${b}`.as('t'),
            (eb) => eb.fn.countAll().as('n'),
          ])
          .where(col, '>=', since)
          .where(col, '<', until);
        if (q.workspace_id !== undefined) iq = iq.where('workspace_id', '=', q.workspace_id);
        if (q.service !== undefined) iq = iq.where('service', '=', q.service);
        return iq.groupBy(sql`1`).execute();
      };

      let scopes = ctx.db
        .selectFrom('evaluations')
        .select([
          sql<number>`at - at % ${b}`.as('t'),
          'scope_kind',
          'scope_key',
          (eb) => eb.fn.max('consumption_percent').as('consumption'),
          (eb) => eb.fn.max('churn_percent').as('churn'),
          (eb) => eb.fn.countAll().as('n'),
        ])
        .where('at', '>=', since)
        .where('at', '<', until);
      if (q.workspace_id !== undefined) scopes = scopes.where('workspace_id', '=', q.workspace_id);
      if (q.service !== undefined) scopes = scopes.where('service', '=', q.service);

      const [driftRows, opened, resolved, scopeRows] = await Promise.all([
        drift.groupBy([sql`1`, 'level']).execute(),
        incidentsBy('created_at'),
        incidentsBy('resolved_at'),
        scopes
          .groupBy([sql`1`, 'scope_kind', 'scope_key'])
          .orderBy(sql`1`)
          .orderBy('scope_kind')
          .orderBy('scope_key')
          .execute(),
      ]);

      const points = new Map<
        number,
        { drift: Record<Level, number>; obs: Record<Level, number>; o: number; r: number }
      >();
      for (let t = since; t < until; t += size) {
        points.set(t, { drift: zero(), obs: zero(), o: 0, r: 0 });
      }
      for (const row of driftRows) {
        const p = points.get(num(row.t));
        if (p && (LEVELS as readonly string[]).includes(row.level)) {
          p.drift[row.level as Level] += num(row.n);
          p.obs[row.level as Level] += num(row.obs);
        }
      }
      for (const row of opened) {
        const p = points.get(num(row.t));
        if (p) p.o += num(row.n);
      }
      for (const row of resolved) {
        const p = points.get(num(row.t));
        if (p) p.r += num(row.n);
      }
      const out: MetricsPoint[] = [...points].map(([t, p]) => ({
        t: toIso(t),
        drift: p.drift,
        observations: p.obs,
        incidents_opened: p.o,
        incidents_resolved: p.r,
      }));
      const scopePoints: ScopeMetricsPoint[] = scopeRows.map((r) => ({
        t: toIso(num(r.t)),
        scope_kind: r.scope_kind,
        scope_key: r.scope_key,
        consumption_percent: r.consumption === null ? null : num(r.consumption),
        churn_percent: r.churn === null ? null : num(r.churn),
        evaluations: num(r.n),
      }));
      return { bucket: q.bucket, since: toIso(since), until: toIso(until), points: out, scopes: scopePoints };
    },
  };
}

function zero(): Record<Level, number> {
  return { breaking: 0, potentially_breaking: 0, non_breaking: 0 };
}
