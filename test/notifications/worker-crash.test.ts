// A worker process killed (SIGKILL) while its request is in flight, then another started: the event is
// delivered, the receiver sees one delivery id (at-least-once with the same X-Driftgate-Delivery), and
// two worker processes share a queue without a duplicate (60 events). SQLite file and PostgreSQL.
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotificationOutbox } from '../../src/ports/outbox.js';
import type { Store } from '../../src/ports/store.js';
import { type StoreLocation, TARGETS } from '../storage/targets.js';
import { openBoth, openIncident, target } from './harness.js';
import { header, type Receiver, reply, startReceiver, waitFor } from './receivers.js';
import { spawnWorker, stopWorker } from './spawn-worker.js';

for (const db of TARGETS) {
  describe.skipIf(db.skipReason !== null)(`worker processes on ${db.name}`, () => {
    let loc: StoreLocation | undefined;
    let store: Store | undefined;
    let outbox: NotificationOutbox | undefined;
    let rx: Receiver | undefined;
    const children: ChildProcess[] = [];

    afterEach(async () => {
      await Promise.all(children.splice(0).map((c) => stopWorker(c, 'SIGKILL')));
      await rx?.close();
      await outbox?.close();
      await store?.close();
      await loc?.cleanup();
    });

    it('a worker killed mid-delivery is replaced and the event is delivered with the same delivery id', async () => {
      loc = await db.fresh();
      ({ store, outbox } = await openBoth(loc));
      rx = await startReceiver((_req, res, i) => {
        if (i > 0) reply(res, 200); // the first request hangs until its worker dies
      });
      const t = target({ url: rx.url, timeoutMs: 1_000 });
      const base = {
        url: loc.url,
        dataDir: loc.dataDir,
        ...(loc.schema ? { schema: loc.schema } : {}),
        targets: [t],
        leaseMs: 2_500,
        pollMs: 50,
        batchSize: 4,
      };
      await openIncident(store, new Date().toISOString());
      const first = await spawnWorker({ ...base, workerId: 'first' });
      children.push(first);
      await waitFor(() => rx?.requests.length === 1, 15_000, 'the first request');
      await stopWorker(first, 'SIGKILL');

      const second = await spawnWorker({ ...base, workerId: 'second' });
      children.push(second);
      const o = outbox;
      await waitFor(
        async () => (await o.list({ status: 'delivered', target: t.id }, { limit: 1 })).items.length === 1,
        20_000,
        'delivery by the second worker',
      );
      const [d] = (await o.list({ target: t.id }, { limit: 5 })).items;
      expect(rx.requests).toHaveLength(2);
      expect(rx.requests.map((r) => header(r, 'x-driftgate-delivery'))).toEqual([d?.id, d?.id]);
      // The killed worker never logged its attempt; the successor's is the one on record.
      expect((await o.attempts(d?.id ?? '')).map((a) => a.status_code)).toEqual([200]);
    });

    it('two worker processes deliver 60 events exactly once', async () => {
      loc = await db.fresh();
      ({ store, outbox } = await openBoth(loc));
      const seen = new Map<string, number>();
      rx = await startReceiver((req, res) => {
        const id = header(req, 'x-driftgate-delivery');
        seen.set(id, (seen.get(id) ?? 0) + 1);
        reply(res, 200);
      });
      const t = target({ url: rx.url });
      const at = Date.now();
      for (let i = 0; i < 60; i++) await openIncident(store, new Date(at + i).toISOString());
      const base = {
        url: loc.url,
        dataDir: loc.dataDir,
        ...(loc.schema ? { schema: loc.schema } : {}),
        targets: [t],
        leaseMs: 30_000,
        pollMs: 20,
        batchSize: 8,
      };
      children.push(
        ...(await Promise.all([
          spawnWorker({ ...base, workerId: 'a' }),
          spawnWorker({ ...base, workerId: 'b' }),
        ])),
      );
      const o = outbox;
      await waitFor(
        async () => (await o.list({ status: 'delivered', target: t.id }, { limit: 61 })).items.length === 60,
        40_000,
        '60 deliveries',
      );
      expect(seen.size).toBe(60);
      expect([...seen.values()].filter((n) => n > 1)).toEqual([]);
    });
  });
}
