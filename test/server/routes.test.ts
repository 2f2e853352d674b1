// Route tests on a real store (SQLite file; PostgreSQL when TEST_DATABASE_URL is set): the seed's curl
// bodies verbatim, the spec → budget → incident pipeline, incident lifecycle, problem+json, limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TARGETS } from '../storage/targets.js';
import { NOW, specVersion, startTestServer, type TestServer } from './harness.js';

for (const target of TARGETS) {
  describe.skipIf(target.skipReason !== null)(`server routes on ${target.name}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer(target, { env: { DRIFTGATE_INGEST_LIMIT_BYTES: '200000' } });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('accepts the seed curl examples verbatim and uses them at once', async () => {
      const ws = await t.call('POST', '/api/v1/drift/budgets/workspace', {
        body: {
          workspace_id: 'workspace-1',
          max_breaking_changes: 0,
          max_non_breaking_changes: 5,
          enabled: true,
        },
      });
      expect(ws.status).toBe(201);
      expect(ws.body).toMatchObject({
        level: 'workspace',
        key: 'workspace-1',
        workspace_id: 'workspace-1',
        max_non_breaking_changes: 5,
      });
      const svc = await t.call('POST', '/api/v1/drift/budgets/service', {
        body: {
          service_name: 'user-service',
          max_breaking_changes: 0,
          max_non_breaking_changes: 15,
          max_field_churn_percent: 5.0,
          time_window_days: 30,
          enabled: true,
        },
      });
      expect(svc.status).toBe(201);
      const ep = await t.call('POST', '/api/v1/drift/budgets', {
        body: {
          endpoint: '/api/users',
          method: 'POST',
          max_breaking_changes: 0,
          max_non_breaking_changes: 3,
          enabled: true,
        },
      });
      expect(ep.status).toBe(201);
      expect(ep.body.key).toBe('POST /api/users');

      const one = await t.call('GET', `/api/v1/drift/budgets/${ep.body.id}`);
      expect(one.status).toBe(200);
      expect(one.body.id).toBe(ep.body.id);

      const list = await t.call('GET', '/api/v1/drift/budgets');
      expect(list.body.total).toBe(3);
      expect(list.body.budgets.map((b: { level: string }) => b.level).sort()).toEqual([
        'endpoint',
        'service',
        'workspace',
      ]);

      const lookup = await t.call(
        'GET',
        '/api/v1/drift/budgets/lookup?endpoint=/api/users&method=post&workspace_id=workspace-1&service=user-service',
      );
      expect(lookup.status).toBe(200);
      expect(lookup.body.effective).toEqual({
        max_breaking_changes: 0,
        max_potentially_breaking_changes: null,
        max_non_breaking_changes: 3,
        severity_threshold: 'high',
        max_field_churn_percent: 5,
        time_window_days: 30,
      });
      expect(lookup.body.sources.max_non_breaking_changes.level).toBe('endpoint');
      expect(lookup.body.sources.max_field_churn_percent.level).toBe('service');

      // Same scope again replaces the fields and keeps the id.
      const again = await t.call('POST', '/api/v1/drift/budgets', {
        body: { endpoint: '/api/users', method: 'post', max_non_breaking_changes: 4 },
      });
      expect(again.body.id).toBe(ep.body.id);
      expect(again.body.max_non_breaking_changes).toBe(4);
    });

    it.each([
      [
        '/api/v1/drift/budgets',
        { endpoint: 'api/users', max_breaking_changes: -1 },
        ['body.endpoint', 'body.max_breaking_changes'],
      ],
      ['/api/v1/drift/budgets/workspace', { max_breaking_changes: 0 }, ['body.workspace_id']],
      [
        '/api/v1/drift/budgets/service',
        { service_name: 'x', severity_threshold: 'urgent' },
        ['body.severity_threshold'],
      ],
      ['/api/v1/drift/budgets/service', { service_name: 'x', bogus: 1 }, ['body']],
    ])('POST %s with %j → 400 naming %j', async (url, body, fields) => {
      const r = await t.call('POST', url, { body });
      expect(r.status).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.body.code).toBe('request.invalid');
      expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual(fields);
    });

    it('registers spec versions, diffs them, and opens a breaking-change incident', async () => {
      const v1 = await t.call('POST', '/api/v1/drift/specs', {
        body: { workspace_id: 'w1', service_name: 'svc', version: 'v1', spec: specVersion(1) },
      });
      expect(v1.status).toBe(201);
      expect(v1.body).toMatchObject({ created: true, previous_id: null, incident_ids: [] });
      expect(v1.body.changes).toEqual({ breaking: 0, potentially_breaking: 0, non_breaking: 0 });

      const v2 = await t.call('POST', '/api/v1/drift/specs', {
        body: {
          workspace_id: 'w1',
          service_name: 'svc',
          version: 'v2',
          spec: JSON.stringify(specVersion(2)),
        },
      });
      expect(v2.status).toBe(201);
      expect(v2.body.previous_id).toBe(v1.body.id);
      expect(v2.body.changes.breaking).toBe(1);
      expect(v2.body.incident_ids).toHaveLength(1);

      const inc = await t.call('GET', `/api/v1/drift/incidents/${v2.body.incident_ids[0]}`);
      expect(inc.status).toBe(200);
      expect(inc.body).toMatchObject({
        endpoint: '/b',
        method: 'GET',
        incident_type: 'breaking_change',
        status: 'open',
        workspace_id: 'w1',
        contract_diff_id: v2.body.id,
        occurrences: 1,
      });
      expect(inc.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created']);

      // The same document again is not a new version.
      const same = await t.call('POST', '/api/v1/drift/specs', {
        body: { workspace_id: 'w1', service_name: 'svc', spec: specVersion(2) },
      });
      expect(same.status).toBe(200);
      expect(same.body).toMatchObject({ id: v2.body.id, created: false, incident_ids: [] });
    });

    it.each([
      ['YAML syntax error', 'openapi: 3.0.0\ninfo:\n  title: x\n   version: 1\n', 422, 'spec.parse'],
      ['not a spec', '{"hello": "world"}', 422, 'spec.not_openapi'],
      [
        'dangling ref',
        JSON.stringify({
          openapi: '3.0.0',
          paths: { '/x': { get: { responses: { 200: { $ref: '#/nope' } } } } },
        }),
        422,
        'spec.ref_dangling',
      ],
    ])('rejects a spec with a %s as problem+json %i, storing nothing', async (_n, spec, status, code) => {
      const r = await t.call('POST', '/api/v1/drift/specs', { body: { workspace_id: 'bad', spec } });
      expect(r.status).toBe(status);
      expect(r.body.code).toBe(code);
      expect(r.body.errors.length).toBeGreaterThan(0);
      expect(await t.server.store.contracts.latest('bad', '')).toBeUndefined();
    });

    it('lists with filters, exact totals and cursors; acknowledges and resolves; refuses illegal transitions', async () => {
      // Three more breaking incidents in w2: each version removes another endpoint.
      const spec = (paths: string[]) => ({
        openapi: '3.0.3',
        info: { title: 'S', version: '1' },
        paths: Object.fromEntries(
          paths.map((p) => [p, { get: { responses: { 200: { description: 'ok' } } } }]),
        ),
      });
      const versions = [['/p1', '/p2', '/p3', '/p4'], ['/p2', '/p3', '/p4'], ['/p3', '/p4'], ['/p4']];
      for (const v of versions) {
        const r = await t.call('POST', '/api/v1/drift/specs', {
          body: { workspace_id: 'w2', spec: spec(v) },
        });
        expect(r.status).toBe(201);
      }
      const all = await t.call('GET', '/api/v1/drift/incidents?workspace_id=w2&limit=2');
      expect(all.status).toBe(200);
      expect(all.body.total).toBe(3);
      expect(all.body.incidents).toHaveLength(2);
      expect(all.body.next_cursor).toEqual(expect.any(String));
      const rest = await t.call(
        'GET',
        `/api/v1/drift/incidents?workspace_id=w2&limit=2&cursor=${encodeURIComponent(all.body.next_cursor)}`,
      );
      expect(rest.body.incidents).toHaveLength(1);
      expect(rest.body.next_cursor).toBeNull();
      const endpoints = [...all.body.incidents, ...rest.body.incidents]
        .map((i: { endpoint: string }) => i.endpoint)
        .sort();
      expect(endpoints).toEqual(['/p1', '/p2', '/p3']);

      const byEndpoint = await t.call(
        'GET',
        '/api/v1/drift/incidents?workspace_id=w2&endpoint=/p2&method=get',
      );
      expect(byEndpoint.body.total).toBe(1);
      const id = byEndpoint.body.incidents[0].id;

      const ack = await t.call('PATCH', `/api/v1/drift/incidents/${id}`, {
        body: { status: 'acknowledged', note: 'looking' },
      });
      expect(ack.status).toBe(200);
      expect(ack.body.status).toBe('acknowledged');
      expect(ack.body.acknowledged_at).toBe(NOW);
      const ticket = await t.call('PATCH', `/api/v1/drift/incidents/${id}`, {
        body: { external_ticket_id: 'PROJ-1', external_ticket_url: 'https://jira.example.com/browse/PROJ-1' },
      });
      expect(ticket.body.external_ticket_id).toBe('PROJ-1');
      const resolved = await t.call('POST', `/api/v1/drift/incidents/${id}/resolve`);
      expect(resolved.status).toBe(200);
      expect(resolved.body.status).toBe('resolved');
      const illegal = await t.call('PATCH', `/api/v1/drift/incidents/${id}`, {
        body: { status: 'acknowledged' },
      });
      expect(illegal.status).toBe(409);
      expect(illegal.body.code).toBe('incident.illegal_transition');

      const open = await t.call('GET', '/api/v1/drift/incidents?workspace_id=w2&status=open,acknowledged');
      expect(open.body.total).toBe(2);
      const stats = await t.call('GET', '/api/v1/drift/incidents/stats?workspace_id=w2');
      expect(stats.body.total).toBe(3);
      expect(stats.body.by_status).toMatchObject({ open: 2, resolved: 1 });

      const events = (await t.server.store.outbox.list()).map((r) => r.event_type);
      expect(events).toEqual(
        expect.arrayContaining(['incident.created', 'incident.acknowledged', 'incident.resolved']),
      );

      const missing = await t.call('GET', '/api/v1/drift/incidents/nope');
      expect(missing.status).toBe(404);
      expect(missing.body.type).toBe('https://driftgate.dev/problems/store-not-found');
      const badFilter = await t.call('GET', '/api/v1/drift/incidents?status=opened&limit=0');
      expect(badFilter.status).toBe(400);
      expect(badFilter.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'query.limit',
        'query.status.0',
      ]);
    });

    it('serves metrics as zero-filled daily series', async () => {
      const r = await t.call(
        'GET',
        '/api/v1/drift/metrics?bucket=day&since=2026-11-18T00:00:00Z&until=2026-11-21T00:00:00Z&workspace_id=w2',
      );
      expect(r.status).toBe(200);
      expect(r.body.points.map((p: { t: string }) => p.t)).toEqual([
        '2026-11-18T00:00:00.000Z',
        '2026-11-19T00:00:00.000Z',
        '2026-11-20T00:00:00.000Z',
      ]);
      expect(r.body.points[2].drift.breaking).toBe(3);
      expect(r.body.points[2].incidents_opened).toBe(3);
    });

    it('answers 413 problem+json beyond the body limit, 404 for unknown routes, 501 for unconfigured GitOps', async () => {
      const big = await t.call('POST', '/api/v1/drift/specs', {
        body: { workspace_id: 'w', spec: { openapi: '3.0.0', paths: {}, 'x-pad': 'x'.repeat(300_000) } },
      });
      expect(big.status).toBe(413);
      expect(big.headers['content-type']).toContain('application/problem+json');
      const nf = await t.call('GET', '/api/v1/drift/nothing');
      expect(nf.status).toBe(404);
      expect(nf.body.code).toBe('not_found');
      const pr = await t.call('POST', '/api/v1/drift/gitops/generate-pr', {
        body: { status: 'open', workspace_id: 'w1' },
      });
      expect(pr.status).toBe(501);
      expect(pr.body.code).toBe('not_implemented');
    });

    it('exposes ops endpoints and Prometheus metrics labelled by route template', async () => {
      expect((await t.call('GET', '/healthz')).body).toEqual({ status: 'ok' });
      const ready = await t.call('GET', '/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body.status).toBe('ready');
      const m = await t.call('GET', '/metrics');
      expect(m.status).toBe(200);
      expect(m.text).toContain('route="/api/v1/drift/incidents/:id"');
      expect(m.text).not.toMatch(/route="\/api\/v1\/drift\/incidents\/[0-9a-f-]{36}"/);
      expect(m.text).toContain('driftgate_incidents_total{outcome="created"}');
    });
  });
}

describe('ingestion rate limit', () => {
  it('answers 429 problem+json with Retry-After past the per-caller rate', async () => {
    const t = await startTestServer(TARGETS[0]!, { env: { DRIFTGATE_INGEST_RATE_PER_MINUTE: '6' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await t.call('POST', '/api/v1/drift/specs', {
          body: { workspace_id: 'r', spec: specVersion(1) },
        });
        statuses.push(r.status);
        if (r.status === 429) {
          expect(r.headers['retry-after']).toBe('10');
          expect(r.body.code).toBe('rate_limited');
        }
      }
      expect(statuses).toEqual([201, 429, 429]);
    } finally {
      await t.close();
    }
  });
});
