// API sync inside `serve`, on SQLite and PostgreSQL: POST /api/v1/drift/sync/run runs a cycle under the
// workspace's database lease (409 problem while another instance holds it), GET /api/v1/drift/sync/cycles
// lists the stored summaries newest first, workspace-scoped; the lease store itself (acquire, renew, expiry,
// release) and the scheduler.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DriftingUpstream, SPEC_YAML, startDriftingUpstream } from '../../demo/upstream.js';
import { FixtureRecorder } from '../../src/adapters/fixtures/fs-fixtures.js';
import { openLeaseStore } from '../../src/adapters/storage/sql/leases.js';
import { SyncScheduler, syncLeaseName } from '../../src/app/sync-schedule.js';
import { assembleServer } from '../../src/compose.js';
import { parseConfig } from '../../src/config/index.js';
import { fixedClock } from '../../src/ports/clock.js';
import { TARGETS } from '../storage/targets.js';

const TOKENS = [
  { token: 'writer-shop-0123456789', role: 'writer', workspaces: ['shop'] },
  { token: 'reader-other-0123456789', role: 'reader', workspaces: ['other'] },
];

describe.each(TARGETS)('API sync in serve on $name', (target) => {
  let upstream: DriftingUpstream;
  let dir: string;
  beforeAll(async () => {
    upstream = await startDriftingUpstream();
    dir = await mkdtemp(join(tmpdir(), 'driftgate-sync-serve-'));
    await writeFile(join(dir, 'users.yaml'), SPEC_YAML);
    await new FixtureRecorder(join(dir, 'fixtures')).record('GET', '/api/users/{id}', {
      request: { method: 'GET', url: '/api/users/1', headers: {} },
      response: {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: { id: 1, name: 'Ada', email: 'ada@example.com', updated_at: '2026-01-01T00:00:00.000Z' },
      },
    });
  });
  afterAll(async () => {
    await upstream?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(target.skipReason !== null)('run now, 409 while the lease is held, list cycles', async () => {
    const loc = await target.fresh();
    const store = await loc.open();
    const where = {
      url: loc.url,
      dataDir: loc.dataDir || dir,
      ...(loc.schema === undefined ? {} : { schema: loc.schema }),
    };
    const env = { DRIFTGATE_TOKENS: JSON.stringify(TOKENS) };
    const config = parseConfig(
      `sync:\n  upstream: ${upstream.url}\n  spec: users.yaml\n  fixtures_dir: fixtures\n  workspace: shop\n`,
      { file: join(dir, 'driftgate.yaml'), env },
    );
    const server = assembleServer({
      env,
      configPath: join(dir, 'driftgate.yaml'),
      store,
      config,
      example: null,
      log: false,
      leases: () => openLeaseStore(where),
    });
    const other = await openLeaseStore(where);
    const call = async (method: 'GET' | 'POST', url: string, token: string, body?: unknown) => {
      const r = await server.app.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { payload: JSON.stringify(body) } : {}),
      });
      return { status: r.statusCode, body: r.json(), type: r.headers['content-type'] };
    };
    try {
      await server.app.ready();
      const run = await call('POST', '/api/v1/drift/sync/run', 'writer-shop-0123456789', {});
      expect(run.status).toBe(200);
      expect(run.body).toMatchObject({ workspace_id: 'shop', status: 'succeeded', changes: [] });
      expect(run.body.summary).toMatchObject({ endpoints_checked: 1, changed: 0 });

      // Another instance holds the lease: 409 problem, nothing runs.
      expect(await other.acquire(syncLeaseName('shop'), 'other-instance', Date.now(), 60_000)).toBe(true);
      const busy = await call('POST', '/api/v1/drift/sync/run', 'writer-shop-0123456789', {
        workspace_id: 'shop',
      });
      expect(busy.status).toBe(409);
      expect(busy.type).toMatch(/application\/problem\+json/);
      expect(busy.body.detail).toContain("a sync cycle for workspace 'shop' is already running");
      await other.release(syncLeaseName('shop'), 'other-instance');

      upstream.version = 2;
      const drift = await call('POST', '/api/v1/drift/sync/run', 'writer-shop-0123456789', {});
      upstream.version = 1;
      expect(drift.status).toBe(200);
      expect(drift.body.summary).toMatchObject({ changed: 1, budget_exceeded: true });
      expect(drift.body.summary.incident_ids).toHaveLength(1);

      const list = await call('GET', '/api/v1/drift/sync/cycles?limit=5', 'writer-shop-0123456789');
      expect(list.status).toBe(200);
      expect(list.body.cycles.map((c: { id: string }) => c.id)).toEqual([
        drift.body.sync_cycle_id,
        run.body.sync_cycle_id,
      ]);
      expect(
        (await call('GET', '/api/v1/drift/sync/cycles?limit=1', 'writer-shop-0123456789')).body.cycles,
      ).toHaveLength(1);
      // Workspace isolation: another workspace's reader sees neither the cycles nor may run one.
      expect(
        (await call('GET', '/api/v1/drift/sync/cycles?workspace_id=shop', 'reader-other-0123456789')).status,
      ).toBe(404);
      expect((await call('POST', '/api/v1/drift/sync/run', 'reader-other-0123456789', {})).status).toBe(403);
      // The lease was released after each run.
      expect(await other.get(syncLeaseName('shop'))).toBeNull();
    } finally {
      await other.close();
      await server.close();
      await loc.cleanup();
    }
  });

  it.skipIf(target.skipReason !== null)(
    'leases: one holder, renew, expiry take-over; the scheduler skips a held lease',
    async () => {
      const loc = await target.fresh();
      const where = {
        url: loc.url,
        dataDir: loc.dataDir,
        ...(loc.schema === undefined ? {} : { schema: loc.schema }),
      };
      const a = await openLeaseStore(where);
      const b = await openLeaseStore(where);
      try {
        const t = 1_000_000;
        expect(await a.acquire('sync:w', 'A', t, 1000)).toBe(true);
        expect(await b.acquire('sync:w', 'B', t + 10, 1000)).toBe(false);
        expect(await a.renew('sync:w', 'A', t + 500, 1000)).toBe(true);
        expect(await a.get('sync:w')).toEqual({ holder: 'A', until: t + 1500 });
        expect(await b.acquire('sync:w', 'B', t + 1200, 1000)).toBe(false);
        expect(await b.acquire('sync:w', 'B', t + 1500, 1000)).toBe(true); // expired: taken over
        expect(await a.renew('sync:w', 'A', t + 1600, 1000)).toBe(false);
        await a.release('sync:w', 'A'); // not A's any more: no effect
        expect((await b.get('sync:w'))?.holder).toBe('B');

        const outcomes: string[] = [];
        const scheduler = new SyncScheduler({
          intervalMs: 60_000,
          workspaceId: 'w',
          lease: { leases: a, holder: 'A', clock: fixedClock(new Date(t + 1600)) },
          run: async () => 'ran',
          onRun: (o) => outcomes.push('skipped' in o ? 'skipped' : 'result' in o ? o.result : 'error'),
        });
        await scheduler.tick();
        await b.release('sync:w', 'B');
        await scheduler.tick();
        await scheduler.stop();
        expect(outcomes).toEqual(['skipped', 'ran']);
        expect(await a.get('sync:w')).toBeNull();
      } finally {
        await a.close();
        await b.close();
        await loc.cleanup();
      }
    },
  );
});
