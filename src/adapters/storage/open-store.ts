// The factory: postgres:// (or postgresql://) selects PostgreSQL; anything else is SQLite, by default
// the file driftgate.db under the data dir (INTERFACES.md: DRIFTGATE_DATA_DIR, DATABASE_URL).
import { join } from 'node:path';
import { DriftgateError } from '../../core/errors.js';
import type { Store } from '../../ports/store.js';
import { openPostgresStore } from './postgres/open.js';
import { openSqliteStore } from './sqlite/open.js';

export interface OpenStoreOptions {
  /** postgres://..., sqlite:PATH, file:PATH, :memory:, or absent for `<dataDir>/driftgate.db`. */
  readonly url?: string | undefined;
  readonly dataDir: string;
  /** PostgreSQL only: schema to create and use (isolates tests and benchmarks). */
  readonly schema?: string;
}

export const DEFAULT_SQLITE_FILE = 'driftgate.db';

export function describeStoreUrl(options: OpenStoreOptions): { kind: 'sqlite' | 'postgres'; target: string } {
  const url = options.url?.trim() ?? '';
  if (/^postgres(ql)?:\/\//i.test(url)) return { kind: 'postgres', target: url };
  if (url === '') return { kind: 'sqlite', target: join(options.dataDir, DEFAULT_SQLITE_FILE) };
  if (url === ':memory:') return { kind: 'sqlite', target: ':memory:' };
  const m = /^(?:sqlite|file):(?:\/\/)?(.+)$/i.exec(url);
  if (m?.[1]) return { kind: 'sqlite', target: m[1] };
  throw new DriftgateError(
    'config.invalid',
    `database url must be postgres://..., sqlite:PATH or empty (SQLite under the data dir), got ${JSON.stringify(url)}`,
    { pointer: 'storage.database_url' },
  );
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const { kind, target } = describeStoreUrl(options);
  if (kind === 'postgres') {
    return openPostgresStore({
      url: target,
      ...(options.schema === undefined ? {} : { schema: options.schema }),
    });
  }
  return openSqliteStore(target);
}
