import { expect, test } from 'vitest';
import { buildApiDocument } from '../openapi/index.js';
import { diffSpecs } from './index.js';

const doc = (paths: Record<string, unknown>) =>
  buildApiDocument(
    'mem.yaml',
    new Map([['mem.yaml', { openapi: '3.1.0', info: { title: 't', version: '1' }, paths }]]),
  );

test('a bad options.today is a usage error, not a silent wrong answer', () => {
  expect(() => diffSpecs(doc({}), doc({}), { today: 'tomorrow' })).toThrow(/YYYY-MM-DD/);
});

test('renaming a path parameter is not a removal plus an addition', () => {
  const get = (name: string) => ({
    get: {
      parameters: [{ name, in: 'path', required: true, schema: { type: 'string' } }],
      responses: { '200': { description: 'ok' } },
    },
  });
  const result = diffSpecs(doc({ '/u/{id}': get('id') }), doc({ '/u/{userId}': get('userId') }), {
    today: '2026-01-01',
  });
  expect(result.changes).toEqual([]);
});

test('summary counts changes per level', () => {
  const op = { get: { responses: { '200': { description: 'ok' } } } };
  const result = diffSpecs(doc({ '/a': op }), doc({ '/b': op }), { today: '2026-01-01' });
  expect(result.changes.map((c) => c.id)).toEqual(['api-path-removed-without-deprecation', 'endpoint-added']);
  expect(result.summary).toEqual({ breaking: 1, potentially_breaking: 0, non_breaking: 1 });
});
