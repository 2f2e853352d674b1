// Dogfooding: the server's generated description (GET /api/v1/openapi.json) is diffed with our own diff
// engine against the committed docs/openapi.json; a breaking change to our own API fails the build.
// After an intended, non-breaking API change: UPDATE_OPENAPI=1 npx vitest run test/server/own-contract.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelOf } from '../../src/app/register-spec.js';
import { diffSpecs } from '../../src/core/diff/index.js';
import { TARGETS } from '../storage/targets.js';
import { startTestServer, type TestServer } from './harness.js';

const COMMITTED = new URL('../../docs/openapi.json', import.meta.url);

describe('own contract', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(TARGETS[0]!, { outbox: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('has no breaking change against the committed docs/openapi.json', async () => {
    const current = (await t.call('GET', '/api/v1/openapi.json')).body;
    expect(current.openapi).toBe('3.0.3');
    if (process.env.UPDATE_OPENAPI === '1') writeFileSync(COMMITTED, `${JSON.stringify(current, null, 2)}\n`);
    const committed = JSON.parse(readFileSync(COMMITTED, 'utf8'));
    const diff = diffSpecs(
      modelOf(committed, 'docs/openapi.json'),
      modelOf(current, 'GET /api/v1/openapi.json'),
      {
        today: '2026-11-24',
      },
    );
    const breaking = diff.changes.filter((c) => c.level === 'breaking');
    expect(breaking.map((c) => `${c.operation ?? ''} ${c.id}: ${c.message}`)).toEqual([]);
  });

  it('describes every seed path', async () => {
    const current = (await t.call('GET', '/api/v1/openapi.json')).body;
    const ops = Object.entries(current.paths as Record<string, Record<string, unknown>>).flatMap(
      ([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(ops).toEqual(
      expect.arrayContaining([
        'GET /api/v1/drift/budgets',
        'GET /api/v1/drift/budgets/lookup',
        'POST /api/v1/drift/budgets',
        'POST /api/v1/drift/budgets/workspace',
        'POST /api/v1/drift/budgets/service',
        'GET /api/v1/drift/budgets/{id}',
        'GET /api/v1/drift/incidents',
        'GET /api/v1/drift/incidents/{id}',
        'PATCH /api/v1/drift/incidents/{id}',
        'POST /api/v1/drift/incidents/{id}/resolve',
        'GET /api/v1/drift/incidents/stats',
        'POST /api/v1/drift/gitops/generate-pr',
        'GET /api/v1/drift/metrics',
        'POST /api/v1/drift/specs',
        'GET /healthz',
        'GET /readyz',
        'GET /metrics',
      ]),
    );
    // The document is a valid contract for our own loader.
    expect(modelOf(current, 'openapi.json').operations.length).toBe(ops.length);
  });
});
