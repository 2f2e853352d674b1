// Opens the notification outbox on its own connection to the store's database (same url rules as
// openStore: postgres:// or a SQLite file), migrated. A worker process needs only this and the incident
// store. Safe next to the store's own handle in one process (see retryBusy).
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { NotificationOutbox } from '../../ports/outbox.js';
import { describeStoreUrl, type OpenStoreOptions } from './open-store.js';
import { type DeliveryDatabase, sqlNotificationOutbox } from './outbox-delivery.js';
import { openPostgresStore } from './postgres/open.js';
import { migrateSqlite, retryBusy, SQLITE_PRAGMAS } from './sqlite/open.js';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

export async function openNotificationOutbox(
  options: OpenStoreOptions & { readonly poolSize?: number },
): Promise<NotificationOutbox> {
  const { kind, target } = describeStoreUrl(options);
  if (kind === 'sqlite') {
    if (target !== ':memory:') mkdirSync(dirname(target), { recursive: true });
    const database = new BetterSqlite3(target);
    for (const p of SQLITE_PRAGMAS) database.pragma(p);
    migrateSqlite(database, Date.now());
    database.pragma('busy_timeout = 5');
    const db = new Kysely<DeliveryDatabase>({ dialect: new SqliteDialect({ database }) });
    return sqlNotificationOutbox({
      db,
      dialect: 'sqlite',
      newId: randomUUID,
      onBusy: retryBusy,
      onClose: () => db.destroy(),
    });
  }
  // Creates the schema and applies the migrations exactly as the store does, then closes that handle.
  const store = await openPostgresStore({
    url: target,
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    poolSize: 1,
  });
  await store.close();
  const pool = new pg.Pool({
    connectionString: target,
    max: options.poolSize ?? 4,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID || oid === NUMERIC_OID
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
    },
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  const db = new Kysely<DeliveryDatabase>({ dialect: new PostgresDialect({ pool }) });
  return sqlNotificationOutbox({ db, dialect: 'postgres', newId: randomUUID, onClose: () => db.destroy() });
}
