import { describe, expect, it } from 'vitest';
import type { DriftgateError } from '../errors.js';
import type { PatchOperation } from '../traffic/mismatch.js';
import { applyPatchToText } from './apply-text.js';

const YAML = `# Pets API — hand-written, keep the comments
openapi: 3.0.3
info: {title: Pets, version: '1.0'}
paths:
  /pets:
    get:
      responses:
        '200':
          description: OK   # the happy path
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Pet'
components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id:
          type: integer
          format: int64
        name: {type: string}
        tags:
          type: array
          items:
            type: string
      # trailing comment of Pet
    Error:
      type: object
      description: >-
        folded text that a re-render
        would join into one line
`;

const cases: [string, PatchOperation[], string][] = [
  [
    'add a property to a block map keeps everything else',
    [
      {
        op: 'add',
        path: '/components/schemas/Pet/properties/born',
        value: { type: 'string', format: 'date' },
      },
    ],
    YAML.replace(
      '            type: string\n      # trailing',
      '            type: string\n        born:\n          type: string\n          format: date\n      # trailing',
    ),
  ],
  [
    'append to a flow sequence',
    [{ op: 'add', path: '/components/schemas/Pet/required/-', value: 'tags' }],
    YAML.replace('required: [id, name]', 'required: [id, name, tags]'),
  ],
  [
    'insert into a flow sequence at 0',
    [{ op: 'add', path: '/components/schemas/Pet/required/0', value: 'x' }],
    YAML.replace('required: [id, name]', 'required: [x, id, name]'),
  ],
  [
    'remove from a flow sequence (test-guarded)',
    [
      { op: 'test', path: '/components/schemas/Pet/required/1', value: 'name' },
      { op: 'remove', path: '/components/schemas/Pet/required/1' },
    ],
    YAML.replace('required: [id, name]', 'required: [id]'),
  ],
  [
    'add to a flow map',
    [{ op: 'add', path: '/components/schemas/Pet/properties/name/nullable', value: true }],
    YAML.replace('name: {type: string}', 'name: {type: string, nullable: true}'),
  ],
  [
    'replace a scalar keeps its comment',
    [{ op: 'replace', path: '/paths/~1pets/get/responses/200/description', value: 'Fine' }],
    YAML.replace('description: OK   #', 'description: Fine   #'),
  ],
  [
    'replace a block scalar with a block map',
    [{ op: 'replace', path: '/components/schemas/Pet/properties/id/type', value: ['integer', 'null'] }],
    YAML.replace(
      '        id:\n          type: integer\n',
      "        id:\n          type:\n            - integer\n            - 'null'\n",
    ),
  ],
  [
    'remove a block pair',
    [{ op: 'remove', path: '/components/schemas/Pet/properties/id/format' }],
    YAML.replace('          format: int64\n', ''),
  ],
  [
    'add a status response with a nested schema',
    [
      {
        op: 'add',
        path: '/paths/~1pets/get/responses/404',
        value: { description: 'Not Found', content: { 'application/json': { schema: { type: 'object' } } } },
      },
    ],
    YAML.replace(
      "                $ref: '#/components/schemas/Pet'\n",
      "                $ref: '#/components/schemas/Pet'\n        '404':\n          description: Not Found\n          content:\n            application/json:\n              schema:\n                type: object\n",
    ),
  ],
  [
    'two adds to an absent properties member',
    [
      { op: 'add', path: '/components/schemas/Error/properties', value: {} },
      { op: 'add', path: '/components/schemas/Error/properties/code', value: { type: 'integer' } },
      { op: 'add', path: '/components/schemas/Error/properties/msg', value: { type: 'string' } },
    ],
    `${YAML}      properties:\n        code:\n          type: integer\n        msg:\n          type: string\n`,
  ],
  [
    'insert into a block sequence',
    [{ op: 'add', path: '/components/schemas/Pet/properties/tags/items/enum', value: ['a'] }],
    YAML.replace(
      '          items:\n            type: string\n',
      '          items:\n            type: string\n            enum:\n              - a\n',
    ),
  ],
];

