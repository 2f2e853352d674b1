// Applies MIGRATIONS at open, safe when several processes start at once: everything runs in one write
// transaction that first takes the dialect's lock (PostgreSQL: a transaction-scoped advisory lock;
// SQLite runs the same list synchronously under BEGIN IMMEDIATE, see sqlite/open.ts), then re-reads the applied versions under that lock.
import { type Kysely, sql } from 'kysely';
import { MIGRATIONS, type Migration } from './migrations.js';
import type { Database } from './schema.js';

export type SqlDialectName = 'sqlite' | 'postgres';

/** Arbitrary constant: the advisory lock key every driftgate process uses for migrations. */
export const MIGRATION_LOCK_KEY = 724_815_001;

export async function migrate(
  db: Kysely<Database>,
  dialect: SqlDialectName,
  now: number,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  return db.transaction().execute(async (tx) => {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(tx);
    // Created under the lock: two PostgreSQL sessions racing on CREATE TABLE IF NOT EXISTS can collide.
    await sql`create table if not exists driftgate_migrations (
      version integer primary key, name text not null, applied_at bigint not null)`.execute(tx);
    const rows = await tx.selectFrom('driftgate_migrations').select('version').execute();
    const done = new Set(rows.map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      if (m.only === undefined || m.only === dialect) {
        for (const statement of m.statements) await sql.raw(statement).execute(tx);
      }
      await tx
        .insertInto('driftgate_migrations')
        .values({ version: m.version, name: m.name, applied_at: now })
        .execute();
      applied.push(m.version);
    }
    return applied;
  });
}
