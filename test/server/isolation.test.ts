// Auth and workspace isolation (issue 6): a token never sees or changes another workspace's budgets,
// incidents or metrics. Every endpoint, table-driven, against a real SQLite store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TARGETS } from '../storage/targets.js';
import { specVersion, startTestServer, type TestServer } from './harness.js';

const ADMIN = 'admin-token-0123456789';
const WRITER_A = 'writer-a-token-0123456789';
const READER_A = 'reader-a-token-0123456789';
const WRITER_B = 'writer-b-token-0123456789';

describe('auth and workspace isolation', () => {
  let t: TestServer;
  let incidentA: string;
  let budgetA: string;

  beforeAll(async () => {
    t = await startTestServer(TARGETS[0]!, {
      tokens: [
        { token: ADMIN, role: 'admin', workspaces: '*', name: 'root' },
        { token: WRITER_A, role: 'writer', workspaces: ['ws-a'] },
        { token: READER_A, role: 'reader', workspaces: ['ws-a'] },
        { token: WRITER_B, role: 'writer', workspaces: ['ws-b'] },
      ],
    });
    for (const v of [1, 2] as const) {
      const r = await t.call('POST', '/api/v1/drift/specs', {
        token: WRITER_A,
        body: { workspace_id: 'ws-a', spec: specVersion(v) },
      });
      expect(r.status).toBe(201);
      if (v === 2) incidentA = r.body.incident_ids[0];
    }
    const b = await t.call('POST', '/api/v1/drift/budgets/workspace', {
      token: WRITER_A,
      body: { workspace_id: 'ws-a', max_breaking_changes: 2 },
    });
    expect(b.status).toBe(201);
    budgetA = b.body.id;
    expect(incidentA).toEqual(expect.any(String));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('rejects requests without a token (401) and unknown tokens (401), but not ops endpoints', async () => {
    for (const url of ['/api/v1/drift/incidents', '/api/v1/drift/budgets', '/api/v1/drift/metrics']) {
      const r = await t.call('GET', url);
      expect(r.status).toBe(401);
      expect(r.body.code).toBe('auth.unauthorized');
      expect((await t.call('GET', url, { token: 'not-a-token-at-all-xyz' })).status).toBe(401);
    }
    expect((await t.call('GET', '/healthz')).status).toBe(200);
    expect((await t.call('GET', '/api/v1/openapi.json')).status).toBe(200);
  });

  // [method, url, body, status for writer B (other workspace), status for reader A (own workspace, read-only)]
  const cases: [string, () => string, unknown, number, number][] = [
    ['GET', () => `/api/v1/drift/incidents/${incidentA}`, undefined, 404, 200],
    ['PATCH', () => `/api/v1/drift/incidents/${incidentA}`, { status: 'acknowledged' }, 404, 403],
    ['POST', () => `/api/v1/drift/incidents/${incidentA}/resolve`, {}, 404, 403],
    ['GET', () => '/api/v1/drift/incidents?workspace_id=ws-a', undefined, 404, 200],
    ['GET', () => '/api/v1/drift/incidents/stats?workspace_id=ws-a', undefined, 404, 200],
    ['GET', () => '/api/v1/drift/metrics?workspace_id=ws-a', undefined, 404, 200],
    ['GET', () => `/api/v1/drift/budgets/${budgetA}`, undefined, 404, 200],
    [
      'GET',
      () => '/api/v1/drift/budgets/lookup?workspace_id=ws-a&endpoint=/a&method=GET',
      undefined,
      404,
      200,
    ],
    [
      'POST',
      () => '/api/v1/drift/budgets/workspace',
      { workspace_id: 'ws-a', max_breaking_changes: 9 },
      403,
      403,
    ],
    [
      'POST',
      () => '/api/v1/drift/budgets',
      { endpoint: '/a', method: 'GET', workspace_id: 'ws-a' },
      403,
      403,
    ],
    ['POST', () => '/api/v1/drift/budgets/service', { service_name: 's', workspace_id: 'ws-a' }, 403, 403],
    ['POST', () => '/api/v1/drift/specs', { workspace_id: 'ws-a', spec: specVersion(1) }, 404, 403],
    ['POST', () => '/api/v1/drift/gitops/generate-pr', { incident_ids: ['INCIDENT_A'] }, 404, 403],
    ['POST', () => '/api/v1/drift/gitops/generate-pr', { status: 'open', workspace_id: 'ws-a' }, 404, 403],
    ['POST', () => '/api/v1/drift/exchanges?workspace_id=ws-a', [], 404, 403],
  ];

  const withIds = (b: unknown) => JSON.parse(JSON.stringify(b).replace('INCIDENT_A', incidentA));

  it.each(cases)('%s %s: other workspace → %#', async (method, url, body, otherStatus) => {
    const r = await t.call(method, url(), {
      token: WRITER_B,
      ...(body !== undefined ? { body: withIds(body) } : {}),
    });
    expect(r.status).toBe(otherStatus);
    expect(r.headers['content-type']).toContain('application/problem+json');
  });

  it.each(cases)('%s %s: reader of the workspace', async (method, url, body, _other, readerStatus) => {
    const r = await t.call(method, url(), {
      token: READER_A,
      ...(body !== undefined ? { body: withIds(body) } : {}),
    });
    expect(r.status).toBe(readerStatus);
  });

  it('lists only the caller’s workspaces without an explicit filter', async () => {
    const b = await t.call('GET', '/api/v1/drift/incidents', { token: WRITER_B });
    expect(b.status).toBe(200);
    expect(b.body.total).toBe(0);
    const a = await t.call('GET', '/api/v1/drift/incidents', { token: READER_A });
    expect(a.body.total).toBe(1);
    const stats = await t.call('GET', '/api/v1/drift/incidents/stats', { token: WRITER_B });
    expect(stats.body.total).toBe(0);
    const budgets = await t.call('GET', '/api/v1/drift/budgets', { token: WRITER_B });
    expect(budgets.body.budgets.map((x: { id: string }) => x.id)).not.toContain(budgetA);
    const all = await t.call('GET', '/api/v1/drift/incidents', { token: ADMIN });
    expect(all.body.total).toBe(1);
  });

  it('lets only admins create budgets for every workspace', async () => {
    const w = await t.call('POST', '/api/v1/drift/budgets/service', {
      token: WRITER_A,
      body: { service_name: 'global' },
    });
    expect(w.status).toBe(403);
    const a = await t.call('POST', '/api/v1/drift/budgets/service', {
      token: ADMIN,
      body: { service_name: 'global' },
    });
    expect(a.status).toBe(201);
    expect(a.body.workspace_id).toBeNull();
  });

  it('leaves the other workspace’s incident untouched', async () => {
    const r = await t.call('GET', `/api/v1/drift/incidents/${incidentA}`, { token: ADMIN });
    expect(r.body.status).toBe('open');
    expect(r.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created']);
  });
});
