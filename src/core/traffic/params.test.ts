import { describe, expect, it } from 'vitest';
import { buildApiDocument } from '../openapi/index.js';
import { deserializeQuery, deserializeString, type ParamSpec } from './params.js';
import { buildSchemaSet } from './schemas.js';

const set = buildSchemaSet(
  buildApiDocument(
    'mem://s',
    new Map([['mem://s', { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} }]]),
  ),
);
const arr = { type: 'array', items: { type: 'integer' } };
const obj = { type: 'object', properties: { r: { type: 'integer' }, g: { type: 'integer' } } };
const p = (style: string, explode: boolean, schema: unknown, where: ParamSpec['in'] = 'path'): ParamSpec => ({
  name: 'c',
  in: where,
  style,
  explode,
  schema,
});

describe('parameter deserialization (OAS 3.1 §4.8.12.4 style examples)', () => {
  it.each([
    ['simple', false, arr, '3,4,5', [3, 4, 5]],
    ['simple', false, obj, 'r,100,g,200', { r: 100, g: 200 }],
    ['simple', true, obj, 'r=100,g=200', { r: 100, g: 200 }],
    ['label', false, arr, '.3,4,5', [3, 4, 5]],
    ['label', true, arr, '.3.4.5', [3, 4, 5]],
    ['matrix', false, { type: 'integer' }, ';c=5', 5],
    ['matrix', false, arr, ';c=3,4,5', [3, 4, 5]],
    ['matrix', true, arr, ';c=3;c=4;c=5', [3, 4, 5]],
    ['matrix', true, obj, ';r=100;g=200', { r: 100, g: 200 }],
    ['simple', false, { type: 'boolean' }, 'true', true],
    ['simple', false, { type: 'integer' }, 'x1', 'x1'],
  ])('%s explode=%s %j: %s', (style, explode, schema, raw, value) => {
    expect(deserializeString(set, p(style, explode, schema), raw)).toEqual(value);
  });

  const q = (pairs: [string, string][], spec: ParamSpec) => deserializeQuery(set, spec, pairs, new Set());
  it.each([
    [
      'form',
      true,
      arr,
      [
        ['c', '3'],
        ['c', '4'],
      ],
      [3, 4],
    ],
    ['form', false, arr, [['c', '3,4']], [3, 4]],
    [
      'form',
      true,
      obj,
      [
        ['r', '1'],
        ['g', '2'],
        ['x', '9'],
      ],
      { r: 1, g: 2 },
    ],
    ['form', false, obj, [['c', 'r,1,g,2']], { r: 1, g: 2 }],
    ['spaceDelimited', false, arr, [['c', '3 4']], [3, 4]],
    ['pipeDelimited', false, arr, [['c', '3|4']], [3, 4]],
    [
      'deepObject',
      true,
      obj,
      [
        ['c[r]', '1'],
        ['c[g]', '2'],
      ],
      { r: 1, g: 2 },
    ],
    ['form', true, { type: 'number' }, [['c', '2.5']], 2.5],
    ['form', true, { type: 'string' }, [['d', '1']], undefined],
  ] as const)('query %s explode=%s %j', (style, explode, schema, pairs, value) => {
    expect(q(pairs as unknown as [string, string][], p(style, explode, schema, 'query'))).toEqual(value);
  });
});
