// The embedded default: one SQLite file (WAL) under the data dir, through better-sqlite3 and Kysely.
// Transactions start with BEGIN IMMEDIATE so a second process waits (busy_timeout) for the write lock
// up front instead of failing with SQLITE_BUSY when a deferred read transaction tries to upgrade.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import type { Store } from '../../../ports/store.js';
import { MIGRATIONS } from '../sql/migrations.js';
import type { Database } from '../sql/schema.js';
import { sqlStore } from '../sql/store.js';

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.#config);
  }
}

export const SQLITE_PRAGMAS = [
  'journal_mode = WAL',
  'synchronous = NORMAL',
  'busy_timeout = 10000',
  'foreign_keys = ON',
  'temp_store = MEMORY',
  'cache_size = -65536',
  'mmap_size = 268435456',
  // Checkpoint every ~160 MB of WAL instead of ~4 MB. Drift ingestion dirties the same index pages (the
  // tail of every (scope, method, path) run of drift_events_history) commit after commit; a checkpoint
  // writes each page once however often it changed, so a longer WAL means far fewer page copies and fsyncs
  // (measured: ~+20% events/s at 1M events vs 10000 pages). The WAL file can grow to that size on disk.
  'wal_autocheckpoint = 40000',
] as const;

/**
 * Kysely prepares every query anew; preparing a 1,000-row upsert costs milliseconds, so statements are
 * kept by SQL text (LRU). Safe because Kysely's SQLite driver runs one query at a time on its single
 * connection and never streams here.
 */
export function withStatementCache(database: BetterSqlite3.Database, max = 256): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = database.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}

/**
 * Applies MIGRATIONS synchronously in one BEGIN IMMEDIATE transaction: a second process (or a second
 * handle in this one) waits for the write lock, then sees the versions already applied. Synchronous so
 * that two handles in one process cannot interleave (better-sqlite3's busy wait blocks the thread).
 */
export function migrateSqlite(database: BetterSqlite3.Database, now: number): number[] {
  const apply = database.transaction(() => {
    database.exec(`create table if not exists driftgate_migrations (
      version integer primary key, name text not null, applied_at bigint not null)`);
    const done = new Set(
      (database.prepare('select version from driftgate_migrations').all() as { version: number }[]).map(
        (r) => r.version,
      ),
    );
    const applied: number[] = [];
    const record = database.prepare(
      'insert into driftgate_migrations (version, name, applied_at) values (?, ?, ?)',
    );
    for (const m of [...MIGRATIONS].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      if (m.only === undefined || m.only === 'sqlite') {
        for (const statement of m.statements) database.exec(statement);
      }
      record.run(m.version, m.name, now);
      applied.push(m.version);
    }
    return applied;
  });
  return apply.immediate();
}

/** Opens (creating the directory and file) and migrates the SQLite store at `file` (`:memory:` works too). */
export async function openSqliteStore(file: string, now: number = Date.now()): Promise<Store> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new BetterSqlite3(file);
  for (const p of SQLITE_PRAGMAS) database.pragma(p);
  try {
    migrateSqlite(database, now);
  } catch (e) {
    database.close();
    throw e;
  }
  const cached = withStatementCache(database);
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: cached }) });
  return sqlStore(
    db,
    'sqlite',
    async () => {
      // Lets SQLite refresh planner statistics where they drifted (sqlite.org/lang_analyze.html#autoanalyze).
      if (database.open) database.pragma('optimize');
      await db.destroy();
    },
    // Drift-event ingestion runs prepared statements on this handle inside Kysely's transaction.
    { prepare: (text) => cached.prepare(text) as BetterSqlite3.Statement },
  );
}

/**
 * SQLite: this handle waits at most 5 ms synchronously for the write lock (busy_timeout). better-sqlite3's
 * busy wait blocks the thread, so a long synchronous wait on a lock held by another handle of the same
 * process (the store's, across an await) could never end; a short one covers the common case of another
 * process's single statement. Beyond it, SQLITE_BUSY is retried asynchronously.
 */
export async function retryBusy<T>(fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (let wait = 1; ; wait = Math.min(wait * 2, 20)) {
    try {
      return await fn();
    } catch (e) {
      const code = (e as { code?: string }).code;
      if ((code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED') || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, wait + Math.random() * wait));
    }
  }
}
