// POST /api/v1/drift/exchanges: JSON array and JSONL stream against the registered contract, through the
// budget and incident pipeline; malformed lines counted; 404 without a contract; 413 past the cap.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSpecText } from '../../src/core/openapi/index.js';
import { TARGETS } from '../storage/targets.js';
import { startTestServer, type TestServer } from './harness.js';

const EXAMPLE = new URL('../../examples/quickstart/', import.meta.url);
const specV2 = parseSpecText(readFileSync(new URL('users-api.v2.yaml', EXAMPLE), 'utf8'), 'v2');
const trafficText = readFileSync(new URL('traffic.jsonl', EXAMPLE), 'utf8');
const traffic = trafficText
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));

for (const target of TARGETS) {
  describe.skipIf(target.skipReason !== null)(`exchange ingestion on ${target.name}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer(target, { env: { DRIFTGATE_INGEST_LIMIT_BYTES: '20000' } });
      const r = await t.call('POST', '/api/v1/drift/specs', {
        body: { workspace_id: 'shop', service_name: 'users-api', spec: specV2 },
      });
      expect(r.status).toBe(201);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('analyses a JSON array and opens incidents for the operations over budget', async () => {
      const r = await t.call('POST', '/api/v1/drift/exchanges?workspace_id=shop&service_name=users-api', {
        body: traffic,
      });
      expect(r.status).toBe(200);
      expect(r.body.summary).toEqual({
        exchanges: 5,
        matched: 4,
        unmatched: 1,
        malformed: 0,
        breaking: 2,
        potentially_breaking: 3,
        non_breaking: 1,
      });
      expect(
        r.body.mismatches.map(
          (m: { type: string; operation: string | null; location: string }) =>
            `${m.type} ${m.operation} ${m.location}`,
        ),
      ).toEqual([
        'missing_required_field POST /api/users /body/name',
        'type_mismatch GET /api/users/{id} /body/id',
        'enum_violation GET /api/users /body/*/plan',
        'undocumented_status GET /api/users/{id} /status',
        'unknown_endpoint null /path',
        'unexpected_field GET /api/users /body/*/avatar_url',
      ]);
      // The secret in ex-1's authorization header never leaves the process.
      expect(JSON.stringify(r.body)).not.toContain('sk_live_do_not_log');
      const list = await t.call('GET', '/api/v1/drift/incidents?workspace_id=shop&status=open');
      const got = list.body.incidents
        .map(
          (i: { method: string; endpoint: string; incident_type: string }) =>
            `${i.method} ${i.endpoint} ${i.incident_type}`,
        )
        .sort();
      expect(got).toEqual(['GET /api/users/{id} breaking_change', 'POST /api/users breaking_change']);
      expect(r.body.incident_ids).toHaveLength(2);
      const one = await t.call('GET', `/api/v1/drift/incidents/${r.body.incident_ids[0]}`);
      expect(one.body.before_sample).not.toBeNull();
      expect(one.body.after_sample).not.toBeNull();
    });

    it('streams JSONL, counts malformed lines, and updates the same incidents instead of duplicating', async () => {
      const body = `${trafficText.trim()}\nnot json\n{"request": {}}\n`;
      const r = await t.call('POST', '/api/v1/drift/exchanges?workspace_id=shop&service_name=users-api', {
        payload: body,
        headers: { 'content-type': 'application/x-ndjson' },
      });
      expect(r.status).toBe(200);
      expect(r.body.summary.exchanges).toBe(5);
      expect(r.body.summary.malformed).toBe(2);
      expect(r.body.malformed.map((m: { line: number }) => m.line)).toEqual([6, 7]);
      const list = await t.call('GET', '/api/v1/drift/incidents?workspace_id=shop');
      expect(list.body.total).toBe(2);
      expect(list.body.incidents.every((i: { occurrences: number }) => i.occurrences >= 2)).toBe(true);
    });

    it('answers 404 problem without a registered contract, 413 past the cap, 400 for a non-array', async () => {
      const none = await t.call('POST', '/api/v1/drift/exchanges?workspace_id=nobody', { body: traffic });
      expect(none.status).toBe(404);
      expect(none.body.detail).toContain('POST /api/v1/drift/specs first');
      const big = await t.call('POST', '/api/v1/drift/exchanges?workspace_id=shop&service_name=users-api', {
        payload: `${trafficText}`.repeat(20),
        headers: { 'content-type': 'application/x-ndjson' },
      });
      expect(big.status).toBe(413);
      expect(big.body.code).toBe('request.too_large');
      const notArray = await t.call(
        'POST',
        '/api/v1/drift/exchanges?workspace_id=shop&service_name=users-api',
        {
          body: { request: {} },
        },
      );
      expect(notArray.status).toBe(400);
      const noWs = await t.call('POST', '/api/v1/drift/exchanges', { body: traffic });
      expect(noWs.status).toBe(400);
      expect(noWs.body.errors[0].field).toBe('query.workspace_id');
    });
  });
}
