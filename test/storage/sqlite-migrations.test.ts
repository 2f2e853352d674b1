// SQLite-only migrations keep the data they move: a store created before migration 6 (drift_rollups
// rebuilt WITHOUT ROWID) serves the same metrics after it, and PostgreSQL's record of 6 is a no-op.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/adapters/storage/sql/migrations.js';
import { openSqliteStore } from '../../src/adapters/storage/sqlite/open.js';
import { at, DAY, HOUR } from './fixtures.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('sqlite migrations', () => {
  it('moves drift rollups written before migration 6 into the rebuilt table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'driftgate-migrate-'));
    dirs.push(dir);
    const file = join(dir, 'driftgate.db');
    const old = new BetterSqlite3(file);
    old.exec(
      'create table driftgate_migrations (version integer primary key, name text not null, applied_at bigint not null)',
    );
    for (const m of MIGRATIONS.filter((x) => x.version <= 5)) {
      for (const s of m.statements) old.exec(s);
      old.prepare('insert into driftgate_migrations values (?, ?, 0)').run(m.version, m.name);
    }
    const row = old.prepare('insert into drift_rollups values (?, ?, ?, ?, ?, ?)');
    row.run('mw', 'svc', Date.parse(at(10 * DAY)), 'breaking', 2, 5);
    row.run('mw', 'svc', Date.parse(at(10 * DAY + HOUR)), 'breaking', 1, 1);
    row.run('mw', 'other', Date.parse(at(11 * DAY)), 'non_breaking', 3, 4);
    old.close();

    const store = await openSqliteStore(file);
    try {
      await store.driftEvents.record([
        {
          workspace_id: 'mw',
          service: 'svc',
          scope: 'mw/svc',
          fingerprint: 'after-6',
          source: 'traffic',
          level: 'breaking',
          severity: 'high',
          code: 'type_mismatch',
          direction: 'response',
          field: null,
          method: 'GET',
          path: '/x',
          location: '/body/x',
          seen_at: at(10 * DAY + 2 * HOUR),
          count: 2,
        },
      ]);
      const series = await store.metrics.series({
        bucket: 'day',
        since: at(10 * DAY),
        until: at(12 * DAY),
        workspace_id: 'mw',
      });
      expect(series.points.map((p) => [p.t, p.drift, p.observations])).toEqual([
        [
          at(10 * DAY),
          { breaking: 4, potentially_breaking: 0, non_breaking: 0 },
          { breaking: 8, potentially_breaking: 0, non_breaking: 0 },
        ],
        [
          at(11 * DAY),
          { breaking: 0, potentially_breaking: 0, non_breaking: 3 },
          { breaking: 0, potentially_breaking: 0, non_breaking: 4 },
        ],
      ]);
    } finally {
      await store.close();
    }
    const check = new BetterSqlite3(file, { readonly: true });
    const versions = check.prepare('select version from driftgate_migrations order by version').all();
    const ddl = check.prepare("select sql from sqlite_master where name = 'drift_rollups'").get() as {
      sql: string;
    };
    check.close();
    expect(versions.map((v) => (v as { version: number }).version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(ddl.sql).toMatch(/without rowid$/i);
  });
});
