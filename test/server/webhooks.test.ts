// Notifications through the server: an incident opened by POST /specs reaches a real signed-webhook
// receiver on 127.0.0.1 (delivered by the worker `listen()` starts), the receiver verifies the signature
// with the library helper, and the delivery log API shows the attempt.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../src/index.js';
import { TARGETS } from '../storage/targets.js';
import { specVersion, startTestServer, type TestServer } from './harness.js';

const SECRET = 'whsec_test_0123456789';

for (const target of TARGETS) {
  describe.skipIf(target.skipReason !== null)(`webhooks through the server on ${target.name}`, () => {
    let receiver: Server;
    const received: { event: string; delivery: string; verified: boolean; body: any }[] = [];
    let t: TestServer;
    beforeAll(async () => {
      receiver = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => {
          body += c;
        });
        req.on('end', () => {
          const v = verifyWebhookSignature({
            secret: SECRET,
            body,
            timestamp: String(req.headers['x-driftgate-timestamp']),
            signature: String(req.headers['x-driftgate-signature']),
          });
          received.push({
            event: String(req.headers['x-driftgate-event']),
            delivery: String(req.headers['x-driftgate-delivery']),
            verified: v.ok,
            body: JSON.parse(body),
          });
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
      const port = (receiver.address() as AddressInfo).port;
      t = await startTestServer(target, {
        outbox: true,
        env: { HOOK_SECRET: SECRET },
        config: `
incidents:
  allow_private_targets: true
  webhooks:
    - url: http://127.0.0.1:${port}/hooks/drift
      kind: generic
      secret_env: HOOK_SECRET
      events: [incident.created, incident.resolved]
`,
      });
      await t.server.listen();
    });
    afterAll(async () => {
      await t?.close();
      await new Promise((r) => receiver?.close(r));
    });

    it('delivers incident.created and incident.resolved, signed, once each', async () => {
      for (const v of [1, 2] as const) {
        await t.call('POST', '/api/v1/drift/specs', { body: { workspace_id: 'w1', spec: specVersion(v) } });
      }
      const id = (await t.call('GET', '/api/v1/drift/incidents?workspace_id=w1')).body.incidents[0].id;
      await t.call('POST', `/api/v1/drift/incidents/${id}/resolve`);
      const deadline = Date.now() + 20_000;
      while (received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(received.map((r) => [r.event, r.verified])).toEqual([
        ['incident.created', true],
        ['incident.resolved', true],
      ]);
      expect(received[0]!.body).toMatchObject({
        schema: 'driftgate.webhook.v1',
        event: 'incident.created',
        data: {
          incident: { id, endpoint: '/b', method: 'GET', incident_type: 'breaking_change', status: 'open' },
        },
      });
      expect(received[1]!.body.data.incident.status).toBe('resolved');
      expect(new Set(received.map((r) => r.delivery)).size).toBe(2);

      // The receiver answers before the worker records the outcome: wait for both to be logged.
      let log = await t.call('GET', '/api/v1/drift/notifications/deliveries?status=delivered');
      while (log.body.deliveries.length < 2 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        log = await t.call('GET', '/api/v1/drift/notifications/deliveries?status=delivered');
      }
      expect(log.status).toBe(200);
      expect(log.body.deliveries.map((d: { event_type: string }) => d.event_type).sort()).toEqual([
        'incident.created',
        'incident.resolved',
      ]);
      const one = await t.call('GET', `/api/v1/drift/notifications/deliveries/${log.body.deliveries[0].id}`);
      expect(one.body.attempt_log).toHaveLength(1);
      expect(one.body.attempt_log[0].status_code).toBe(204);
    });
  });
}
