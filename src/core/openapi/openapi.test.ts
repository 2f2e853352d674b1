import { describe, expect, it } from 'vitest';
import { DriftgateError } from '../errors.js';
import { buildApiDocument } from './document.js';
import { parseSpecText } from './parse.js';
import { matchTemplate, parseTemplate, sameTemplate, specificity } from './path-template.js';
import { getAt, parsePointer, pointer } from './pointer.js';
import { deref, resolveUri } from './refs.js';
import { typeFacts } from './schema.js';

function load(text: string, uri = 'spec.yaml') {
  return buildApiDocument(uri, new Map([[uri, parseSpecText(text, uri)]]));
}

function errorOf(fn: () => unknown): DriftgateError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DriftgateError) return e;
    throw e;
  }
  throw new Error('expected a DriftgateError');
}

describe('parseSpecText', () => {
  it.each([
    ['YAML syntax error', 'openapi: 3.0.0\ninfo:\n  title: x\n   version: 1\n', 'spec.parse', 4],
    ['JSON syntax error', '{"openapi": "3.0.0",\n "info": {"title": "x"\n "paths": {}}', 'spec.parse', 3],
    ['garbage text', 'this is : not\n{ a spec', 'spec.parse', 2],
    ['free text', 'Lorem ipsum dolor sit amet', 'spec.not_openapi', 1],
    ['binary', 'a\u0000b', 'spec.not_text', undefined],
    ['empty', '   \n# only a comment\n', 'spec.not_openapi', undefined],
  ])('%s → %s at line %s', (_name, text, code, line) => {
    const e = errorOf(() => parseSpecText(text, 'f.yaml'));
    expect(e.code).toBe(code);
    expect(e.location.file).toBe('f.yaml');
    expect(e.location.line).toBe(line);
  });

  it('parses JSON and YAML to the same value', () => {
    expect(parseSpecText('{"a": [1, {"b": null}]}', 'x')).toEqual(
      parseSpecText('a:\n  - 1\n  - b: null\n', 'x'),
    );
  });

  it('rejects duplicate YAML keys with their line', () => {
    const e = errorOf(() => parseSpecText('openapi: 3.0.0\npaths: {}\npaths: {}\n', 'd.yaml'));
    expect(e.code).toBe('spec.parse');
    expect(e.location.line).toBe(3);
  });
});

