import { describe, expect, it } from 'vitest';
import { buildApiDocument, parseSpecText } from '../openapi/index.js';
import { applyPatchToText } from '../spec-patch/apply-text.js';
import { applyPatch } from '../spec-patch/apply-value.js';
import { mismatchKey } from './aggregate.js';
import { planCorrections, proposeCorrections } from './corrections.js';
import type { AggregatedMismatch, Mismatch } from './mismatch.js';

const spec30 = `openapi: 3.0.3
info: {title: Pets, version: '1'}
paths:
  /pets/{id}:
    get:
      parameters:
        - $ref: '#/components/parameters/Id'
        - name: verbose
          in: query
          required: true
          schema: {type: boolean}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
  /pets:
    get:
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: array
                items: {$ref: '#/components/schemas/Pet'}
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        '201': {description: Created}
components:
  parameters:
    Id: {name: id, in: path, required: true, schema: {type: integer}}
  schemas:
    Pet:
      type: object
      required: [id, name, kind]
      properties:
        id: {type: integer, format: int32}
        name: {type: string, maxLength: 5}
        kind: {type: string, enum: [cat, dog]}
        born: {type: string, format: date}
    Tag:
      type: object
`;

function doc(text: string) {
  return buildApiDocument('spec.yaml', new Map([['spec.yaml', parseSpecText(text, 'spec.yaml')]]));
}

function agg(
  m: Partial<Mismatch> & Pick<Mismatch, 'type' | 'location' | 'specLocation'>,
  extra: Partial<AggregatedMismatch> = {},
): AggregatedMismatch {
  return {
    direction: 'response',
    severity: 'medium',
    method: 'GET',
    path: '/pets/{id}',
    status: 200,
    expected: null,
    observed: null,
    message: 'm',
    level: 'non_breaking',
    count: 10,
    firstSeen: null,
    lastSeen: null,
    sampleExchangeIds: [],
    ...m,
    ...extra,
  };
}

const PET = '#/components/schemas/Pet';

