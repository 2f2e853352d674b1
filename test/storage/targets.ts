// The adapters every storage test runs against: SQLite (a temp file) always, PostgreSQL when
// TEST_DATABASE_URL is set (each opened store in its own schema). Without it the PostgreSQL cases are
// skipped with a printed reason, unless DRIFTGATE_REQUIRE_PG=1 (CI), where they fail instead.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/adapters/storage/open-store.js';
import { dropPostgresSchema } from '../../src/adapters/storage/postgres/open.js';
import type { Store } from '../../src/ports/store.js';

export const PG_URL = process.env.TEST_DATABASE_URL ?? '';
export const REQUIRE_PG = process.env.DRIFTGATE_REQUIRE_PG === '1';

export interface StoreTarget {
  readonly name: 'sqlite' | 'postgres';
  /** Null when the target cannot run here (the reason is in `skipReason`). */
  readonly skipReason: string | null;
  /** A fresh, empty, migrated store location: call `open()` once or more (several processes/handles). */
  fresh(): Promise<StoreLocation>;
}

export interface StoreLocation {
  readonly url: string;
  readonly dataDir: string;
  readonly schema?: string;
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

const sqlite: StoreTarget = {
  name: 'sqlite',
  skipReason: null,
  async fresh() {
    const dataDir = mkdtempSync(join(tmpdir(), 'driftgate-store-'));
    return {
      url: '',
      dataDir,
      open: () => openStore({ dataDir }),
      async cleanup() {
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

const postgres: StoreTarget = {
  name: 'postgres',
  skipReason: PG_URL
    ? null
    : REQUIRE_PG
      ? null // fresh() throws: CI must not silently skip
      : 'TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)',
  async fresh() {
    if (!PG_URL) throw new Error('DRIFTGATE_REQUIRE_PG=1 but TEST_DATABASE_URL is not set');
    const schema = `t_${randomBytes(6).toString('hex')}`;
    return {
      url: PG_URL,
      dataDir: '',
      schema,
      open: () => openStore({ url: PG_URL, dataDir: '', schema }),
      cleanup: () => dropPostgresSchema(PG_URL, schema),
    };
  },
};

export const TARGETS: readonly StoreTarget[] = [sqlite, postgres];

for (const t of TARGETS) {
  if (t.skipReason) console.warn(`[storage tests] skipping ${t.name}: ${t.skipReason}`);
}
