// The notification outbox's delivery side over Kysely (ports/outbox.ts), on SQLite and PostgreSQL alike.
// Claims lease rows (locked_by/locked_until) with one UPDATE ... WHERE id IN (SELECT ...) RETURNING: on
// PostgreSQL the inner select takes FOR UPDATE SKIP LOCKED, on SQLite the statement runs under the single
// write lock. Every later write is fenced by the lease holder, so a worker whose lease expired cannot
// overwrite its successor's result.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { NotificationEventType } from '../../core/notifications/events.js';
import {
  ANY_TARGET,
  type DeliveryAttemptRecord,
  type DeliveryStatus,
  type NotificationOutbox,
  type OutboxDelivery,
} from '../../ports/outbox.js';
import type { SqlDialectName } from './sql/migrate.js';
import type { Database, OutboxTable } from './sql/schema.js';

/** The outbox table as migration 3 leaves it. */
export interface DeliveryOutboxTable extends OutboxTable {
  ordering_key: string | null;
}

export type DeliveryDatabase = Omit<Database, 'outbox'> & { outbox: DeliveryOutboxTable };

const iso = (ms: number | string) => new Date(Number(ms)).toISOString();
const isoOrNull = (ms: number | string | null) => (ms === null ? null : iso(ms));
const ms = (at: string) => {
  const v = Date.parse(at);
  if (Number.isNaN(v)) throw new TypeError(`not an ISO-8601 time: ${at}`);
  return v;
};

function fromRow(r: Selectable<DeliveryOutboxTable>): OutboxDelivery {
  return {
    id: r.id,
    event_id: r.event_id,
    event_type: r.event_type as NotificationEventType,
    payload: JSON.parse(r.payload) as unknown,
    target: r.target,
    status: r.status as DeliveryStatus,
    attempts: Number(r.attempts),
    next_attempt_at: iso(r.next_attempt_at),
    locked_by: r.locked_by,
    locked_until: isoOrNull(r.locked_until),
    last_error: r.last_error,
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
    delivered_at: isoOrNull(r.delivered_at),
    ordering_key: r.ordering_key ?? null,
  };
}

/**
 * Events written in one transaction share created_at (record-drift writes incident.created and
 * budget.exceeded together): the creation goes first, so a Jira target files the issue before anything
 * tries to comment on it.
 */
function rank(alias: 'o' | 'p') {
  return sql<number>`case when ${sql.ref(`${alias}.event_type`)} = 'incident.created' then 0 else 1 end`;
}

/**
 * A child's id keeps its parent's first 19 characters (a UUIDv7's timestamp and counter, see the store's
 * orderedId) and takes the rest from a fresh id: children sort like the events they came from.
 */
function childId(parentId: string, fresh: string): string {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/.test(parentId)
    ? `${parentId.slice(0, 19)}${fresh.slice(19)}`
    : fresh;
}