describe('proposeCorrections: one kind at a time (3.0)', () => {
  const spec = doc(spec30);
  const cases: [string, AggregatedMismatch, unknown[]][] = [
    [
      'undocumented property → optional property with inferred type and format, on the component',
      agg(
        {
          type: 'unexpected_field',
          location: '/body/createdAt',
          specLocation: PET,
          observed: '2024-01-02T03:04:05Z',
        },
        { observedSamples: ['2024-01-02T03:04:05Z', '2023-12-31T23:59:59.5+01:00'] },
      ),
      [
        {
          op: 'add',
          path: '/components/schemas/Pet/properties/createdAt',
          value: { type: 'string', format: 'date-time' },
        },
      ],
    ],
    [
      'big integers are int64',
      agg(
        { type: 'unexpected_field', location: '/body/*/size', specLocation: PET, observed: 5 },
        { observedSamples: [5, 3_000_000_000] },
      ),
      [
        {
          op: 'add',
          path: '/components/schemas/Pet/properties/size',
          value: { type: 'integer', format: 'int64' },
        },
      ],
    ],
    [
      'missing required → removed at its index, guarded by test',
      agg({
        type: 'missing_required_field',
        location: '/body/name',
        specLocation: PET,
        expected: { required: 'name' },
      }),
      [
        { op: 'test', path: '/components/schemas/Pet/required/1', value: 'name' },
        { op: 'remove', path: '/components/schemas/Pet/required/1' },
      ],
    ],
    [
      'integer → number drops int32',
      agg({
        type: 'type_mismatch',
        location: '/body/id',
        specLocation: `${PET}/properties/id`,
        expected: { type: 'integer' },
        observed: { type: 'number' },
      }),
      [
        { op: 'test', path: '/components/schemas/Pet/properties/id/type', value: 'integer' },
        { op: 'replace', path: '/components/schemas/Pet/properties/id/type', value: 'number' },
        { op: 'test', path: '/components/schemas/Pet/properties/id/format', value: 'int32' },
        { op: 'remove', path: '/components/schemas/Pet/properties/id/format' },
      ],
    ],
    [
      '3.0 widening to another type wraps in oneOf',
      agg({
        type: 'type_mismatch',
        location: '/body/name',
        specLocation: `${PET}/properties/name`,
        expected: { type: 'string' },
        observed: { type: 'integer' },
      }),
      [
        { op: 'test', path: '/components/schemas/Pet/properties/name/type', value: 'string' },
        {
          op: 'replace',
          path: '/components/schemas/Pet/properties/name',
          value: { oneOf: [{ type: 'string', maxLength: 5 }, { type: 'integer' }] },
        },
      ],
    ],
    [
      '3.0 nullable',
      agg({
        type: 'nullability_violation',
        location: '/body/born',
        specLocation: `${PET}/properties/born`,
        observed: { type: 'null' },
      }),
      [{ op: 'add', path: '/components/schemas/Pet/properties/born/nullable', value: true }],
    ],
    [
      'nullable on an enum also lists null',
      agg({
        type: 'nullability_violation',
        location: '/body/kind',
        specLocation: `${PET}/properties/kind`,
        observed: { type: 'null' },
      }),
      [
        { op: 'add', path: '/components/schemas/Pet/properties/kind/nullable', value: true },
        { op: 'add', path: '/components/schemas/Pet/properties/kind/enum/-', value: null },
      ],
    ],
    [
      'enum values from every distinct sample',
      agg(
        {
          type: 'enum_violation',
          location: '/body/kind',
          specLocation: `${PET}/properties/kind`,
          observed: 'bird',
        },
        { observedSamples: ['bird', 'fish', 'cat', '[REDACTED]'] },
      ),
      [
        { op: 'add', path: '/components/schemas/Pet/properties/kind/enum/-', value: 'bird' },
        { op: 'add', path: '/components/schemas/Pet/properties/kind/enum/-', value: 'fish' },
      ],
    ],
    [
      'format mismatch drops the format',
      agg({
        type: 'format_mismatch',
        location: '/body/born',
        specLocation: `${PET}/properties/born`,
        expected: { format: 'date' },
        observed: '2024-01-02T00:00:00Z',
      }),
      [
        { op: 'test', path: '/components/schemas/Pet/properties/born/format', value: 'date' },
        { op: 'remove', path: '/components/schemas/Pet/properties/born/format' },
      ],
    ],
    [
      'maxLength relaxed to the longest observed',
      agg(
        {
          type: 'constraint_violation',
          location: '/body/name',
          specLocation: `${PET}/properties/name`,
          expected: { maxLength: 5 },
          observed: 'Rex the third',
        },
        { observedSamples: ['Rex the third', 'Fluffy'] },
      ),
      [
        { op: 'test', path: '/components/schemas/Pet/properties/name/maxLength', value: 5 },
        { op: 'replace', path: '/components/schemas/Pet/properties/name/maxLength', value: 13 },
      ],
    ],
    [
      'undocumented status with a body sample',
      agg(
        {
          type: 'undocumented_status',
          location: '/status',
          specLocation: '#/paths/~1pets~1{id}/get/responses',
          observed: 404,
          status: 404,
        },
        {
          bodySamples: [
            { contentType: 'application/json; charset=utf-8', value: { error: 'nope', code: 404 } },
          ],
        },
      ),
      [
        {
          op: 'add',
          path: '/paths/~1pets~1{id}/get/responses/404',
          value: {
            description: 'Not Found',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { error: { type: 'string' }, code: { type: 'integer', format: 'int32' } },
                },
              },
            },
          },
        },
      ],
    ],
    [
      'undocumented status without a sample',
      agg({
        type: 'undocumented_status',
        location: '/status',
        specLocation: '#/paths/~1pets~1{id}/get/responses',
        observed: 429,
        status: 429,
      }),
      [
        {
          op: 'add',
          path: '/paths/~1pets~1{id}/get/responses/429',
          value: { description: 'Too Many Requests', content: { '*/*': { schema: {} } } },
        },
      ],
    ],
    [
      'required query parameter seen missing',
      agg({
        type: 'query_param_mismatch',
        direction: 'request',
        status: null,
        location: '/query/verbose',
        specLocation: '#/paths/~1pets~1{id}/get/parameters/1',
        expected: { required: true },
        observed: null,
      }),
      [
        { op: 'test', path: '/paths/~1pets~1{id}/get/parameters/1/required', value: true },
        { op: 'replace', path: '/paths/~1pets~1{id}/get/parameters/1/required', value: false },
      ],
    ],
    [
      'undocumented query parameter',
      agg(
        {
          type: 'query_param_mismatch',
          direction: 'request',
          status: null,
          location: '/query/page',
          specLocation: '#/paths/~1pets~1{id}/get/parameters',
          expected: null,
          observed: '2',
        },
        { observedSamples: ['2', '10'] },
      ),
      [
        {
          op: 'add',
          path: '/paths/~1pets~1{id}/get/parameters/-',
          value: { name: 'page', in: 'query', schema: { type: 'integer', format: 'int32' } },
        },
      ],
    ],
    [
      'parameter type goes to the $ref’d parameter’s schema',
      agg({
        type: 'path_param_mismatch',
        direction: 'request',
        status: null,
        location: '/path/id',
        specLocation: '#/paths/~1pets~1{id}/get/parameters/0',
        expected: { type: 'integer' },
        observed: { type: 'string' },
      }),
      [
        { op: 'test', path: '/components/parameters/Id/schema/type', value: 'integer' },
        {
          op: 'replace',
          path: '/components/parameters/Id/schema',
          value: { oneOf: [{ type: 'integer' }, { type: 'string' }] },
        },
      ],
    ],
    [
      'required request body seen missing',
      agg({
        type: 'missing_required_field',
        direction: 'request',
        method: 'POST',
        path: '/pets',
        status: null,
        location: '/body',
        specLocation: '#/paths/~1pets/post/requestBody',
        expected: { required: true },
      }),
      [
        { op: 'test', path: '/paths/~1pets/post/requestBody/required', value: true },
        { op: 'replace', path: '/paths/~1pets/post/requestBody/required', value: false },
      ],
    ],
    [
      'undocumented media type',
      agg({
        type: 'undocumented_content_type',
        location: '/headers/content-type',
        specLocation: '#/paths/~1pets/post/requestBody/content',
        observed: 'application/xml',
        direction: 'request',
        method: 'POST',
        path: '/pets',
        status: null,
      }),
      [{ op: 'add', path: '/paths/~1pets/post/requestBody/content/application~1xml', value: { schema: {} } }],
    ],
    [
      'property on a schema without properties',
      agg({
        type: 'unexpected_field',
        location: '/body/label',
        specLocation: '#/components/schemas/Tag',
        observed: 'x',
      }),
      [{ op: 'add', path: '/components/schemas/Tag/properties', value: { label: { type: 'string' } } }],
    ],
  ];
  it.each(cases)('%s', (_name, m, patch) => {
    const out = proposeCorrections(spec, [m]);
    expect(out).toHaveLength(1);
    expect(out[0]!.patch).toEqual(patch);
    expect(out[0]!.targets).toEqual([mismatchKey(m)]);
    // Every patch applies to the real document.
    expect(() => applyPatch(spec.root, out[0]!.patch)).not.toThrow();
  });
});

