import { describe, expect, it } from 'vitest';
import type { Finding } from '../findings.js';
import { buildApiDocument } from '../openapi/document.js';
import { churnField, countOperationFields, operationFields } from './fields.js';

function doc(root: unknown) {
  return buildApiDocument('mem://spec.json', new Map([['mem://spec.json', root]]));
}

const SPEC = doc({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: {
    '/users/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: {
        parameters: [{ $ref: '#/components/parameters/Verbose' }],
        responses: {
          '200': {
            description: 'ok',
            headers: { 'X-Rate-Limit': { schema: { type: 'integer' } } },
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/User' } },
              'application/xml': { schema: { $ref: '#/components/schemas/User' } },
            },
          },
          '404': { description: 'missing' },
        },
      },
      put: {
        requestBody: {
          content: {
            'application/json': {
              schema: {
                allOf: [{ $ref: '#/components/schemas/User' }, { properties: { note: { type: 'string' } } }],
              },
            },
          },
        },
        responses: { '204': { description: 'done' } },
      },
    },
    '/empty': { get: { responses: {} } },
  },
  components: {
    parameters: { Verbose: { name: 'verbose', in: 'query', schema: { type: 'boolean' } } },
    schemas: {
      User: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          friends: { type: 'array', items: { $ref: '#/components/schemas/User' } },
          address: { type: 'object', properties: { city: { type: 'string' } } },
        },
      },
    },
  },
});

const op = (method: string, path: string) =>
  SPEC.operations.find((o) => o.method === method && o.path === path)!;

describe('operationFields', () => {
  it('counts parameters, status codes, headers and schema property declarations once each', () => {
    expect([...operationFields(SPEC, op('get', '/users/{id}'))].sort()).toEqual([
      'header:200:x-rate-limit',
      'param:path:id',
      'param:query:verbose',
      'schema:response:200:#/components/schemas/User/properties/address',
      'schema:response:200:#/components/schemas/User/properties/address/properties/city',
      'schema:response:200:#/components/schemas/User/properties/friends',
      'schema:response:200:#/components/schemas/User/properties/id',
      'status:200',
      'status:404',
    ]);
  });

  it('follows allOf and counts the request body', () => {
    expect([...operationFields(SPEC, op('put', '/users/{id}'))].sort()).toEqual([
      'param:path:id',
      'schema:request:#/components/schemas/User/properties/address',
      'schema:request:#/components/schemas/User/properties/address/properties/city',
      'schema:request:#/components/schemas/User/properties/friends',
      'schema:request:#/components/schemas/User/properties/id',
      'schema:request:#/paths/~1users~1{id}/put/requestBody/content/application~1json/schema/allOf/1/properties/note',
      'status:204',
    ]);
  });

  it('a schema shared by several properties counts its declarations once', () => {
    const shared = doc({
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {
        '/orders': {
          get: {
            responses: {
              '200': {
                description: 'ok',
                content: {
                  'application/json': {
                    schema: {
                      type: 'object',
                      properties: {
                        billing: { $ref: '#/components/schemas/Address' },
                        shipping: { $ref: '#/components/schemas/Address' },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
      components: { schemas: { Address: { type: 'object', properties: { city: {}, zip: {} } } } },
    });
    // billing, shipping, Address.city, Address.zip, status 200
    expect(countOperationFields(shared, shared.operations[0]!)).toBe(5);
  });

  it('the memoized count equals the identity set for every operation', () => {
    for (const o of SPEC.operations)
      expect(countOperationFields(SPEC, o)).toBe(operationFields(SPEC, o).size);
  });

  it('an operation with no fields counts 0', () => {
    expect(countOperationFields(SPEC, op('get', '/empty'))).toBe(0);
  });
});

describe('churnField', () => {
  const f = (source: Finding['source'], field: string | null) => ({ source, field });
  it.each([
    ['traffic field as given', f('traffic', 'schema:/email'), 'schema:/email'],
    ['no field', f('traffic', null), null],
    [
      'spec property',
      f('spec', '#/paths/~1u/get/responses/200/content/application~1json/schema/properties/x'),
      '#/paths/~1u/get/responses/200/content/application~1json/schema/properties/x',
    ],
    ['spec parameter', f('spec', '#/paths/~1u/get/parameters/0'), '#/paths/~1u/get/parameters/0'],
    ['spec status code', f('spec', '#/paths/~1u/get/responses/201'), '#/paths/~1u/get/responses/201'],
    ['spec whole operation', f('spec', '#/paths/~1u/get'), null],
    ['spec operationId', f('spec', '#/paths/~1u/get/operationId'), null],
  ] as const)('%s', (_n, finding, expected) => {
    expect(churnField(finding)).toBe(expected);
  });
});
