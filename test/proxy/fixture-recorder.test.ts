// FixtureRecorder's quick keys: a repeated shape is recognised without redaction or hashing, a new shape
// still gets its own file, and responses that differ only in redacted fields share one file.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FixtureRecorder, quickShapeKey } from '../../src/adapters/fixtures/fs-fixtures.js';
import type { ExchangeRequest, ExchangeResponse } from '../../src/core/traffic/index.js';
import { redactMessage } from '../../src/core/traffic/index.js';

const res = (body: unknown): ExchangeResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body,
});
const req: ExchangeRequest = { method: 'GET', url: '/api/users/1', headers: {} };

describe('FixtureRecorder quick keys', () => {
  it('distinguishes value types, keys and nesting, not values', () => {
    expect(quickShapeKey(res({ a: 1, b: 'x' }))).toBe(quickShapeKey(res({ a: 2, b: 'y' })));
    expect(quickShapeKey(res({ a: 1 }))).not.toBe(quickShapeKey(res({ a: '1' })));
    expect(quickShapeKey(res({ a: { b: 1 } }))).not.toBe(quickShapeKey(res({ 'a{1:b': 1 })));
    expect(quickShapeKey({ headers: {}, bodyText: 'hi' })).not.toBe(quickShapeKey({ headers: {} }));
  });

  it('writes each shape once and skips redaction for known ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'driftgate-fixrec-'));
    try {
      const rec = new FixtureRecorder(dir);
      let redactions = 0;
      const redact = (e: { request: ExchangeRequest; response: ExchangeResponse }) => {
        redactions++;
        return { request: e.request, response: redactMessage(e.response) };
      };
      const put = (body: unknown) =>
        rec.record('GET', '/api/users/{id}', { request: req, response: res(body) }, redact);
      expect(await put({ id: 1, token: 5 })).toBe('get/api__users__{id}/200.json');
      expect(await put({ id: 2, token: 6 })).toBeNull();
      expect(await put({ id: 3, token: 'x' })).toBeNull(); // another quick key, the same file shape
      expect(await put({ id: 4, name: 'n' })).toMatch(/^get\/api__users__\{id\}\/200~[0-9a-f]{16}\.json$/);
      expect(await put({ id: 5, token: 'y' })).toBeNull();
      expect({ written: rec.written, quickHits: rec.quickHits, redactions }).toEqual({
        written: 2,
        quickHits: 2,
        redactions: 3,
      });
      expect((await readdir(join(dir, 'get/api__users__{id}'))).length).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