describe('one aggregated mismatch hiding several observations', () => {
  const spec = doc(spec30);
  it('an enum violation seen with null and a new value: nullable and the value', () => {
    const m = agg(
      {
        type: 'enum_violation',
        location: '/body/kind',
        specLocation: `${PET}/properties/kind`,
        observed: null,
      },
      { observedSamples: [null, 'bird'] },
    );
    const out = proposeCorrections(spec, [m]);
    expect(out.map((c) => [c.kind, c.patch, c.targets])).toEqual([
      [
        'add_enum_value',
        [{ op: 'add', path: '/components/schemas/Pet/properties/kind/enum/-', value: 'bird' }],
        [mismatchKey(m)],
      ],
      [
        'add_nullable',
        [
          { op: 'add', path: '/components/schemas/Pet/properties/kind/nullable', value: true },
          { op: 'add', path: '/components/schemas/Pet/properties/kind/enum/-', value: null },
        ],
        [mismatchKey(m)],
      ],
    ]);
  });
  it('a type mismatch seen with two other types widens to both', () => {
    const m = agg(
      {
        type: 'type_mismatch',
        location: '/body/id',
        specLocation: `${PET}/properties/id`,
        observed: { type: 'string' },
      },
      { observedSamples: [{ type: 'string' }, { type: 'boolean' }] },
    );
    expect(proposeCorrections(spec, [m]).map((c) => c.patch)).toEqual([
      [
        { op: 'test', path: '/components/schemas/Pet/properties/id/type', value: 'integer' },
        {
          op: 'replace',
          path: '/components/schemas/Pet/properties/id',
          value: { oneOf: [{ type: 'integer', format: 'int32' }, { type: 'string' }, { type: 'boolean' }] },
        },
      ],
    ]);
  });
});