describe('buildApiDocument', () => {
  it.each([
    ['a list', '- 1\n', 'spec.not_openapi', undefined],
    ['a JSON array', '[1]', 'spec.not_openapi', undefined],
    ['no version field', 'info: {title: x}\npaths: {}\n', 'spec.not_openapi', '#'],
    ['OpenAPI 4', 'openapi: 4.0.0\npaths: {}\n', 'spec.unsupported_version', '#/openapi'],
    ['swagger 1.2', 'swagger: "1.2"\n', 'spec.unsupported_version', '#/swagger'],
    [
      'dangling $ref',
      'openapi: 3.0.0\npaths:\n  /a:\n    get:\n      responses:\n        "200": {$ref: "#/components/responses/Nope"}\n',
      'spec.ref_dangling',
      '#/paths/~1a/get/responses/200/$ref',
    ],
    [
      'duplicate operation',
      'openapi: 3.0.0\npaths:\n  /pets/{id}:\n    get: {responses: {}}\n  /pets/{name}:\n    get: {responses: {}}\n',
      'spec.duplicate_operation',
      '#/paths/~1pets~1{name}/get',
    ],
    ['path without slash', 'openapi: 3.0.0\npaths:\n  pets: {}\n', 'spec.invalid', '#/paths/pets'],
  ])('%s → %s', (_name, text, code, ptr) => {
    const e = errorOf(() => load(text));
    expect(e.code).toBe(code);
    expect(e.location.pointer).toBe(ptr);
    expect(e.location.file).toBe('spec.yaml');
  });

  it('indexes operations with merged parameters (operation wins) and structural keys', () => {
    const doc = load(`openapi: 3.1.0
info: {title: T, version: "3"}
paths:
  /users/{id}/:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
      - {name: X-Trace, in: header, schema: {type: string}}
    get:
      tags: [users]
      operationId: getUser
      parameters:
        - {name: x-trace, in: header, required: true, schema: {type: integer}}
      responses: {}
    delete: {deprecated: true, responses: {}}
`);
    expect(doc.dialect).toBe('3.1');
    expect(doc.title).toBe('T');
    expect(doc.operations.map((o) => [o.key, o.template.key, o.pointer])).toEqual([
      ['GET /users/{id}/', '/users/{}', '#/paths/~1users~1{id}~1/get'],
      ['DELETE /users/{id}/', '/users/{}', '#/paths/~1users~1{id}~1/delete'],
    ]);
    const get = doc.operations[0]!;
    expect(get.tags).toEqual(['users']);
    expect(get.operationId).toBe('getUser');
    expect(get.parameters.map((p) => [p.in, p.name, p.listedAt])).toEqual([
      ['path', 'id', '#/paths/~1users~1{id}~1/parameters/0'],
      ['header', 'x-trace', '#/paths/~1users~1{id}~1/get/parameters/0'],
    ]);
    expect(doc.operations[1]!.deprecated).toBe(true);
  });

  it('converts Swagger 2.0 into the 3.0 shape', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(
      new URL('../../../test/fixtures/specs/petstore-swagger2.yaml', import.meta.url),
      'utf8',
    );
    const doc = load(text, 'petstore.yaml');
    expect(doc.format).toBe('2.0');
    expect(doc.dialect).toBe('3.0');
    const root = doc.root as Record<string, any>;
    expect(root.servers).toEqual([{ url: 'https://api.example.com/v1' }]);
    expect(root.components.schemas.Pet.properties.name).toEqual({ type: 'string', nullable: true });
    expect(root.components.securitySchemes.oauth.flows.authorizationCode.tokenUrl).toBe(
      'https://auth.example.com/token',
    );
    expect(root.components.requestBodies.petBody).toEqual({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } },
      required: true,
    });
    const getPets = root.paths['/pets'].get;
    expect(getPets.parameters).toEqual([
      { $ref: '#/components/parameters/limit' },
      {
        name: 'tags',
        in: 'query',
        style: 'form',
        explode: true,
        schema: { type: 'array', items: { type: 'string' } },
      },
    ]);
    expect(getPets.responses['200']).toEqual({
      description: 'ok',
      content: {
        'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Pet' } } },
      },
      headers: { 'X-Rate-Limit': { schema: { type: 'integer' } } },
    });
    expect(root.paths['/pets'].post.requestBody).toEqual({ $ref: '#/components/requestBodies/petBody' });
    expect(root.paths['/pets/{petId}/photo'].post.requestBody).toEqual({
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            properties: { file: { type: 'string', format: 'binary' } },
            required: ['file'],
          },
        },
      },
      required: true,
    });
    expect(doc.operations.map((o) => o.key)).toEqual(['GET /pets', 'POST /pets', 'POST /pets/{petId}/photo']);
  });

  it('resolves refs across documents and survives circular schemas', () => {
    const main = parseSpecText(
      'openapi: 3.0.3\npaths:\n  /u:\n    get:\n      responses:\n        "200": {$ref: "lib/r.yaml#/R"}\n',
      '/specs/main.yaml',
    );
    const lib = parseSpecText(
      'R:\n  description: ok\n  content:\n    application/json:\n      schema: {$ref: "#/S"}\nS:\n  type: object\n  properties:\n    self: {$ref: "#/S"}\n',
      '/specs/lib/r.yaml',
    );
    const doc = buildApiDocument(
      '/specs/main.yaml',
      new Map([
        ['/specs/main.yaml', main],
        ['/specs/lib/r.yaml', lib],
      ]),
    );
    const op = doc.operations[0]!;
    const resp = (op.node.responses as Record<string, unknown>)['200'];
    const r = deref(doc.documents, { value: resp, uri: doc.uri, pointer: '#/x' });
    expect(r.uri).toBe('/specs/lib/r.yaml');
    expect(r.pointer).toBe('#/R');
    const schema = deref(doc.documents, {
      value: (r.value as any).content['application/json'].schema,
      uri: r.uri,
      pointer: '#/R/content',
    });
    expect(schema.pointer).toBe('#/S');
    const self = deref(doc.documents, {
      value: (schema.value as any).properties.self,
      uri: r.uri,
      pointer: '',
    });
    expect(self.value).toBe(schema.value);
  });

  it('reports a dangling ref inside another document with that document', () => {
    const e = errorOf(() =>
      buildApiDocument(
        '/a.yaml',
        new Map<string, unknown>([
          ['/a.yaml', { openapi: '3.0.0', paths: {}, components: { schemas: { A: { $ref: 'b.yaml#/B' } } } }],
          ['/b.yaml', { B: { $ref: '#/Missing' } }],
        ]),
      ),
    );
    expect(e.code).toBe('spec.ref_dangling');
    expect(e.location).toEqual({ file: '/b.yaml', pointer: '#/B/$ref' });
  });

  it('does not treat $ref strings inside examples as references', () => {
    expect(() =>
      load(
        'openapi: 3.0.0\npaths: {}\ncomponents:\n  schemas:\n    A:\n      example: {$ref: "#/nowhere"}\n      properties:\n        example: {$ref: "#/components/schemas/A"}\n',
      ),
    ).not.toThrow();
    expect(
      errorOf(() =>
        load(
          'openapi: 3.0.0\npaths: {}\ncomponents:\n  schemas:\n    A:\n      properties:\n        example: {$ref: "#/nowhere"}\n',
        ),
      ).location.pointer,
    ).toBe('#/components/schemas/A/properties/example/$ref');
  });
});

