// record-drift end to end on both stores: real budget evaluation (core/budgets), one transaction for
// drift events, evaluation, incident, timeline and outbox; a failure anywhere leaves nothing behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordDrift } from '../../src/app/record-drift.js';
import type { Finding } from '../../src/core/findings.js';
import type { Store } from '../../src/ports/store.js';
import { at, DAY, evaluation, HOUR } from './fixtures.js';
import { type StoreLocation, TARGETS } from './targets.js';

const removed = (name: string): Finding => ({
  source: 'spec',
  code: 'response-property-removed',
  level: 'breaking',
  severity: 'high',
  direction: 'response',
  method: 'POST',
  path: '/api/users',
  location: `#/paths/~1api~1users/post/responses/201/content/application~1json/schema/properties/${name}`,
  message: `removed the response property '${name}'`,
  before: { type: 'string', description: name },
  after: null,
  count: 1,
  field: `schema:#/properties/${name}`,
});

const added: Finding = {
  ...removed('nickname'),
  code: 'response-optional-property-added',
  level: 'non_breaking',
  severity: 'low',
  message: "added the optional response property 'nickname'",
  before: null,
  after: { type: 'string' },
};

let seq = 0;
const newId = () => `evt-${++seq}`;

for (const target of TARGETS) {
  describe.skipIf(target.skipReason !== null)(`record-drift: ${target.name}`, () => {
    let loc: StoreLocation;
    let store: Store;
    beforeAll(async () => {
      loc = await target.fresh();
      store = await loc.open();
    });
    afterAll(async () => {
      await store?.close();
      await loc?.cleanup();
    });

    it('creates the incident with real samples, drift events, the evaluation and outbox rows', async () => {
      const now = at(0);
      const ev = evaluation([removed('email'), removed('name')], now);
      expect(ev.should_create_incident).toBe(true);
      const r = await recordDrift(
        { store, newId },
        { workspaceId: 'w', service: 'users', evaluation: ev, fields: 20, at: now },
      );
      expect(r.created).toBe(true);
      expect(r.driftEvents).toEqual({ inserted: 2, updated: 0 });
      expect(r.incident).toMatchObject({
        endpoint: '/api/users',
        method: 'POST',
        incident_type: 'breaking_change',
        severity: 'high',
        status: 'open',
        workspace_id: 'w',
        budget_id: ev.budget.id,
        occurrences: 2,
        before_sample: { value: { type: 'string', description: 'email' } },
        after_sample: { value: null },
      });
      expect((r.incident!.details as { counts: unknown }).counts).toEqual({
        breaking: 2,
        potentially_breaking: 0,
        non_breaking: 0,
      });
      const outbox = await store.outbox.list();
      expect(outbox.map((o) => [o.event_type, o.target, o.ordering_key])).toEqual([
        ['incident.created', '*', r.incident!.id],
        ['budget.exceeded', '*', r.incident!.id],
      ]);
      expect(outbox[0]?.payload).toMatchObject({
        id: r.events[0]!.event_id,
        type: 'incident.created',
        occurred_at: now,
      });
      const events = await store.driftEvents.list({ workspace_id: 'w' });
      expect(events.map((e) => [e.code, e.level, e.scope, e.method, e.path])).toEqual([
        ['response-property-removed', 'breaking', 'w/users', 'POST', '/api/users'],
        ['response-property-removed', 'breaking', 'w/users', 'POST', '/api/users'],
      ]);
      expect(
        await store.history.fieldBaseline({ scope: 'w/users', operation: 'POST /api/users', at: now }),
      ).toBe(20);
      // The budget engine's next window reads exactly what was recorded.
      const history = await store.history.changes({
        scope: 'w/users',
        operation: 'POST /api/users',
        since: at(-DAY),
        fingerprints: [],
      });
      expect(history.map((h) => [h.fingerprint, h.level, h.first_seen]).sort()).toEqual(
        ev.findings_by_level.breaking.map((f) => [f.fingerprint, 'breaking', now]).sort(),
      );
      const series = await store.metrics.series({
        bucket: 'day',
        since: now,
        until: at(DAY),
        workspace_id: 'w',
      });
      expect(series.scopes.map((s) => [s.scope_key, s.consumption_percent, s.evaluations])).toEqual([
        ['POST /api/users', 200, 1],
      ]);
    });

    it('joins the live incident on a repeat and escalates nothing that did not change', async () => {
      const now = at(HOUR);
      const ev = evaluation([removed('email'), removed('name'), added], now);
      const r = await recordDrift(
        { store, newId },
        { workspaceId: 'w', service: 'users', evaluation: ev, at: now },
      );
      expect(r.created).toBe(false);
      expect(r.driftEvents).toEqual({ inserted: 1, updated: 2 });
      expect(r.incident).toMatchObject({ occurrences: 5, last_seen: now, incident_type: 'breaking_change' });
      expect(r.events.map((e) => e.event_type)).toEqual(['incident.updated', 'budget.exceeded']);
      const full = await store.incidents.get(r.incident!.id);
      expect(full?.timeline.map((e) => e.kind)).toEqual(['created', 'occurrence']);
    });

    it('stores an evaluation within budget without an incident or notification', async () => {
      const now = at(2 * HOUR);
      const ev = evaluation([{ ...added, path: '/api/other', location: '#/other' }], now);
      expect(ev.budget_exceeded).toBe(false);
      const before = (await store.outbox.list()).length;
      const r = await recordDrift(
        { store, newId },
        { workspaceId: 'w', service: 'users', evaluation: ev, at: now },
      );
      expect([r.incident, r.created, r.events]).toEqual([null, false, []]);
      expect((await store.outbox.list()).length).toBe(before);
    });

    it('writes nothing when any step of the transaction fails', async () => {
      const now = at(3 * HOUR);
      const failing: Store = {
        ...store,
        transaction: (fn) =>
          store.transaction((tx) =>
            fn({
              ...tx,
              outbox: {
                ...tx.outbox,
                enqueue: async () => {
                  throw new Error('outbox down');
                },
              },
            }),
          ),
      };
      const ev = evaluation([{ ...removed('id'), path: '/api/fresh', location: '#/fresh' }], now);
      await expect(
        recordDrift({ store: failing, newId }, { workspaceId: 'w2', service: '', evaluation: ev, at: now }),
      ).rejects.toThrow('outbox down');
      expect(await store.driftEvents.list({ workspace_id: 'w2' })).toEqual([]);
      expect((await store.incidents.list({ workspace_id: 'w2' }, { limit: 10 })).total).toBe(0);
    });
  });
}
