import { describe, expect, it } from 'vitest';
import { syncFinding } from './findings.js';
import { fixtureVariantPath, parseFixtureName, responseShapeHash } from './variants.js';

const json = { 'content-type': 'application/json; charset=utf-8' };

describe('fixture variants (one file per status and response shape)', () => {
  it.each([
    ['fixtures', 'GET', '/api/users/{id}', 200, null, 'fixtures/get/api__users__{id}/200.json'],
    ['fixtures/', 'POST', '/api/users', 201, 'ab12', 'fixtures/post/api__users/201~ab12.json'],
    ['', 'get', '/', 404, null, 'get/_root/404.json'],
  ] as const)('%s %s %s %s %s -> %s', (dir, method, template, status, hash, expected) => {
    expect(fixtureVariantPath(dir, method, template, status, hash)).toBe(expected);
  });

  it.each([
    ['200.json', { status: 200, shapeHash: null }],
    ['404~0123456789abcdef.json', { status: 404, shapeHash: '0123456789abcdef' }],
    ['default.json', null],
    ['200.json.tmp', null],
    ['20.json', null],
    ['200~XYZ.json', null],
  ])('parses %s', (name, expected) => {
    expect(parseFixtureName(name)).toEqual(expected);
  });

  it('hashes shape and media type, not values', () => {
    const h = (headers: Record<string, string>, body: unknown) => responseShapeHash({ headers, body });
    expect(h(json, { id: 1, at: 'a' })).toBe(h({ 'Content-Type': 'application/json' }, { at: 'b', id: 2 }));
    expect(h(json, { id: 1 })).not.toBe(h(json, { id: '1' }));
    expect(h(json, { id: 1 })).not.toBe(h({ 'content-type': 'application/problem+json' }, { id: 1 }));
    expect(h(json, [{ a: 1 }, { a: 2 }])).toBe(h(json, [{ a: 3 }]));
    expect(responseShapeHash({ headers: {} })).not.toBe(responseShapeHash({ headers: {}, bodyText: 'x' }));
    expect(h(json, {})).toMatch(/^[0-9a-f]{16}$/);
  });

  it('sync findings carry the cycle id, the recorded exchange as before and the new one as after', () => {
    const before = {
      request: { method: 'GET', url: '/u/1', headers: {} },
      response: { status: 200, headers: json, body: { a: 1 } },
    };
    const after = { request: before.request, response: { status: 200, headers: json, body: {} } };
    const f = syncFinding(
      {
        type: 'field_removed',
        direction: 'response',
        severity: 'high',
        method: 'GET',
        path: '/u/{id}',
        status: 200,
        location: '/body/a',
        specLocation: null,
        expected: 'number',
        observed: null,
        message: '/body/a: field removed (was number)',
      },
      { before, after },
      'cycle-1',
    );
    expect(f).toEqual({
      source: 'sync',
      code: 'field_removed',
      level: null,
      severity: 'high',
      direction: 'response',
      method: 'GET',
      path: '/u/{id}',
      location: '/body/a',
      message: '/body/a: field removed (was number)',
      before,
      after,
      count: 1,
      field: 'schema:/body/a',
      syncCycleId: 'cycle-1',
    });
  });
});
