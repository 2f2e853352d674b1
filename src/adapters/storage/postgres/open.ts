// PostgreSQL for several instances: a pg Pool through Kysely. BIGINT/NUMERIC come back as JS numbers
// (epoch ms and counts fit in 2^53). An optional schema isolates a deployment (or a test file).
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Store } from '../../../ports/store.js';
import { migrate } from '../sql/migrate.js';
import type { Database } from '../sql/schema.js';
import { sqlStore } from '../sql/store.js';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID || oid === NUMERIC_OID
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

export interface PostgresStoreOptions {
  readonly url: string;
  /** Schema to create (if absent) and use as search_path. */
  readonly schema?: string;
  readonly poolSize?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openPostgresStore(
  options: PostgresStoreOptions,
  now: number = Date.now(),
): Promise<Store> {
  const { url, schema } = options;
  if (schema !== undefined) {
    if (!SCHEMA_NAME.test(schema)) throw new TypeError(`invalid PostgreSQL schema name: ${schema}`);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`create schema if not exists ${schema}`);
    } catch (e) {
      // Two processes creating the same schema at once: the loser sees a duplicate; the schema exists.
      if (!(e instanceof Error && 'code' in e && (e.code === '23505' || e.code === '42P06'))) throw e;
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrate(db, 'postgres', now);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  return sqlStore(db, 'postgres', () => db.destroy());
}

/** Drops a schema made by `openPostgresStore({ schema })` (tests, benchmarks). */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  if (!SCHEMA_NAME.test(schema)) throw new TypeError(`invalid PostgreSQL schema name: ${schema}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}