describe('combining corrections', () => {
  it('two properties on a schema without properties, two required names: all apply in order', () => {
    const spec = doc(spec30);
    const ms = [
      agg({
        type: 'unexpected_field',
        location: '/body/a',
        specLocation: '#/components/schemas/Tag',
        observed: 1,
      }),
      agg({
        type: 'unexpected_field',
        location: '/body/b',
        specLocation: '#/components/schemas/Tag',
        observed: true,
      }),
      agg({
        type: 'missing_required_field',
        location: '/body/id',
        specLocation: PET,
        expected: { required: 'id' },
      }),
      agg({
        type: 'missing_required_field',
        location: '/body/kind',
        specLocation: PET,
        expected: { required: 'kind' },
      }),
      agg({
        type: 'missing_required_field',
        location: '/body/name',
        specLocation: PET,
        expected: { required: 'name' },
      }),
    ];
    const out = proposeCorrections(spec, ms);
    expect(out.map((c) => c.patch)).toEqual([
      [
        {
          op: 'add',
          path: '/components/schemas/Tag/properties',
          value: { a: { type: 'integer', format: 'int32' } },
        },
      ],
      [{ op: 'add', path: '/components/schemas/Tag/properties/b', value: { type: 'boolean' } }],
      [
        { op: 'test', path: '/components/schemas/Pet/required/0', value: 'id' },
        { op: 'remove', path: '/components/schemas/Pet/required/0' },
      ],
      [
        { op: 'test', path: '/components/schemas/Pet/required/1', value: 'kind' },
        { op: 'remove', path: '/components/schemas/Pet/required/1' },
      ],
      [
        { op: 'test', path: '/components/schemas/Pet/required', value: ['name'] },
        { op: 'remove', path: '/components/schemas/Pet/required' },
      ],
    ]);
    const patched = applyPatch(
      spec.root,
      out.flatMap((c) => c.patch),
    ) as { components: { schemas: Record<string, unknown> } };
    expect(patched.components.schemas.Tag).toEqual({
      type: 'object',
      properties: { a: { type: 'integer', format: 'int32' }, b: { type: 'boolean' } },
    });
    expect((patched.components.schemas.Pet as Record<string, unknown>).required).toBeUndefined();
  });

  it('the same edit seen through two operations is one correction with both targets', () => {
    const spec = doc(spec30);
    const a = agg(
      { type: 'unexpected_field', location: '/body/color', specLocation: PET, observed: 'red' },
      { count: 4 },
    );
    const b = agg(
      {
        type: 'unexpected_field',
        location: '/body/*/color',
        path: '/pets',
        specLocation: PET,
        observed: 'blue',
      },
      { count: 6 },
    );
    const out = proposeCorrections(spec, [a, b]);
    expect(out).toHaveLength(1);
    expect(out[0]!.support).toBe(10);
    expect(out[0]!.targets).toEqual([mismatchKey(a), mismatchKey(b)]);
    expect(out[0]!.operation).toBe('GET /pets/{id}');
    expect(out[0]!.reason).toBe(
      "document the observed property 'color' as optional (string) (seen in 10 exchange(s) of GET /pets/{id} and 1 more operation(s))",
    );
  });

  it('3.0: widening and nullable on one node, deeper nodes first, then the text applies cleanly', () => {
    const spec = doc(spec30);
    const ms = [
      agg({
        type: 'nullability_violation',
        location: '/body/name',
        specLocation: `${PET}/properties/name`,
        observed: { type: 'null' },
      }),
      agg({
        type: 'type_mismatch',
        location: '/body/name',
        specLocation: `${PET}/properties/name`,
        expected: { type: 'string' },
        observed: { type: 'boolean' },
      }),
      agg({
        type: 'type_mismatch',
        location: '/body',
        specLocation: PET,
        expected: { type: 'object' },
        observed: { type: 'string' },
      }),
    ];
    const out = proposeCorrections(spec, ms);
    expect(out.map((c) => c.kind)).toEqual(['widen_type', 'add_nullable', 'widen_type']);
    const text = applyPatchToText(
      spec30,
      out.flatMap((c) => c.patch),
    ).text;
    const pet = (parseSpecText(text, 'x') as { components: { schemas: { Pet: unknown } } }).components.schemas
      .Pet;
    expect(pet).toEqual({
      oneOf: [
        {
          type: 'object',
          required: ['id', 'name', 'kind'],
          properties: {
            id: { type: 'integer', format: 'int32' },
            name: { nullable: true, oneOf: [{ type: 'string', maxLength: 5 }, { type: 'boolean' }] },
            kind: { type: 'string', enum: ['cat', 'dog'] },
            born: { type: 'string', format: 'date' },
          },
        },
        { type: 'string' },
      ],
    });
  });
});

