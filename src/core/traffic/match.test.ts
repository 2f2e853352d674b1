import { describe, expect, it } from 'vitest';
import { buildApiDocument } from '../openapi/index.js';
import { buildOperationIndex, matchExchangePath } from './match.js';
import { serverBasePath } from './servers.js';

const spec = buildApiDocument(
  'mem://spec.json',
  new Map([
    [
      'mem://spec.json',
      {
        openapi: '3.1.0',
        info: { title: 't', version: '1' },
        servers: [
          { url: 'https://h/api/{v}', variables: { v: { default: 'v1', enum: ['v1', 'v2'] } } },
          { url: '/' },
        ],
        paths: {
          '/users/{id}': {
            get: {
              parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
              responses: {},
            },
          },
          '/users/me': { put: { responses: {} } },
          '/users/{name}/repos': { get: { responses: {} } },
          '/files/{path}': {
            get: {
              parameters: [
                {
                  name: 'path',
                  in: 'path',
                  required: true,
                  schema: { type: 'string' },
                  'x-multi-segment': true,
                },
              ],
              responses: {},
            },
          },
          '/': { get: { responses: {} } },
        },
      },
    ],
  ]),
);
const index = buildOperationIndex(spec);
const m = (method: string, path: string) => {
  const r = matchExchangePath(index, method, path);
  return r.kind === 'matched' ? `${r.operation.key} ${JSON.stringify(r.pathParams)}` : r.kind;
};

describe('operation matching', () => {
  it.each([
    ['GET', '/api/v1/users/7', 'GET /users/{id} {"id":"7"}'],
    ['GET', '/api/v2/users/7/', 'GET /users/{id} {"id":"7"}'],
    ['get', '/users/7', 'GET /users/{id} {"id":"7"}'],
    ['HEAD', '/users/7', 'GET /users/{id} {"id":"7"}'],
    ['PUT', '/users/me', 'PUT /users/me {}'],
    // /users/me has no GET; {id} is typed integer, so "me" does not fit it: the literal path wins.
    ['GET', '/users/me', 'method_not_allowed'],
    // A string that does not fit {id} still reaches the only template (validation reports the parameter).
    ['GET', '/users/bob', 'GET /users/{id} {"id":"bob"}'],
    ['GET', '/users/a%20b/repos', 'GET /users/{name}/repos {"name":"a b"}'],
    ['GET', '/files/a/b/c.txt', 'GET /files/{path} {"path":"a/b/c.txt"}'],
    ['OPTIONS', '/users/7', 'skipped'],
    ['OPTIONS', '/nothing', 'unknown_endpoint'],
    ['GET', '/api/v1', 'GET / {}'],
    ['DELETE', '/users/7', 'method_not_allowed'],
  ])('%s %s → %s', (method, path, expected) => {
    expect(m(method, path)).toBe(expected);
  });

  it('names the closest operation for an unknown endpoint', () => {
    const r = matchExchangePath(index, 'GET', '/users/7/repoz');
    expect(r.kind === 'unknown_endpoint' ? r.closest?.key : null).toBe('GET /users/{name}/repos');
  });

  it.each([
    ['https://api.example.com/v1/', '/v1'],
    ['https://api.example.com', ''],
    ['/api', '/api'],
    ['v2', '/v2'],
    ['//cdn.example.com/x?y', '/x'],
  ])('server %s has base path %s', (url, base) => {
    expect(serverBasePath(url)).toBe(base);
  });
});
