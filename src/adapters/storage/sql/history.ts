// The DriftHistory port (src/ports/drift-history.ts, issue 4) over drift_events and field_snapshots.
// A change is a drift_events row keyed by (scope, fingerprint); `record` upserts keeping the earliest
// first_seen and the highest level, and adds no count (counts come from DriftEventStore.record), so a
// repeated run changes nothing. Rows it creates carry only what HistoricChange knows (code '' until a
// DriftEventStore.record for the same fingerprint fills them in).
import { sql } from 'kysely';
import type { DriftHistory } from '../../../ports/drift-history.js';
import { inTransaction, type SqlContext, toIso, toMs } from './context.js';

/** Level rank in SQL, matching LEVEL_RANK in core/findings.ts. */
export const levelRank = (ref: string) =>
  sql<number>`(case ${sql.ref(ref)} when 'breaking' then 2 when 'potentially_breaking' then 1 else 0 end)`;

export function splitOperation(operation: string | null): { method: string | null; path: string | null } {
  if (operation === null) return { method: null, path: null };
  const i = operation.indexOf(' ');
  return i < 0
    ? { method: operation.toUpperCase(), path: null }
    : { method: operation.slice(0, i).toUpperCase(), path: operation.slice(i + 1) };
}

function workspaceOfScope(scope: string): { workspace_id: string; service: string } {
  const i = scope.indexOf('/');
  return i < 0
    ? { workspace_id: scope, service: '' }
    : { workspace_id: scope.slice(0, i), service: scope.slice(i + 1) };
}

const CHUNK = 1000;

export function sqlDriftHistory(root: SqlContext): DriftHistory {
  return {
    async changes(q) {
      const { method, path } = splitOperation(q.operation);
      const since = toMs(q.since);
      const rows = await root.db
        .selectFrom('drift_events')
        .select(['fingerprint', 'level', 'field', 'first_seen'])
        .where('scope', '=', q.scope)
        .where((eb) => (method === null ? eb('method', 'is', null) : eb('method', '=', method)))
        .where((eb) => (path === null ? eb('path', 'is', null) : eb('path', '=', path)))
        .where((eb) =>
          q.fingerprints.length === 0
            ? eb('first_seen', '>=', since)
            : eb.or([eb('first_seen', '>=', since), eb('fingerprint', 'in', q.fingerprints)]),
        )
        .execute();
      return rows.map((r) => ({
        fingerprint: r.fingerprint,
        level: r.level as 'breaking' | 'potentially_breaking' | 'non_breaking',
        field: r.field,
        first_seen: toIso(r.first_seen),
      }));
    },
    async fieldBaseline(q) {
      const at = toMs(q.at);
      const base = () =>
        root.db
          .selectFrom('field_snapshots')
          .select('fields')
          .where('scope', '=', q.scope)
          .where('operation', '=', q.operation ?? '');
      const before = await base().where('at', '<=', at).orderBy('at', 'desc').limit(1).executeTakeFirst();
      if (before) return Number(before.fields);
      const after = await base().where('at', '>', at).orderBy('at', 'asc').limit(1).executeTakeFirst();
      return after ? Number(after.fields) : null;
    },
    record: (entry) =>
      inTransaction(root, async (ctx) => {
        const { method, path } = splitOperation(entry.operation);
        const { workspace_id, service } = workspaceOfScope(entry.scope);
        for (let i = 0; i < entry.changes.length; i += CHUNK) {
          const chunk = entry.changes.slice(i, i + CHUNK);
          await ctx.db
            .insertInto('drift_events')
            .values(
              chunk.map((c) => ({
                workspace_id,
                service,
                scope: entry.scope,
                fingerprint: c.fingerprint,
                source: 'spec',
                level: c.level,
                severity: 'info',
                code: '',
                direction: null,
                field: c.field,
                method,
                path,
                location: '',
                first_seen: toMs(c.first_seen),
                last_seen: toMs(c.first_seen),
                count: 0,
              })),
            )
            .onConflict((oc) =>
              oc.columns(['scope', 'fingerprint']).doUpdateSet({
                level: sql<string>`case when ${levelRank('excluded.level')} > ${levelRank('drift_events.level')}
                  then excluded.level else drift_events.level end`,
                first_seen: sql<number>`case when excluded.first_seen < drift_events.first_seen
                  then excluded.first_seen else drift_events.first_seen end`,
                field: sql<string | null>`coalesce(drift_events.field, excluded.field)`,
              }),
            )
            .execute();
        }
        if (entry.fields !== null) {
          await ctx.db
            .insertInto('field_snapshots')
            .values({
              scope: entry.scope,
              operation: entry.operation ?? '',
              at: toMs(entry.at),
              fields: entry.fields,
            })
            .onConflict((oc) => oc.columns(['scope', 'operation', 'at']).doNothing())
            .execute();
        }
      }),
  };
}