const spec31 = `openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /t:
    get:
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/T'}
components:
  schemas:
    T:
      type: object
      properties:
        n: {type: integer}
        s: {type: [string]}
        e: {type: string, enum: [a]}
`;

describe('3.1 spellings', () => {
  const spec = doc(spec31);
  const T = '#/components/schemas/T';
  const cases: [string, AggregatedMismatch, unknown[]][] = [
    [
      'nullable is a null type',
      agg({
        type: 'nullability_violation',
        location: '/body/n',
        specLocation: `${T}/properties/n`,
        path: '/t',
        observed: { type: 'null' },
      }),
      [
        { op: 'test', path: '/components/schemas/T/properties/n/type', value: 'integer' },
        { op: 'replace', path: '/components/schemas/T/properties/n/type', value: ['integer', 'null'] },
      ],
    ],
    [
      'nullable on a type array appends',
      agg({
        type: 'nullability_violation',
        location: '/body/s',
        specLocation: `${T}/properties/s`,
        path: '/t',
        observed: { type: 'null' },
      }),
      [{ op: 'add', path: '/components/schemas/T/properties/s/type/-', value: 'null' }],
    ],
    [
      'nullable enum also lists null',
      agg({
        type: 'nullability_violation',
        location: '/body/e',
        specLocation: `${T}/properties/e`,
        path: '/t',
        observed: { type: 'null' },
      }),
      [
        { op: 'test', path: '/components/schemas/T/properties/e/type', value: 'string' },
        { op: 'replace', path: '/components/schemas/T/properties/e/type', value: ['string', 'null'] },
        { op: 'add', path: '/components/schemas/T/properties/e/enum/-', value: null },
      ],
    ],
    [
      'widening is a type array',
      agg({
        type: 'type_mismatch',
        location: '/body/n',
        specLocation: `${T}/properties/n`,
        path: '/t',
        expected: { type: 'integer' },
        observed: { type: 'string' },
      }),
      [
        { op: 'test', path: '/components/schemas/T/properties/n/type', value: 'integer' },
        { op: 'replace', path: '/components/schemas/T/properties/n/type', value: ['integer', 'string'] },
      ],
    ],
    [
      'inferred nullable property is a type array',
      agg(
        { type: 'unexpected_field', location: '/body/x', specLocation: T, path: '/t', observed: 'a@b.io' },
        { observedSamples: ['a@b.io', null] },
      ),
      [
        {
          op: 'add',
          path: '/components/schemas/T/properties/x',
          value: { type: ['string', 'null'], format: 'email' },
        },
      ],
    ],
  ];
  it.each(cases)('%s', (_name, m, patch) => {
    expect(proposeCorrections(spec, [m]).map((c) => c.patch)).toEqual([patch]);
  });
});