function encodeCursor(createdAt: number, id: string): string {
  return Buffer.from(`${createdAt}:${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: number; id: string } {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const i = text.indexOf(':');
  const createdAt = Number(text.slice(0, i));
  if (i < 1 || !Number.isFinite(createdAt)) throw new TypeError('invalid cursor');
  return { createdAt, id: text.slice(i + 1) };
}

export interface SqlNotificationOutboxOptions {
  readonly db: Kysely<Database> | Kysely<DeliveryDatabase>;
  readonly dialect: SqlDialectName;
  readonly newId: () => string;
  /** Called by `close()` (the opener's teardown); default: nothing (a shared handle). */
  readonly onClose?: () => Promise<void>;
  /** Wraps every statement: SQLite retries SQLITE_BUSY asynchronously here (see outbox-open.ts). */
  readonly onBusy?: <T>(fn: () => Promise<T>) => Promise<T>;
}

export function sqlNotificationOutbox(options: SqlNotificationOutboxOptions): NotificationOutbox {
  const db = options.db as unknown as Kysely<DeliveryDatabase>;
  const { dialect, newId } = options;

  // Every write is ONE statement (autocommit): nothing holds SQLite's write lock across an await, so this
  // handle can live next to the store's handle in one process, and PostgreSQL needs no explicit transaction.
  const retry = options.onBusy ?? (<T>(fn: () => Promise<T>) => fn());

  return {
    claim: ({ workerId, now, leaseMs, limit }) =>
      retry(async () => {
        const at = ms(now);
        const rows = await db
          .updateTable('outbox')
          .set({ locked_by: workerId, locked_until: at + leaseMs, updated_at: at })
          .where('id', 'in', (eb) => {
            let due = eb
              .selectFrom('outbox as o')
              .select('o.id')
              .where('o.status', '=', 'pending')
              .where('o.next_attempt_at', '<=', at)
              .where((w) => w.or([w('o.locked_until', 'is', null), w('o.locked_until', '<=', at)]))
              // Per (target, incident) FIFO: an older pending row (even one leased right now) goes first.
              .where(({ not, exists, selectFrom }) =>
                not(
                  exists(
                    selectFrom('outbox as p')
                      .select(sql<number>`1`.as('one'))
                      .whereRef('p.target', '=', 'o.target')
                      .whereRef('p.ordering_key', '=', 'o.ordering_key')
                      .where('p.status', '=', 'pending')
                      .where((w) =>
                        w.or([
                          w('p.created_at', '<', w.ref('o.created_at')),
                          w.and([
                            w('p.created_at', '=', w.ref('o.created_at')),
                            w(rank('p'), '<', rank('o')),
                          ]),
                          w.and([
                            w('p.created_at', '=', w.ref('o.created_at')),
                            w(rank('p'), '=', rank('o')),
                            w('p.id', '<', w.ref('o.id')),
                          ]),
                        ]),
                      ),
                  ),
                ),
              )
              // next_attempt_at alone: the (status, next_attempt_at) index yields rows in order and the LIMIT
              // stops the scan early; a second sort key would sort every due row on each claim.
              .orderBy('o.next_attempt_at')
              .limit(limit);
            if (dialect === 'postgres') due = due.forUpdate().skipLocked();
            return due;
          })
          .returningAll()
          .execute();
        return rows
          .map(fromRow)
          .sort((a, b) => a.next_attempt_at.localeCompare(b.next_attempt_at) || a.id.localeCompare(b.id));
      }),

    async fanOut(row, children, workerId, now) {
      const at = ms(now);
      // Children first, idempotent on (event_id, target): a crash or a lost lease in between leaves the
      // parent pending, and whoever fans it out again inserts nothing twice.
      if (children.length > 0) {
        await retry(() =>
          db
            .insertInto('outbox')
            .values(
              children.map((c) => ({
                id: childId(row.id, newId()),
                event_id: row.event_id,
                event_type: row.event_type,
                payload: JSON.stringify(row.payload),
                target: c.target,
                status: 'pending',
                attempts: 0,
                next_attempt_at: at,
                locked_by: null,
                locked_until: null,
                last_error: null,
                created_at: ms(row.created_at),
                updated_at: at,
                delivered_at: null,
                ordering_key: c.ordering_key,
              })),
            )
            .onConflict((oc) => oc.columns(['event_id', 'target']).doNothing())
            .execute(),
        );
      }
      const done = await retry(() =>
        db
          .updateTable('outbox')
          .set({ status: 'delivered', delivered_at: at, locked_by: null, locked_until: null, updated_at: at })
          .where('id', '=', row.id)
          .where('locked_by', '=', workerId)
          .where('status', '=', 'pending')
          .executeTakeFirst(),
      );
      return Number(done.numUpdatedRows) > 0;
    },

    async recordAttempt(attempt, outcome, workerId) {
      const at = ms(attempt.at);
      // The log numbers attempts across redeliveries (outbox.attempts counts the current round); only
      // the lease holder logs, and the number is computed in the same statement.
      await retry(() =>
        db
          .insertInto('outbox_deliveries')
          .values({
            id: newId(),
            outbox_id: attempt.delivery_id,
            attempt: sql<number>`(select coalesce(max(d.attempt), 0) + 1 from outbox_deliveries d where d.outbox_id = ${attempt.delivery_id})`,
            at,
            status_code: attempt.status_code,
            duration_ms: attempt.duration_ms,
            error: attempt.error,
          })
          .execute(),
      );
      const status = outcome.delivered ? 'delivered' : outcome.nextAttemptAt === null ? 'dead' : 'pending';
      const updated = await retry(() =>
        db
          .updateTable('outbox')
          .set({
            attempts: attempt.attempt,
            status,
            next_attempt_at:
              !outcome.delivered && outcome.nextAttemptAt !== null ? ms(outcome.nextAttemptAt) : at,
            last_error: attempt.error,
            locked_by: null,
            locked_until: null,
            updated_at: at,
            delivered_at: outcome.delivered ? at : null,
          })
          .where('id', '=', attempt.delivery_id)
          .where('locked_by', '=', workerId)
          .executeTakeFirst(),
      );
      return Number(updated.numUpdatedRows) > 0;
    },

    async get(id) {
      const row = await retry(() =>
        db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst(),
      );
      return row ? fromRow(row) : undefined;
    },

    async list(filter, page) {
      let q = db.selectFrom('outbox').selectAll().where('target', '<>', ANY_TARGET);
      if (filter.status !== undefined) q = q.where('status', '=', filter.status);
      if (filter.event_type !== undefined) q = q.where('event_type', '=', filter.event_type);
      if (filter.target !== undefined) q = q.where('target', '=', filter.target);
      if (filter.event_id !== undefined) q = q.where('event_id', '=', filter.event_id);
      if (page.cursor !== undefined) {
        const c = decodeCursor(page.cursor);
        q = q.where((eb) =>
          eb.or([
            eb('created_at', '<', c.createdAt),
            eb.and([eb('created_at', '=', c.createdAt), eb('id', '<', c.id)]),
          ]),
        );
      }
      const rows = await retry(() =>
        q
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(page.limit + 1)
          .execute(),
      );
      const items = rows.slice(0, page.limit);
      const last = items[items.length - 1];
      return {
        items: items.map(fromRow),
        next_cursor: rows.length > page.limit && last ? encodeCursor(Number(last.created_at), last.id) : null,
      };
    },

    async attempts(deliveryId) {
      const rows = await retry(() =>
        db
          .selectFrom('outbox_deliveries')
          .selectAll()
          .where('outbox_id', '=', deliveryId)
          .orderBy('attempt')
          .execute(),
      );
      return rows.map(
        (r): DeliveryAttemptRecord => ({
          delivery_id: r.outbox_id,
          attempt: Number(r.attempt),
          at: iso(r.at),
          status_code: r.status_code === null ? null : Number(r.status_code),
          duration_ms: Number(r.duration_ms),
          error: r.error,
        }),
      );
    },

    async redeliver(id, now) {
      const at = ms(now);
      const r = await retry(() =>
        db
          .updateTable('outbox')
          .set({
            status: 'pending',
            attempts: 0,
            next_attempt_at: at,
            locked_by: null,
            locked_until: null,
            delivered_at: null,
            updated_at: at,
          })
          .where('id', '=', id)
          .where('target', '<>', ANY_TARGET)
          .where('status', 'in', ['delivered', 'dead'])
          .executeTakeFirst(),
      );
      return Number(r.numUpdatedRows) > 0;
    },

    close: () => options.onClose?.() ?? Promise.resolve(),
  };
}