describe('applyPatchToText: YAML in place', () => {
  it.each(cases)('%s', (_name, patch, expected) => {
    const out = applyPatchToText(YAML, patch);
    expect(out.text).toBe(expected);
    expect(out.strategy).toBe('one-pass');
    const seq = applyPatchToText(YAML, patch, { strategy: 'sequential' });
    expect(seq.text).toBe(expected);
    expect(seq.reRendered).toBe(0);
  });

  it('a conflict leaves the text untouched and names the op', () => {
    const patch: PatchOperation[] = [
      { op: 'add', path: '/components/schemas/Pet/properties/x', value: {} },
      { op: 'test', path: '/components/schemas/Pet/required/0', value: 'name' },
    ];
    let err: unknown;
    try {
      applyPatchToText(YAML, patch);
    } catch (e) {
      err = e;
    }
    expect((err as DriftgateError).code).toBe('patch.conflict');
    expect((err as DriftgateError).message).toMatch(/^op 1 \(test \/components\/schemas\/Pet\/required\/0\)/);
  });

  it('block sequences: insert before, append, remove', () => {
    const text = 'tags:\n  - a   # first\n  - b\nother: 1\n';
    expect(applyPatchToText(text, [{ op: 'add', path: '/tags/1', value: 'x' }]).text).toBe(
      'tags:\n  - a   # first\n  - x\n  - b\nother: 1\n',
    );
    expect(applyPatchToText(text, [{ op: 'add', path: '/tags/-', value: { k: 1 } }]).text).toBe(
      'tags:\n  - a   # first\n  - b\n  - k: 1\nother: 1\n',
    );
    expect(applyPatchToText(text, [{ op: 'remove', path: '/tags/0' }]).text).toBe('tags:\n  - b\nother: 1\n');
    expect(applyPatchToText(text, [{ op: 'remove', path: '/tags/1' }]).text).toBe(
      'tags:\n  - a   # first\nother: 1\n',
    );
  });

  it('indentless sequences and compact maps in sequences', () => {
    const text = 'params:\n- name: a\n  in: query\n- name: b\n  in: header\n';
    expect(applyPatchToText(text, [{ op: 'remove', path: '/params/0/name' }]).text).toBe(
      'params:\n- in: query\n- name: b\n  in: header\n',
    );
    expect(applyPatchToText(text, [{ op: 'add', path: '/params/1/required', value: true }]).text).toBe(
      'params:\n- name: a\n  in: query\n- name: b\n  in: header\n  required: true\n',
    );
    expect(
      applyPatchToText(text, [{ op: 'add', path: '/params/-', value: { name: 'c', in: 'path' } }]).text,
    ).toBe('params:\n- name: a\n  in: query\n- name: b\n  in: header\n- name: c\n  in: path\n');
  });

  it('removing the last member leaves an empty collection, not null', () => {
    const text = 'a:\n  b: 1\nc: [x]\n';
    expect(applyPatchToText(text, [{ op: 'remove', path: '/a/b' }]).text).toBe('a: {}\nc: [x]\n');
    expect(applyPatchToText(text, [{ op: 'remove', path: '/c/0' }]).text).toBe('a:\n  b: 1\nc: []\n');
  });

  it('adding to an empty flow collection under a block parent writes block lines', () => {
    const text = 'schema:\n  properties: {}\n  type: object\n';
    expect(
      applyPatchToText(text, [{ op: 'add', path: '/schema/properties/id', value: { type: 'integer' } }]).text,
    ).toBe('schema:\n  properties:\n    id:\n      type: integer\n  type: object\n');
  });

  it('four-space documents get four-space additions; quoting style follows the file', () => {
    const text = "a:\n    b: 'x'\n    c: 'y'\n";
    expect(applyPatchToText(text, [{ op: 'add', path: '/a/d', value: { e: '200' } }]).text).toBe(
      "a:\n    b: 'x'\n    c: 'y'\n    d:\n        e: '200'\n",
    );
  });

  it('a text without a final newline', () => {
    expect(applyPatchToText('a: 1', [{ op: 'add', path: '/b', value: 2 }]).text).toBe('a: 1\nb: 2\n');
  });

  it('aliases fall back to the Document API and still produce the right value', () => {
    const text = 'x: &s {type: string}\ny: *s\n# keep me\n';
    const out = applyPatchToText(text, [{ op: 'add', path: '/y/format', value: 'email' }]);
    expect(out.value).toEqual({ x: { type: 'string' }, y: { type: 'string', format: 'email' } });
    expect(out.text).toContain('# keep me');
  });
});