describe('confidence, support and what is skipped', () => {
  const spec = doc(spec30);
  it('additive kinds: sample size only; relaxing kinds: share of the operation’s exchanges', () => {
    const add = agg(
      { type: 'unexpected_field', location: '/body/c', specLocation: PET, observed: 1 },
      { count: 20 },
    );
    const relax = agg(
      {
        type: 'missing_required_field',
        location: '/body/name',
        specLocation: PET,
        expected: { required: 'name' },
      },
      { count: 20 },
    );
    const totals = { 'GET /pets/{id}': 1000, 'GET /pets/{id} 200': 40 };
    const out = proposeCorrections(spec, [add, relax], { totalExchangesPerOperation: totals });
    expect(out.map((c) => [c.kind, c.support, c.confidence])).toEqual([
      ['add_property', 20, 0.839],
      ['relax_required', 20, 0.352],
    ]);
  });

  it('minSupport and minConfidence drop corrections with a reason', () => {
    const m = agg(
      { type: 'unexpected_field', location: '/body/c', specLocation: PET, observed: 1 },
      { count: 2 },
    );
    expect(planCorrections(spec, [m], { minSupport: 3 }).skipped).toEqual([
      { key: mismatchKey(m), reason: 'support 2 is below the minimum 3' },
    ]);
    expect(planCorrections(spec, [m], { minConfidence: 0.5 }).skipped).toEqual([
      { key: mismatchKey(m), reason: 'confidence 0.342 is below the minimum 0.5' },
    ]);
  });

  it('skips what it cannot correct, saying why', () => {
    const ms = [
      agg({ type: 'unknown_endpoint', location: '/path', specLocation: null }),
      agg({
        type: 'unexpected_field',
        location: '/body/x',
        specLocation: 'other.yaml#/components/schemas/X',
      }),
      agg({
        type: 'unexpected_field',
        location: '/body/id',
        specLocation: `${PET}/properties/id`,
        expected: { readOnly: true },
      }),
      agg({
        type: 'missing_required_field',
        location: '/path/id',
        specLocation: '#/components/parameters/Id',
        direction: 'request',
      }),
    ];
    expect(planCorrections(spec, ms).skipped.map((s) => s.reason)).toEqual([
      'the mismatch names no spec location',
      'the spec node lives in another document (other.yaml); corrections only patch the analysed document',
      'a readOnly/writeOnly property sent in the wrong direction: the client or the flag is wrong, not the schema',
      '/components/parameters/Id has no required list',
    ]);
  });
});

const spec20 = `swagger: '2.0'
info: {title: Pets, version: '1'}
paths:
  /pets/{id}:
    parameters:
      - {name: id, in: path, required: true, type: integer}
    get:
      parameters:
        - {name: verbose, in: query, type: boolean}
        - {name: mode, in: query, required: true, type: string, enum: [a]}
      responses:
        '200':
          description: OK
          schema: {$ref: '#/definitions/Pet'}
          headers:
            X-Rate: {type: integer}
  /pets:
    post:
      parameters:
        - {name: pet, in: body, required: true, schema: {$ref: '#/definitions/Pet'}}
      responses:
        '201': {description: Created}
  /uploads:
    post:
      consumes: [multipart/form-data]
      parameters:
        - {name: file, in: formData, type: file, required: true}
      responses:
        '201': {description: Created}
definitions:
  Pet:
    type: object
    required: [id, name]
    properties:
      id: {type: integer}
      name: {type: string}
`;

