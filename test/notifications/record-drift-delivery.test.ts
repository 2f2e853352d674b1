// End to end from the budget engine to the receivers: recordDrift (issue 5) writes the incident and its
// events in one transaction; the worker fans them out and delivers them in order per incident — a generic
// receiver sees created, budget.exceeded, updated, budget.exceeded; Jira gets one issue, then comments.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordDrift } from '../../src/app/record-drift.js';
import type { Finding } from '../../src/core/findings.js';
import type { NotificationOutbox } from '../../src/ports/outbox.js';
import type { Store } from '../../src/ports/store.js';
import { evaluation } from '../storage/fixtures.js';
import { type StoreLocation, TARGETS } from '../storage/targets.js';
import { drain, openBoth, settings, target, workerDeps } from './harness.js';
import { validateJiraComment, validateJiraIssue } from './jira-shape.js';
import { header, type Receiver, reply, startReceiver } from './receivers.js';

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
  before: { type: 'string' },
  after: null,
  count: 1,
  field: `schema:#/properties/${name}`,
});

for (const db of TARGETS) {
  describe.skipIf(db.skipReason !== null)(`recordDrift to receivers on ${db.name}`, () => {
    let loc: StoreLocation;
    let store: Store;
    let outbox: NotificationOutbox;
    const receivers: Receiver[] = [];
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

    it('delivers the events of two runs in order to a generic webhook and to Jira', async () => {
      const generic = await startReceiver((_req, res) => reply(res, 204));
      const jiraCalls: string[] = [];
      const jira = await startReceiver((req, res) => {
        jiraCalls.push(req.path);
        const body = JSON.parse(req.body);
        if (req.path === '/rest/api/3/issue') {
          const problems = validateJiraIssue(body, 3);
          if (problems.length > 0) return reply(res, 400, { errors: problems });
          return reply(res, 201, { id: '10001', key: 'OPS-7', self: `${jira.url}/rest/api/3/issue/10001` });
        }
        const problems = validateJiraComment(body, 3);
        return problems.length > 0 ? reply(res, 400, { errors: problems }) : reply(res, 201, { id: '1' });
      });
      receivers.push(generic, jira);
      const all = target({
        url: `${generic.url}/all`,
        events: ['incident.created', 'incident.updated', 'budget.exceeded', 'incident.resolved'],
      });
      const ticket = target({
        url: `${jira.url}/rest/api/3/issue`,
        kind: 'jira',
        events: ['incident.created', 'incident.updated', 'budget.exceeded'],
        jira: { apiVersion: 3, projectKey: 'OPS', issueType: 'Bug', resolveTransitionId: null },
      });

      const t0 = new Date().toISOString();
      const first = await recordDrift(
        { store, newId: randomUUID },
        { workspaceId: 'w', service: 'users', evaluation: evaluation([removed('email')], t0), at: t0 },
      );
      const t1 = new Date(Date.parse(t0) + 1000).toISOString();
      await recordDrift(
        { store, newId: randomUUID },
        {
          workspaceId: 'w',
          service: 'users',
          evaluation: evaluation([removed('email'), removed('name')], t1),
          at: t1,
        },
      );
      const incidentId = first.incident?.id ?? '';

      const deps = workerDeps(store, outbox);
      await drain(
        deps,
        settings([all, ticket]),
        async () => (await outbox.list({ status: 'delivered' }, { limit: 20 })).items.length === 8,
      );

      expect(generic.requests.map((r) => header(r, 'x-driftgate-event'))).toEqual([
        'incident.created',
        'budget.exceeded',
        'incident.updated',
        'budget.exceeded',
      ]);
      const bodies = generic.requests.map((r) => JSON.parse(r.body));
      expect(bodies[0].data.incident).toMatchObject({
        id: incidentId,
        status: 'open',
        incident_type: 'breaking_change',
      });
      expect(bodies[1].data.budget).toMatchObject({
        incident_id: incidentId,
        operation: 'POST /api/users',
        workspace_id: 'w',
      });
      expect(bodies[2].data.incident.occurrences).toBeGreaterThan(bodies[0].data.incident.occurrences);
      expect(jiraCalls).toEqual([
        '/rest/api/3/issue',
        '/rest/api/3/issue/OPS-7/comment',
        '/rest/api/3/issue/OPS-7/comment',
        '/rest/api/3/issue/OPS-7/comment',
      ]);
      expect((await store.incidents.get(incidentId))?.external_ticket_id).toBe('OPS-7');
    });
  });
}
