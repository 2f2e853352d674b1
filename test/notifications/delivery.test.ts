// The outbox and its worker against real HTTP receivers on 127.0.0.1, on SQLite (a real file) and
// PostgreSQL (TEST_DATABASE_URL, own schema): retries, timeouts, Retry-After, dead letters, redelivery,
// signatures, fan-out by subscription, Slack and Jira receivers that check bodies as those services would.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliverDueNotifications, startDeliveryWorker } from '../../src/app/deliver-notifications.js';
import { getDelivery, listDeliveries, redeliverDelivery } from '../../src/app/notify-deliveries.js';
import { updateIncident } from '../../src/app/update-incident.js';
import type { NotificationOutbox } from '../../src/ports/outbox.js';
import type { Store } from '../../src/ports/store.js';
import { verifyWebhookSignature } from '../../src/verify-webhook.js';
import { type StoreLocation, TARGETS } from '../storage/targets.js';
import { validateSlackMessage } from './block-kit.js';
import { drain, emit, openBoth, openIncident, settings, target, workerDeps } from './harness.js';
import { validateJiraComment, validateJiraIssue } from './jira-shape.js';
import { header, type Receiver, reply, startReceiver, waitFor } from './receivers.js';

const SECRET = 'whsec_test_0123456789';

for (const db of TARGETS) {
  describe.skipIf(db.skipReason !== null)(`notification delivery on ${db.name}`, () => {
    let loc: StoreLocation;
    let store: Store;
    let outbox: NotificationOutbox;
    const receivers: Receiver[] = [];
    const receiver = async (h: Parameters<typeof startReceiver>[0]) => {
      const r = await startReceiver(h);
      receivers.push(r);
      return r;
    };

    beforeEach(async () => {
      loc = await db.fresh();
      ({ store, outbox } = await openBoth(loc));
    });
    afterEach(async () => {
      await Promise.all(receivers.splice(0).map((r) => r.close()));
      await outbox.close();
      await store.close();
      await loc.cleanup();
    });

    it('retries a receiver that fails 3 times: one delivery, 4 attempts, one delivery id, valid signatures', async () => {
      const rx = await receiver((req, res, i) => {
        const check = verifyWebhookSignature({
          secret: SECRET,
          body: req.body,
          timestamp: header(req, 'x-driftgate-timestamp'),
          signature: header(req, 'x-driftgate-signature'),
        });
        if (!check.ok) return reply(res, 401, check.reason);
        reply(res, i < 3 ? 500 : 200);
      });
      const t = target({ url: `${rx.url}/hook`, secret: SECRET });
      const { incident, eventId } = await openIncident(store, new Date().toISOString());
      const deps = workerDeps(store, outbox);
      const s = settings([t]);
      await drain(
        deps,
        s,
        async () =>
          (await outbox.list({ status: 'delivered', target: t.id }, { limit: 10 })).items.length === 1,
      );

      const { items } = await outbox.list({ target: t.id }, { limit: 10 });
      expect(items).toHaveLength(1);
      const delivery = items[0];
      expect(delivery).toMatchObject({
        status: 'delivered',
        event_id: eventId,
        event_type: 'incident.created',
        attempts: 4,
      });
      const attempts = await outbox.attempts(delivery?.id ?? '');
      expect(attempts.map((a) => [a.attempt, a.status_code, a.error])).toEqual([
        [1, 500, 'HTTP 500'],
        [2, 500, 'HTTP 500'],
        [3, 500, 'HTTP 500'],
        [4, 200, null],
      ]);
      expect(rx.requests).toHaveLength(4);
      expect(new Set(rx.requests.map((r) => header(r, 'x-driftgate-delivery')))).toEqual(
        new Set([delivery?.id]),
      );
      expect(rx.requests.every((r) => header(r, 'x-driftgate-event') === 'incident.created')).toBe(true);
      const body = JSON.parse(rx.requests[3]?.body ?? '{}');
      expect(body).toMatchObject({
        schema: 'driftgate.webhook.v1',
        event: 'incident.created',
        event_id: eventId,
        delivery_id: delivery?.id,
        data: {
          incident: {
            id: incident.id,
            severity: 'critical',
            incident_type: 'breaking_change',
            status: 'open',
          },
        },
      });
      // A tampered body fails the receiver's check.
      const req = rx.requests[3];
      expect(
        verifyWebhookSignature({
          secret: SECRET,
          body: `${req?.body} `,
          timestamp: header(req as never, 'x-driftgate-timestamp'),
          signature: header(req as never, 'x-driftgate-signature'),
        }),
      ).toEqual({ ok: false, reason: 'signature does not match' });
    });

    it('times out a hanging receiver and retries', async () => {
      const rx = await receiver((_req, res, i) => {
        if (i > 0) reply(res, 204);
        // i === 0: never answer
      });
      const t = target({ url: rx.url, timeoutMs: 300 });
      await openIncident(store, new Date().toISOString());
      const deps = workerDeps(store, outbox);
      await drain(
        deps,
        settings([t]),
        async () =>
          (await outbox.list({ status: 'delivered', target: t.id }, { limit: 1 })).items.length === 1,
      );
      const [d] = (await outbox.list({ target: t.id }, { limit: 1 })).items;
      const attempts = await outbox.attempts(d?.id ?? '');
      expect(attempts.map((a) => [a.status_code, a.error])).toEqual([
        [null, 'timeout after 300ms'],
        [204, null],
      ]);
      expect(attempts[0]?.duration_ms).toBeGreaterThanOrEqual(250);
    });

    it('honours Retry-After on 429, dead-letters after max attempts, redelivers with the same id', async () => {
      let healthy = false;
      const rx = await receiver((_req, res) =>
        healthy ? reply(res, 200) : reply(res, 429, 'slow down', { 'retry-after': '1' }),
      );
      const t = target({ url: rx.url, maxAttempts: 2 });
      await openIncident(store, new Date().toISOString());
      const deps = workerDeps(store, outbox);
      const s = settings([t]);
      await deliverDueNotifications(deps, s); // fan-out
      const before = Date.now();
      await deliverDueNotifications(deps, s); // attempt 1 -> 429
      const [d1] = (await outbox.list({ target: t.id }, { limit: 1 })).items;
      expect(d1?.status).toBe('pending');
      expect(Date.parse(d1?.next_attempt_at ?? '') - before).toBeGreaterThanOrEqual(950);
      expect((await deliverDueNotifications(deps, s)).claimed).toBe(0); // not due yet
      await drain(
        deps,
        s,
        async () => (await outbox.list({ status: 'dead', target: t.id }, { limit: 1 })).items.length === 1,
      );
      const id = d1?.id ?? '';
      expect((await outbox.attempts(id)).map((a) => a.status_code)).toEqual([429, 429]);

      healthy = true;
      expect(await outbox.redeliver(id, new Date().toISOString())).toBe(true);
      expect(await outbox.redeliver('no-such-delivery', new Date().toISOString())).toBe(false);
      await drain(deps, s, async () => (await outbox.get(id))?.status === 'delivered');
      expect((await outbox.attempts(id)).map((a) => [a.attempt, a.status_code])).toEqual([
        [1, 429],
        [2, 429],
        [3, 200],
      ]);
      expect(new Set(rx.requests.map((r) => header(r, 'x-driftgate-delivery')))).toEqual(new Set([id]));
    });

    it('dead-letters a permanent 4xx at once and fans out only to subscribed webhooks', async () => {
      const rx = await receiver((req, res) => reply(res, req.path === '/gone' ? 410 : 200));
      const gone = target({ url: `${rx.url}/gone` });
      const highOnly = target({ url: `${rx.url}/high`, minSeverity: 'critical' });
      const otherWs = target({ url: `${rx.url}/ws`, workspaces: ['another'] });
      const resolvedOnly = target({ url: `${rx.url}/resolved`, events: ['incident.resolved'] });
      const disabled = target({ url: `${rx.url}/off`, enabled: false });
      await openIncident(store, new Date().toISOString(), { severity: 'high' });
      const deps = workerDeps(store, outbox);
      const s = settings([gone, highOnly, otherWs, resolvedOnly, disabled]);
      await drain(
        deps,
        s,
        async () => (await outbox.list({ status: 'dead' }, { limit: 5 })).items.length === 1,
      );
      const all = (await outbox.list({}, { limit: 10 })).items;
      expect(all.map((d) => d.target)).toEqual([gone.id]);
      expect((await outbox.attempts(all[0]?.id ?? '')).map((a) => [a.status_code, a.error])).toEqual([
        [410, 'HTTP 410'],
      ]);
      expect(rx.requests.map((r) => r.path)).toEqual(['/gone']);
    });

    it('lists deliveries in keyset pages and redelivers one through the API use cases', async () => {
      let status = 410;
      const rx = await receiver((_req, res) => reply(res, status));
      const t = target({ url: `${rx.url}/x`, headers: { Authorization: 'Bearer hunter2-token' } });
      const at = Date.now();
      for (let i = 0; i < 3; i++) await openIncident(store, new Date(at + i).toISOString());
      const deps = workerDeps(store, outbox);
      const s = settings([t]);
      await drain(
        deps,
        s,
        async () => (await outbox.list({ status: 'dead' }, { limit: 5 })).items.length === 3,
      );
      const api = { outbox, targets: [t] };
      const page1 = await listDeliveries(api, { status: 'dead' }, { limit: 2 });
      expect(page1.items).toHaveLength(2);
      expect(page1.items[0]).toMatchObject({
        status: 'dead',
        webhook_url: `${rx.url}/x`,
        webhook_kind: 'generic',
        attempts: 1,
      });
      const page2 = await listDeliveries(
        api,
        { status: 'dead' },
        { limit: 2, cursor: page1.next_cursor ?? '' },
      );
      expect(page2.items).toHaveLength(1);
      expect(page2.next_cursor).toBeNull();
      const ids = [...page1.items, ...page2.items].map((d) => d.id);
      expect(new Set(ids).size).toBe(3);

      const id = ids[0] ?? '';
      const detail = await getDelivery(api, id);
      expect(detail.attempt_log.map((a) => [a.attempt, a.status_code, a.error])).toEqual([
        [1, 410, 'HTTP 410'],
      ]);
      status = 200;
      const again = await redeliverDelivery(api, id, new Date().toISOString());
      expect(again).toMatchObject({ status: 'pending', attempts: 0 });
      await expect(redeliverDelivery(api, id, new Date().toISOString())).rejects.toThrow(/already pending/);
      await expect(redeliverDelivery(api, 'nope', new Date().toISOString())).rejects.toThrow(
        'no delivery nope',
      );
      await expect(listDeliveries(api, {}, { limit: 2, cursor: '!!' })).rejects.toThrow(
        'cursor is not one this API returned',
      );
      await drain(deps, s, async () => (await outbox.get(id))?.status === 'delivered');
      expect((await getDelivery(api, id)).attempt_log.map((a) => a.status_code)).toEqual([410, 200]);
      // No credential anywhere in what the log keeps.
      expect(JSON.stringify(await outbox.list({}, { limit: 10 }))).not.toContain('hunter2');
    });

    it('keeps secrets out of the delivery log and the worker log', async () => {
      const t = target({
        url: 'https://hooks.example.com/T0001/secret-path-123?token=abc123456',
        secret: 'hmac-secret-xyz',
        headers: { Authorization: 'Bearer tok-secret-999' },
        maxAttempts: 1,
      });
      const logged: string[] = [];
      const deps = {
        ...workerDeps(store, outbox),
        log: (e: unknown) => logged.push(JSON.stringify(e)),
        notifier: {
          send: async (req: { url: string; headers: Readonly<Record<string, string>> }) => ({
            status: null,
            retryAfter: null,
            body: '',
            durationMs: 1,
            error: `connect to ${req.url} failed (auth ${req.headers.Authorization}, key hmac-secret-xyz)`,
            refused: false,
          }),
          close: async () => {},
        },
      };
      await openIncident(store, new Date().toISOString());
      await drain(
        deps,
        settings([t]),
        async () => (await outbox.list({ status: 'dead' }, { limit: 1 })).items.length === 1,
      );
      const [d] = (await outbox.list({}, { limit: 1 })).items;
      const [a] = await outbox.attempts(d?.id ?? '');
      expect(a?.error).toBe('connect to [REDACTED] failed (auth [REDACTED], key [REDACTED])');
      expect(d?.last_error).toBe(a?.error);
      const everything = JSON.stringify([
        logged,
        await listDeliveries({ outbox, targets: [t] }, {}, { limit: 5 }),
      ]);
      for (const secret of ['secret-path-123', 'abc123456', 'tok-secret-999', 'hmac-secret-xyz']) {
        expect(everything).not.toContain(secret);
      }
      expect(everything).toContain('https://hooks.example.com/T0001/…');
    });

    it('sends Slack valid Block Kit with a button to the incident', async () => {
      const rx = await receiver((req, res) => {
        // Like hooks.slack.com: 400 invalid_blocks on a bad body, 200 "ok" otherwise.
        const problems = validateSlackMessage(JSON.parse(req.body));
        return problems.length > 0
          ? reply(res, 400, `invalid_blocks: ${problems.join('; ')}`)
          : reply(res, 200, 'ok');
      });
      const t = target({ url: `${rx.url}/services/T000/B000/XXXX`, kind: 'slack' });
      const { incident } = await openIncident(store, new Date().toISOString(), { severity: 'medium' });
      const deps = workerDeps(store, outbox);
      await drain(
        deps,
        settings([t]),
        async () =>
          (await outbox.list({ status: 'delivered', target: t.id }, { limit: 1 })).items.length === 1,
      );
      expect(rx.requests).toHaveLength(1);
      const msg = JSON.parse(rx.requests[0]?.body ?? '{}');
      expect(msg.text).toBe(`Drift incident opened: POST ${incident.endpoint}`);
      expect(msg.attachments[0].color).toBe('#ECB22E');
      expect(msg.attachments[0].blocks.at(-1).elements[0].url).toBe(
        `https://driftgate.example.com/incidents/${incident.id}`,
      );
    });

    for (const apiVersion of [2, 3] as const) {
      it(`files one Jira issue (REST v${apiVersion}), links it, then comments and transitions`, async () => {
        const calls: string[] = [];
        const rx = await receiver((req, res) => {
          calls.push(`${req.method} ${req.path}`);
          if (header(req, 'authorization') !== 'Basic dXNlcjp0b2tlbg==')
            return reply(res, 401, { errorMessages: ['auth'] });
          if (header(req, 'x-jira-project') !== '')
            return reply(res, 400, { errorMessages: ['unexpected X-Jira-Project'] });
          const contentTypes = req.rawHeaders.filter(
            (h, i) => i % 2 === 0 && h.toLowerCase() === 'content-type',
          );
          if (contentTypes.length !== 1)
            return reply(res, 400, { errorMessages: ['one content-type please'] });
          const body = JSON.parse(req.body);
          if (req.path === `/rest/api/${apiVersion}/issue`) {
            const problems = validateJiraIssue(body, apiVersion);
            if (problems.length > 0) return reply(res, 400, { errors: problems });
            return reply(res, 201, {
              id: '10001',
              key: 'PROJ-1',
              self: `${rx.url}/rest/api/${apiVersion}/issue/10001`,
            });
          }
          if (req.path === `/rest/api/${apiVersion}/issue/PROJ-1/comment`) {
            const problems = validateJiraComment(body, apiVersion);
            return problems.length > 0 ? reply(res, 400, { errors: problems }) : reply(res, 201, { id: '1' });
          }
          if (req.path === `/rest/api/${apiVersion}/issue/PROJ-1/transitions`) {
            return body?.transition?.id === '31'
              ? reply(res, 204)
              : reply(res, 400, { errors: ['transition'] });
          }
          reply(res, 404, { errorMessages: ['no route'] });
        });
        const t = target({
          url: `${rx.url}/rest/api/${apiVersion}/issue`,
          kind: 'jira',
          headers: { 'Content-Type': 'application/json', Authorization: 'Basic dXNlcjp0b2tlbg==' },
          jira: { apiVersion, projectKey: 'PROJ', issueType: 'Bug', resolveTransitionId: '31' },
        });
        const t0 = Date.now();
        const { incident } = await openIncident(store, new Date(t0).toISOString());
        await emit(store, 'incident.updated', incident, new Date(t0 + 1).toISOString());
        await emit(store, 'incident.updated', incident, new Date(t0 + 2).toISOString());
        // The status change and its event commit together (the server's PATCH / resolve use case).
        const resolved = await updateIncident(
          { store, newId: randomUUID },
          { id: incident.id, status: 'resolved', at: new Date(t0 + 3).toISOString(), actor: 'test' },
        );
        expect(resolved.status).toBe('resolved');
        const deps = workerDeps(store, outbox);
        await drain(
          deps,
          settings([t]),
          async () =>
            (await outbox.list({ status: 'delivered', target: t.id }, { limit: 10 })).items.length === 4,
        );
        expect(calls).toEqual([
          `POST /rest/api/${apiVersion}/issue`,
          `POST /rest/api/${apiVersion}/issue/PROJ-1/comment`,
          `POST /rest/api/${apiVersion}/issue/PROJ-1/comment`,
          `POST /rest/api/${apiVersion}/issue/PROJ-1/transitions`,
        ]);
        const stored = await store.incidents.get(incident.id);
        expect(stored?.external_ticket_id).toBe('PROJ-1');
        expect(stored?.external_ticket_url).toBe(`${rx.url}/browse/PROJ-1`);
        expect(stored?.timeline.some((e) => e.kind === 'ticket_linked')).toBe(true);
        const issue = JSON.parse(rx.requests[0]?.body ?? '{}');
        expect(issue.fields).toMatchObject({
          project: { key: 'PROJ' },
          summary: `Drift Incident: POST ${incident.endpoint} - breaking_change`,
          priority: { name: 'Highest' },
          labels: ['drift-incident', 'severity-critical', 'type-breaking_change'],
        });
      });
    }

    it('delivers while the store keeps writing in the same process (no lock wait between the handles)', async () => {
      const rx = await receiver((_req, res) => reply(res, 200));
      const t = target({ url: rx.url });
      const deps = workerDeps(store, outbox);
      let writing = true;
      const writer = (async () => {
        const at = Date.now();
        for (let i = 0; i < 60; i++) await openIncident(store, new Date(at + i).toISOString());
        writing = false;
      })();
      await drain(
        deps,
        settings([t]),
        async () =>
          !writing &&
          (await outbox.list({ status: 'delivered', target: t.id }, { limit: 61 })).items.length === 60,
        60_000,
      );
      await writer;
      expect(new Set(rx.requests.map((r) => header(r, 'x-driftgate-delivery'))).size).toBe(60);
    });

    it('a receiver that hangs holds one slot, not the worker (continuous worker loop)', async () => {
      const slow = await receiver(() => {}); // never answers
      const fast = await receiver((_req, res) => reply(res, 200));
      const ts = target({ url: slow.url, timeoutMs: 4_000, workspaces: ['slow-ws'] });
      const tf = target({ url: fast.url, workspaces: ['workspace-1'] });
      const at = Date.now();
      await openIncident(store, new Date(at).toISOString(), { workspace: 'slow-ws' });
      for (let i = 1; i <= 5; i++) await openIncident(store, new Date(at + i).toISOString());
      const worker = startDeliveryWorker(workerDeps(store, outbox), {
        ...settings([ts, tf]),
        batchSize: 4,
        pollMs: 20,
      });
      try {
        await waitFor(
          () => fast.requests.length === 5 && slow.requests.length === 1,
          10_000,
          'fast deliveries',
        );
        // The slow delivery is still in flight: nothing recorded for it yet.
        const [pending] = (await outbox.list({ target: ts.id }, { limit: 1 })).items;
        expect(pending).toMatchObject({ status: 'pending', attempts: 0 });
      } finally {
        await worker.stop();
      }
      const [afterStop] = (await outbox.list({ target: ts.id }, { limit: 1 })).items;
      expect((await outbox.attempts(afterStop?.id ?? '')).map((a) => a.error)).toEqual([
        'timeout after 4000ms',
      ]);
    });

    it('two workers deliver 200 events without a duplicate', async () => {
      const seen = new Map<string, number>();
      const rx = await receiver((req, res) => {
        const id = header(req, 'x-driftgate-delivery');
        seen.set(id, (seen.get(id) ?? 0) + 1);
        reply(res, 200);
      });
      const t = target({ url: rx.url });
      const at = Date.now();
      for (let i = 0; i < 200; i += 20) {
        await Promise.all(
          Array.from({ length: 20 }, (_, j) => openIncident(store, new Date(at + i + j).toISOString())),
        );
      }
      const second = await openBoth(loc);
      try {
        const until = async () =>
          (await outbox.list({ status: 'delivered', target: t.id }, { limit: 201 })).items.length === 200;
        await Promise.all([
          drain(workerDeps(store, outbox), settings([t], { workerId: 'a', batchSize: 8 }), until, 60_000),
          drain(
            workerDeps(second.store, second.outbox),
            settings([t], { workerId: 'b', batchSize: 8 }),
            until,
            60_000,
          ),
        ]);
      } finally {
        await second.outbox.close();
        await second.store.close();
      }
      expect(seen.size).toBe(200);
      expect([...seen.values()].filter((n) => n > 1)).toEqual([]);
      expect(rx.requests).toHaveLength(200);
    });
  });
}