describe('path templates', () => {
  it.each([
    ['/pets/{id}', '/pets/{petId}', true],
    ['/pets/{id}/', '/pets/{petId}', true],
    ['/pets/{id}', '/pets/{id}/toys', false],
    ['/files/{name}.{ext}', '/files/{a}.{b}', true],
    ['/files/{name}.{ext}', '/files/{a}', false],
  ])('%s ~ %s: %s', (a, b, same) => {
    expect(sameTemplate(a, b)).toBe(same);
  });

  it.each([
    ['/pets/{id}', '/pets/42', { id: '42' }],
    ['/pets/{id}', '/pets', null],
    ['/files/{name}.{ext}', '/files/report.final.pdf', { name: 'report.final', ext: 'pdf' }],
    ['/v{version}/x', '/v2/x', { version: '2' }],
    ['/a/{b}', '/a/', null],
  ])('%s matches %s', (template, path, expected) => {
    expect(matchTemplate(parseTemplate(template), path.split('/').slice(1))).toEqual(expected);
  });

  it('ranks literal segments above parameters', () => {
    expect(specificity(parseTemplate('/users/me'))).toBeGreaterThan(
      specificity(parseTemplate('/users/{id}')),
    );
  });
});

describe('pointers and uris', () => {
  it('round-trips escaped tokens', () => {
    const p = pointer('paths', '/a/{b}', 'get', 'x~y');
    expect(p).toBe('#/paths/~1a~1{b}/get/x~0y');
    expect(parsePointer(p)).toEqual(['paths', '/a/{b}', 'get', 'x~y']);
    expect(getAt({ a: [{ b: 1 }] }, ['a', '0', 'b'])).toBe(1);
    expect(getAt({ a: [] }, ['a', '01'])).toBeUndefined();
  });

  it.each([
    ['/s/main.yaml', 'common.yaml', '/s/common.yaml'],
    ['/s/main.yaml', '../x/y.yaml', '/x/y.yaml'],
    ['s/main.yaml', './a/./b.yaml', 's/a/b.yaml'],
    ['https://h/s/main.yaml', 'c.yaml', 'https://h/s/c.yaml'],
  ])('resolveUri(%s, %s) = %s', (base, rel, out) => {
    expect(resolveUri(base, rel)).toBe(out);
  });
});

describe('typeFacts', () => {
  it.each([
    [{ type: 'string', nullable: true }, ['string'], true],
    [{ type: ['string', 'null'] }, ['string'], true],
    [{ type: ['integer', 'number'] }, ['integer', 'number'], false],
    [{ enum: ['a', null] }, [], true],
    [{}, [], false],
  ])('%j', (schema, types, nullable) => {
    expect(typeFacts(schema)).toEqual({ types, nullable });
  });
});
