// Outbox and delivery log over Kysely. Rows are leased (locked_by/locked_until) so several notifier
// instances never deliver the same row at once; PostgreSQL claims with FOR UPDATE SKIP LOCKED.
import type { Selectable } from 'kysely';
import type {
  DeliveryAttempt,
  NotificationEvent,
  OutboxRow,
  OutboxStatus,
  OutboxStore,
} from '../../../ports/outbox-store.js';
import {
  fromJson,
  inTransaction,
  num,
  orderedId,
  type SqlContext,
  toIso,
  toIsoOrNull,
  toJson,
  toMs,
} from './context.js';
import type { OutboxDeliveriesTable, OutboxTable } from './schema.js';

function outboxFromRow(r: Selectable<OutboxTable>): OutboxRow {
  return {
    id: r.id,
    event_id: r.event_id,
    event_type: r.event_type as NotificationEvent,
    payload: fromJson(r.payload),
    target: r.target,
    status: r.status as OutboxStatus,
    attempts: num(r.attempts),
    next_attempt_at: toIso(r.next_attempt_at),
    locked_by: r.locked_by,
    locked_until: toIsoOrNull(r.locked_until),
    last_error: r.last_error,
    created_at: toIso(r.created_at),
    updated_at: toIso(r.updated_at),
    delivered_at: toIsoOrNull(r.delivered_at),
    ordering_key: r.ordering_key,
  };
}

function attemptFromRow(r: Selectable<OutboxDeliveriesTable>): DeliveryAttempt {
  return {
    outbox_id: r.outbox_id,
    attempt: num(r.attempt),
    at: toIso(r.at),
    status_code: r.status_code,
    duration_ms: num(r.duration_ms),
    error: r.error,
  };
}

export function sqlOutboxStore(root: SqlContext): OutboxStore {
  return {
    async enqueue(rows) {
      if (rows.length === 0) return 0;
      const result = await root.db
        .insertInto('outbox')
        .values(
          rows.map((r) => ({
            id: orderedId(),
            event_id: r.event_id,
            event_type: r.event_type,
            payload: toJson(r.payload),
            target: r.target,
            status: 'pending',
            attempts: 0,
            next_attempt_at: toMs(r.at),
            locked_by: null,
            locked_until: null,
            last_error: null,
            created_at: toMs(r.at),
            updated_at: toMs(r.at),
            delivered_at: null,
            ordering_key: r.ordering_key ?? null,
          })),
        )
        .onConflict((oc) => oc.columns(['event_id', 'target']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n);
    },
    claimDue: ({ workerId, now, leaseMs, limit }) =>
      inTransaction(root, async (ctx) => {
        const at = toMs(now);
        let due = ctx.db
          .selectFrom('outbox')
          .select('id')
          .where('status', '=', 'pending')
          .where('next_attempt_at', '<=', at)
          .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
          .orderBy('next_attempt_at')
          .orderBy('created_at')
          .orderBy('id')
          .limit(limit);
        if (ctx.dialect === 'postgres') due = due.forUpdate().skipLocked();
        const ids = (await due.execute()).map((r) => r.id);
        if (ids.length === 0) return [];
        const rows = await ctx.db
          .updateTable('outbox')
          .set({ locked_by: workerId, locked_until: at + leaseMs, updated_at: at })
          .where('id', 'in', ids)
          .returningAll()
          .execute();
        return rows
          .map(outboxFromRow)
          .sort(
            (a, b) =>
              a.next_attempt_at.localeCompare(b.next_attempt_at) ||
              a.created_at.localeCompare(b.created_at) ||
              (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
          );
      }),
    complete: (attempt, outcome) =>
      inTransaction(root, async (ctx) => {
        const at = toMs(attempt.at);
        await ctx.db
          .insertInto('outbox_deliveries')
          .values({
            id: ctx.newId(),
            outbox_id: attempt.outbox_id,
            attempt: attempt.attempt,
            at,
            status_code: attempt.status_code,
            duration_ms: attempt.duration_ms,
            error: attempt.error,
          })
          .execute();
        await ctx.db
          .updateTable('outbox')
          .set({
            attempts: attempt.attempt,
            status: outcome.delivered ? 'delivered' : outcome.nextAttemptAt === null ? 'dead' : 'pending',
            next_attempt_at:
              !outcome.delivered && outcome.nextAttemptAt !== null ? toMs(outcome.nextAttemptAt) : at,
            last_error: attempt.error,
            locked_by: null,
            locked_until: null,
            updated_at: at,
            delivered_at: outcome.delivered ? at : null,
          })
          .where('id', '=', attempt.outbox_id)
          .execute();
      }),
    async list(filter = {}) {
      let q = root.db.selectFrom('outbox').selectAll();
      if (filter.status !== undefined) q = q.where('status', '=', filter.status);
      if (filter.event_type !== undefined) q = q.where('event_type', '=', filter.event_type);
      return (await q.orderBy('created_at').orderBy('id').execute()).map(outboxFromRow);
    },
    async attempts(outboxId) {
      const rows = await root.db
        .selectFrom('outbox_deliveries')
        .selectAll()
        .where('outbox_id', '=', outboxId)
        .orderBy('attempt')
        .execute();
      return rows.map(attemptFromRow);
    },
  };
}