const JSON_TEXT = `{
    "openapi": "3.1.0",
    "paths": {},
    "components": {
        "schemas": {
            "Pet": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": { "type": "integer" }
                }
            },
            "Empty": {}
        }
    }
}
`;

describe('applyPatchToText: JSON in place', () => {
  const cases: [string, PatchOperation[], string][] = [
    [
      'add a member keeps 4-space indentation and key order',
      [
        {
          op: 'add',
          path: '/components/schemas/Pet/properties/born',
          value: { type: 'string', format: 'date' },
        },
      ],
      JSON_TEXT.replace(
        '"id": { "type": "integer" }\n',
        '"id": { "type": "integer" },\n                    "born": {\n                        "type": "string",\n                        "format": "date"\n                    }\n',
      ),
    ],
    [
      'single-line arrays stay single-line',
      [{ op: 'add', path: '/components/schemas/Pet/required/1', value: 'x' }],
      JSON_TEXT.replace('["id", "name"]', '["id", "x", "name"]'),
    ],
    [
      'remove the last array element',
      [{ op: 'remove', path: '/components/schemas/Pet/required/1' }],
      JSON_TEXT.replace('["id", "name"]', '["id"]'),
    ],
    [
      'remove the first member',
      [{ op: 'remove', path: '/components/schemas/Pet/type' }],
      JSON_TEXT.replace('"type": "object",\n                ', ''),
    ],
    [
      'replace inline',
      [{ op: 'replace', path: '/components/schemas/Pet/properties/id/type', value: ['integer', 'null'] }],
      JSON_TEXT.replace('{ "type": "integer" }', '{ "type": ["integer", "null"] }'),
    ],
    [
      'add to an empty object',
      [{ op: 'add', path: '/components/schemas/Empty/type', value: 'object' }],
      JSON_TEXT.replace('"Empty": {}', '"Empty": {\n                "type": "object"\n            }'),
    ],
  ];
  it.each(cases)('%s', (_name, patch, expected) => {
    const out = applyPatchToText(JSON_TEXT, patch);
    expect(out.text).toBe(expected);
    expect(out.format).toBe('json');
    expect(out.strategy).toBe('one-pass');
    expect(applyPatchToText(JSON_TEXT, patch, { strategy: 'sequential' }).text).toBe(expected);
  });

  it('compact JSON stays compact', () => {
    expect(applyPatchToText('{"a":{"b":1}}', [{ op: 'add', path: '/a/c', value: [1, 2] }]).text).toBe(
      '{"a":{"b":1,"c":[1,2]}}',
    );
  });

  it('a conflict throws before any change', () => {
    expect(() => applyPatchToText(JSON_TEXT, [{ op: 'remove', path: '/nope' }])).toThrow(
      "op 0 (remove /nope): no member 'nope'",
    );
  });
});

describe('one pass for several edits in one flow collection', () => {
  it('rewrites the flow collection on its line, nothing else', () => {
    const text = '# c\nA:\n  enum: [a, b, c]   # keep\n  m: {x: 1, y: 2}\n';
    const out = applyPatchToText(text, [
      { op: 'remove', path: '/A/enum/0' },
      { op: 'add', path: '/A/enum/-', value: 'd' },
      { op: 'remove', path: '/A/m/x' },
      { op: 'add', path: '/A/m/z', value: 3 },
    ]);
    expect(out.strategy).toBe('one-pass');
    expect(out.text).toBe('# c\nA:\n  enum: [b, c, d]   # keep\n  m: {y: 2, z: 3}\n');
  });
});

describe('CRLF files', () => {
  it('new lines end in CRLF like the rest of the file', () => {
    const yaml = 'a:\r\n  b: 1\r\nc: 2\r\n';
    expect(applyPatchToText(yaml, [{ op: 'add', path: '/a/d', value: { e: 1 } }]).text).toBe(
      'a:\r\n  b: 1\r\n  d:\r\n    e: 1\r\nc: 2\r\n',
    );
    const json = '{\r\n  "a": 1\r\n}\r\n';
    expect(applyPatchToText(json, [{ op: 'add', path: '/b', value: [1] }]).text).toBe(
      '{\r\n  "a": 1,\r\n  "b": [\r\n    1\r\n  ]\r\n}\r\n',
    );
  });
});
