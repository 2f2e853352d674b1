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
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import type { Store } from '../../../ports/store.js';
import { migrate } from '../sql/migrate.js';
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
] as const;

/** Opens (creating the directory and file) and migrates the SQLite store at `file` (`:memory:` works too). */
export async function openSqliteStore(file: string, now: number = Date.now()): Promise<Store> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new BetterSqlite3(file);
  for (const p of SQLITE_PRAGMAS) database.pragma(p);
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database }) });
  try {
    await migrate(db, 'sqlite', now);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  return sqlStore(db, 'sqlite', () => db.destroy());
}
