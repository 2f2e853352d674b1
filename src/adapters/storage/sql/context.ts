// What every SQL sub-store shares: the Kysely handle (a transaction or the root), the dialect, id
// generation, and the codecs between the domain (ISO times, JSON values) and the rows (epoch ms, TEXT).
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { DriftgateError } from '../../../core/errors.js';
import type { SqlDialectName } from './migrate.js';
import type { Database } from './schema.js';

export interface SqlContext {
  readonly db: Kysely<Database>;
  readonly dialect: SqlDialectName;
  readonly newId: () => string;
  /**
   * SQLite only: the synchronous driver handle under Kysely, for hot batch paths that would otherwise
   * spend most of their time building queries. Only used inside a Kysely transaction callback, which
   * holds the single connection, so no other query can interleave with (or join) the raw statements.
   */
  readonly sync?: SyncSqlite | undefined;
}

/** The slice of better-sqlite3's Database the hot paths use (structurally; keeps sql/ driver-free). */
export interface SyncSqlite {
  prepare(sql: string): SyncStatement;
}

export interface SyncStatement {
  run(...params: unknown[]): { readonly changes: number };
  get(...params: unknown[]): unknown;
}

export function sqlContext(db: Kysely<Database>, dialect: SqlDialectName, sync?: SyncSqlite): SqlContext {
  return { db, dialect, newId: randomUUID, sync };
}

let lastMs = 0;
let counter = 0;

/**
 * A UUIDv7 (RFC 9562): 48-bit Unix ms, then a 12-bit counter that makes ids made in one process strictly
 * increasing even within one millisecond, then random bits. Used where insertion order matters (outbox:
 * the rows of one transaction must be delivered in the order they were enqueued).
 */
export function orderedId(now: number = Date.now()): string {
  if (now <= lastMs) {
    counter++;
    if (counter > 0xfff) {
      lastMs++;
      counter = 0;
    }
  } else {
    lastMs = now;
    counter = 0;
  }
  const b = randomBytes(16);
  b.writeUIntBE(lastMs, 0, 6);
  b[6] = 0x70 | (counter >> 8);
  b[7] = counter & 0xff;
  b[8] = 0x80 | ((b[8] ?? 0) & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Runs `fn` in the caller's transaction, or in a new one (retried on a PostgreSQL deadlock). */
export async function inTransaction<T>(ctx: SqlContext, fn: (ctx: SqlContext) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx);
  return retryTransient(() => ctx.db.transaction().execute((tx) => fn({ ...ctx, db: tx })));
}

/** deadlock_detected, serialization_failure: PostgreSQL aborted the transaction; running it again is safe. */
const TRANSIENT = new Set(['40P01', '40001']);

export async function retryTransient<T>(run: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (i >= attempts || typeof code !== 'string' || !TRANSIENT.has(code)) throw e;
      await new Promise((r) => setTimeout(r, 5 * i + Math.random() * 10 * i));
    }
  }
}

export function toMs(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new TypeError(`not an ISO-8601 time: ${iso}`);
  return ms;
}

/** A caller-supplied time (query filter): a bad one is a request error naming the parameter. */
export function queryTime(iso: string, pointer: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) {
    throw new DriftgateError(
      'request.invalid',
      `${pointer} must be an ISO-8601 time, got ${JSON.stringify(iso)}`,
      {
        pointer,
      },
    );
  }
  return ms;
}

export function toIso(ms: number): string {
  return new Date(Number(ms)).toISOString();
}

export function toIsoOrNull(ms: number | null): string | null {
  return ms === null ? null : toIso(ms);
}

export function toJson(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value);
}

export function fromJson<T = unknown>(text: string | null): T {
  return (text === null ? null : JSON.parse(text)) as T;
}

/** Rows sometimes come back as strings from aggregate functions; numbers everywhere in the domain. */
export function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v ?? 0);
}
