// The LeaseStore port over the `leases` table (migration 1), on its own connection to the store's database
// (same url rules as openStore). Taking a lease is one upsert that only wins when the row is free, expired
// or ours, so two instances never both hold it. SQLite: no synchronous busy wait (see outbox-open.ts),
// SQLITE_BUSY is retried asynchronously.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { LeaseStore } from '../../../ports/lease-store.js';
import { describeStoreUrl, type OpenStoreOptions } from '../open-store.js';
import { openPostgresStore } from '../postgres/open.js';
import { migrateSqlite, retryBusy, SQLITE_PRAGMAS } from '../sqlite/open.js';

interface LeaseDatabase {
  leases: { name: string; holder: string; until: number };
}

export function sqlLeaseStore(
  db: Kysely<LeaseDatabase>,
  retry: <T>(fn: () => Promise<T>) => Promise<T>,
): LeaseStore {
  const take = (name: string, holder: string, nowMs: number, ttlMs: number, onlyOurs: boolean) =>
    retry(async () => {
      const row = await db
        .insertInto('leases')
        .values({ name, holder, until: nowMs + ttlMs })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet((eb) => ({ holder: eb.ref('excluded.holder'), until: eb.ref('excluded.until') }))
            .where((eb) =>
              onlyOurs
                ? eb('leases.holder', '=', holder)
                : eb.or([eb('leases.until', '<=', nowMs), eb('leases.holder', '=', holder)]),
            ),
        )
        .returning('holder')
        .executeTakeFirst();
      return row?.holder === holder;
    });
  return {
    acquire: (name, holder, nowMs, ttlMs) => take(name, holder, nowMs, ttlMs, false),
    renew: (name, holder, nowMs, ttlMs) => take(name, holder, nowMs, ttlMs, true),
    async release(name, holder) {
      await retry(() =>
        db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute(),
      );
    },
    async get(name) {
      const row = await retry(() =>
        db.selectFrom('leases').select(['holder', 'until']).where('name', '=', name).executeTakeFirst(),
      );
      return row ? { holder: row.holder, until: Number(row.until) } : null;
    },
    close: () => db.destroy(),
  };
}

export async function openLeaseStore(options: OpenStoreOptions): Promise<LeaseStore> {
  const { kind, target } = describeStoreUrl(options);
  if (kind === 'sqlite') {
    if (target !== ':memory:') mkdirSync(dirname(target), { recursive: true });
    const database = new BetterSqlite3(target);
    for (const p of SQLITE_PRAGMAS) database.pragma(p);
    migrateSqlite(database, Date.now());
    database.pragma('busy_timeout = 0');
    return sqlLeaseStore(new Kysely<LeaseDatabase>({ dialect: new SqliteDialect({ database }) }), retryBusy);
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
    max: 2,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === 20 || oid === 1700
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
    },
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  return sqlLeaseStore(new Kysely<LeaseDatabase>({ dialect: new PostgresDialect({ pool }) }), (fn) => fn());
}