describe('Swagger 2.0: planned on the 3.0 conversion, written onto the 2.0 document', () => {
  const spec = doc(spec20);
  const PET3 = '#/components/schemas/Pet';
  const cases: [string, AggregatedMismatch, unknown[] | RegExp][] = [
    [
      'a definition: components/schemas → definitions',
      agg({ type: 'unexpected_field', location: '/body/age', specLocation: PET3, observed: 3 }),
      [{ op: 'add', path: '/definitions/Pet/properties/age', value: { type: 'integer', format: 'int32' } }],
    ],
    [
      'null allowed: nullable is spelled x-nullable',
      agg({
        type: 'nullability_violation',
        location: '/body/name',
        specLocation: `${PET3}/properties/name`,
        observed: null,
      }),
      [{ op: 'add', path: '/definitions/Pet/properties/name/x-nullable', value: true }],
    ],
    [
      'a query parameter: found by name in the 2.0 list, its schema keywords inline',
      agg({
        type: 'query_param_mismatch',
        direction: 'request',
        location: '/query/mode',
        specLocation: '#/paths/~1pets~1{id}/get/parameters/1',
        expected: { enum: ['a'] },
        observed: 'b',
      }),
      [{ op: 'add', path: '/paths/~1pets~1{id}/get/parameters/1/enum/-', value: 'b' }],
    ],
    [
      'a required query parameter seen missing',
      agg({
        type: 'query_param_mismatch',
        direction: 'request',
        location: '/query/mode',
        specLocation: '#/paths/~1pets~1{id}/get/parameters/1',
        expected: { required: true },
        observed: null,
      }),
      [
        { op: 'test', path: '/paths/~1pets~1{id}/get/parameters/1/required', value: true },
        { op: 'replace', path: '/paths/~1pets~1{id}/get/parameters/1/required', value: false },
      ],
    ],
    [
      'a response header: its schema keywords inline on the header',
      agg({
        type: 'type_mismatch',
        location: '/headers/x-rate',
        specLocation: '#/paths/~1pets~1{id}/get/responses/200/headers/X-Rate/schema',
        expected: { type: 'integer' },
        observed: { type: 'number' },
      }),
      [
        {
          op: 'test',
          path: '/paths/~1pets~1{id}/get/responses/200/headers/X-Rate/type',
          value: 'integer',
        },
        {
          op: 'replace',
          path: '/paths/~1pets~1{id}/get/responses/200/headers/X-Rate/type',
          value: 'number',
        },
      ],
    ],
    [
      'a new response: one schema, no content map',
      agg(
        {
          type: 'undocumented_status',
          location: '/status',
          specLocation: '#/paths/~1pets~1{id}/get/responses',
          status: 404,
          observed: 404,
        },
        { body: { contentType: 'application/json', value: { error: 'nope' } } },
      ),
      [
        {
          op: 'add',
          path: '/paths/~1pets~1{id}/get/responses/404',
          value: {
            description: 'Not Found',
            schema: { type: 'object', properties: { error: { type: 'string' } } },
          },
        },
      ],
    ],
    [
      "a property named like a keyword ('not') is a name, not oneOf/anyOf/not",
      agg({ type: 'unexpected_field', location: '/body/not', specLocation: PET3, observed: 'x' }),
      [{ op: 'add', path: '/definitions/Pet/properties/not', value: { type: 'string' } }],
    ],
    [
      "an observed object with a 'nullable' member keeps the name",
      agg({
        type: 'unexpected_field',
        location: '/body/meta',
        specLocation: PET3,
        observed: { nullable: true },
      }),
      [
        {
          op: 'add',
          path: '/definitions/Pet/properties/meta',
          value: { type: 'object', properties: { nullable: { type: 'boolean' } } },
        },
      ],
    ],
    [
      'refused: another type would need oneOf',
      agg({
        type: 'type_mismatch',
        location: '/body/name',
        specLocation: `${PET3}/properties/name`,
        expected: { type: 'string' },
        observed: { type: 'integer' },
      }),
      /^Swagger 2\.0: schemas have no oneOf/,
    ],
    [
      'refused: a form body is made of parameters',
      agg({
        type: 'missing_required_field',
        direction: 'request',
        method: 'POST',
        path: '/uploads',
        location: '/body/file',
        specLocation: '#/paths/~1uploads/post/requestBody/content/multipart~1form-data/schema',
        expected: { required: 'file' },
      }),
      /^Swagger 2\.0: the request body is made of form fields/,
    ],
  ];
  it.each(cases)('%s', (_name, m, expected) => {
    const r = planCorrections(spec, [m]);
    if (expected instanceof RegExp) {
      expect(r.corrections).toEqual([]);
      expect(r.skipped.map((x) => x.reason)).toEqual([expect.stringMatching(expected)]);
      return;
    }
    expect(r.skipped).toEqual([]);
    expect(r.corrections.map((c) => c.patch)).toEqual([expected]);
    // The patch applies to the 2.0 document as written.
    expect(() => applyPatch(spec.source, r.corrections[0]!.patch)).not.toThrow();
  });
});
