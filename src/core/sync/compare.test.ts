import { describe, expect, it } from 'vitest';
import { compareResponses, type RecordedResponse } from './compare.js';
import { shapeOf, shapeSignature } from './shape.js';

const json = { 'content-type': 'application/json' };
const res = (body: unknown, status = 200, headers: Record<string, string> = json): RecordedResponse => ({
  status,
  headers,
  body,
});
const summary = (before: unknown, after: unknown, ignore: string[] = [], status = 200) =>
  compareResponses({
    method: 'GET',
    path: '/x',
    recorded: res(before),
    current: res(after, status),
    ignore,
  }).map((m) => `${m.type} ${m.location} ${JSON.stringify(m.expected)} -> ${JSON.stringify(m.observed)}`);

describe('compareResponses (by shape)', () => {
  it.each([
    ['same shape, new values', { id: 1, at: '2026-01-01' }, { id: 2, at: '2026-02-02' }, []],
    ['integer becomes float', { amount: 10 }, { amount: 10.5 }, []],
    ['field removed', { id: 1, email: 'a@b' }, { id: 1 }, ['field_removed /body/email "string" -> null']],
    ['field added', { id: 1 }, { id: 1, avatar: 'u' }, ['field_added /body/avatar null -> "string"']],
    ['type changed', { id: 1 }, { id: '1' }, ['type_mismatch /body/id "number" -> "string"']],
    ['became null is not a type change', { name: 'a' }, { name: null }, []],
    ['nested object', { a: { b: 1, c: 2 } }, { a: { b: 1 } }, ['field_removed /body/a/c "number" -> null']],
    ['arrays by element shape, not index', [{ id: 1 }, { id: 2 }], [{ id: 3 }], []],
    ['element field removed', [{ id: 1, n: 'a' }], [{ id: 2 }], ['field_removed /body/*/n "string" -> null']],
    ['mixed elements united', [{ id: 1 }, { id: 2, x: true }], [{ id: 1, x: false }], []],
    ['empty array tells nothing', [{ id: 1 }], [], []],
    ['object becomes array', { a: {} }, { a: [] }, ['type_mismatch /body/a "object" -> "array"']],
    ['escaped keys', { 'a/b': 1 }, {}, ['field_removed /body/a~1b "number" -> null']],
    ['null became a value is not a type change', { name: null }, { name: 'a' }, []],
    [
      'nullable value changes type',
      [{ v: null }, { v: 1 }],
      [{ v: 'x' }],
      ['type_mismatch /body/*/v "null | number" -> "string"'],
    ],
    ['mixed element types, one type dropped', [1, 'a'], ['b'], []],
    [
      'mixed element types, new type',
      [1, 2],
      [1, 'a'],
      ['type_mismatch /body/* "number" -> "number | string"'],
    ],
    ['array of arrays', [[{ id: 1 }]], [[{ id: 1, x: 1 }]], ['field_added /body/*/*/x null -> "number"']],
    [
      'deeply nested removal',
      { a: { b: { c: { d: 1, e: 2 } } } },
      { a: { b: { c: { d: 1 } } } },
      ['field_removed /body/a/b/c/e "number" -> null'],
    ],
    ['object inside array becomes null', [{ a: { b: 1 } }], [{ a: null }], []],
    ['scalar body', 'ok', 'still ok', []],
    ['scalar body becomes object', 'ok', { ok: true }, ['type_mismatch /body "string" -> "object"']],
  ])('%s', (_name, before, after, expected) => {
    expect(summary(before, after)).toEqual(expected);
  });

  it.each([
    [['/body/updated_at'], { updated_at: 1 }, { updated_at: 'x' }, []],
    [['/body/**/etag'], { a: { b: { etag: 1 } } }, { a: { b: {} } }, []],
    [['/body/*/meta'], [{ meta: 1 }], [{ meta: {} }], []],
    [['/body/**'], { a: 1 }, { b: 'x' }, []],
    [['/body/items/*/updated_at'], { items: [{ updated_at: 'x' }] }, { items: [{ updated_at: 1 }] }, []],
    [['/body/a'], { a: 1 }, {}, []],
    [['/body/new_*'], {}, { new_thing: 1 }, []],
    [['/status'], 1, 1, []],
    [
      ['/body/other'],
      { updated_at: 1 },
      { updated_at: 'x' },
      ['type_mismatch /body/updated_at "number" -> "string"'],
    ],
  ])('ignore %j', (ignore, before, after, expected) => {
    expect(summary(before, after, ignore)).toEqual(expected);
  });

  it('reports status and content-type changes with the new status', () => {
    const out = compareResponses({
      method: 'GET',
      path: '/x',
      recorded: res({ a: 1 }),
      current: {
        status: 503,
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
        bodyText: '<h1>down</h1>',
      },
    });
    expect(out.map((m) => [m.type, m.location, m.expected, m.observed, m.status, m.severity])).toEqual([
      ['status_changed', '/status', 200, 503, 503, 'high'],
      ['header_mismatch', '/headers/content-type', 'application/json', 'text/html', 503, 'medium'],
    ]);
  });

  it('signs shapes independently of key order and values', () => {
    expect(shapeSignature(shapeOf({ b: [1, 2], a: 'x' }))).toBe(shapeSignature(shapeOf({ a: 'y', b: [3] })));
    expect(shapeSignature(shapeOf({ a: 1 }))).not.toBe(shapeSignature(shapeOf({ a: '1' })));
  });
});
