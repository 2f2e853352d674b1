// Retention job: the scheduler driven by a fake timer, and the lease that keeps two instances from
// purging at once (another holder's live lease blocks; an expired one is taken over).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/adapters/storage/open-store.js';
import { sqlContext } from '../../src/adapters/storage/sql/context.js';
import { acquireLease, RETENTION_LEASE } from '../../src/adapters/storage/sql/retention.js';
import type { Database } from '../../src/adapters/storage/sql/schema.js';
import { type IntervalTimer, purgeExpiredIncidents, RetentionScheduler } from '../../src/app/retention.js';
import { fixedClock } from '../../src/ports/clock.js';
import type { Store } from '../../src/ports/store.js';
import { at, DAY, occurrence } from './fixtures.js';

class FakeTimer implements IntervalTimer {
  readonly handles = new Map<number, { fn: () => void; ms: number }>();
  #next = 1;
  setInterval(fn: () => void, ms: number) {
    const id = this.#next++;
    this.handles.set(id, { fn, ms });
    return id;
  }
  clearInterval(handle: unknown) {
    this.handles.delete(handle as number);
  }
  fire() {
    for (const h of this.handles.values()) h.fn();
  }
}

describe('retention', () => {
  let dir: string;
  let store: Store;
  let raw: Kysely<Database>;
  const makeResolved = async (fp: string, endedAt: number) => {
    const { incident } = await store.incidents.recordOccurrence(occurrence({ fingerprint: fp, at: at(0) }));
    await store.incidents.transition(incident.id, 'resolved', at(endedAt), 'test');
    return incident.id;
  };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'driftgate-retention-'));
    store = await openStore({ dataDir: dir });
    raw = new Kysely<Database>({
      dialect: new SqliteDialect({ database: new BetterSqlite3(join(dir, 'driftgate.db')) }),
    });
  });
  afterAll(async () => {
    await raw?.destroy();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs on each timer tick, deletes incidents older than the retention days with their timeline', async () => {
    const old = await makeResolved('sched-old', 1 * DAY);
    const young = await makeResolved('sched-young', 80 * DAY);
    const timer = new FakeTimer();
    const outcomes: unknown[] = [];
    const scheduler = new RetentionScheduler({
      store,
      clock: fixedClock(at(100 * DAY)),
      holder: 'instance-a',
      retentionDays: 90,
      intervalMs: 3_600_000,
      timer,
      onRun: (o) => outcomes.push(o),
    });
    scheduler.start();
    scheduler.start(); // idempotent
    expect([...timer.handles.values()].map((h) => h.ms)).toEqual([3_600_000]);
    timer.fire();
    await scheduler.tick(); // joins the run the tick started
    expect(outcomes).toEqual([{ removed: 1 }]);
    expect(await store.incidents.get(old)).toBeUndefined();
    expect(
      await raw.selectFrom('incident_events').select('id').where('incident_id', '=', old).execute(),
    ).toEqual([]);
    expect((await store.incidents.get(young))?.status).toBe('resolved');
    await scheduler.stop();
    expect(timer.handles.size).toBe(0);
  });

  it('backs off while another instance holds the lease and takes over an expired one', async () => {
    const id = await makeResolved('lease-old', 2 * DAY);
    const now = Date.parse(at(100 * DAY));
    expect(await acquireLease(sqlContext(raw, 'sqlite'), RETENTION_LEASE, 'instance-b', now, 60_000)).toBe(
      true,
    );
    const deps = { store, holder: 'instance-a' };
    expect(await purgeExpiredIncidents({ ...deps, clock: fixedClock(at(100 * DAY)) }, 90)).toBeNull();
    expect((await store.incidents.get(id))?.status).toBe('resolved');
    // instance-b crashed: its lease runs out and instance-a purges.
    expect(await purgeExpiredIncidents({ ...deps, clock: fixedClock(new Date(now + 60_000)) }, 90)).toBe(1);
    expect(await store.incidents.get(id)).toBeUndefined();
  });

  it('rejects a negative retention with a config error', async () => {
    await expect(purgeExpiredIncidents({ store, holder: 'a', clock: fixedClock(at(0)) }, -1)).rejects.toThrow(
      'incident_retention_days must be >= 0, got -1',
    );
  });
});
