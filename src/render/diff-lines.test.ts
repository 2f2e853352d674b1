import { describe, expect, it } from 'vitest';
import { locatePointers } from './diff-lines.js';

const JSON_TEXT = `{
  "openapi": "3.0.3",
  "info": {"title": "a/b ~ \\"x\\"", "version": "1"},
  "paths": {
    "/pets/{id}": {
      "get": {
        "parameters": [
          {"name": "id", "in": "path"},
          {
            "name": "q\\u0041",
            "in": "query"
          }
        ],
        "responses": {"200": {"description": "ok, [really] {x}"}}
      }
    },
    "/a~b": {"post": {}}
  }
}
`;

const YAML_TEXT = `openapi: 3.0.3
info:
  title: x
  version: '1'
paths:
  /pets/{id}:
    get:
      parameters:
        - name: id
          in: path
        - name: qA
          in: query
      responses:
        '200':
          description: ok
  /a~b:
    post: {}
`;

const POINTERS = [
  '#',
  '#/info/title',
  '#/paths/~1pets~1{id}/get',
  '#/paths/~1pets~1{id}/get/parameters/1',
  '#/paths/~1pets~1{id}/get/parameters/1/in',
  '#/paths/~1pets~1{id}/get/responses/200/description',
  '#/paths/~1pets~1{id}/get/responses/404',
  '#/paths/~1a~0b/post',
  '#/components/schemas/Gone',
];

describe('locatePointers', () => {
  it.each([
    ['json', JSON_TEXT, [1, 3, 6, 9, 11, 14, 14, 17, 1]],
    ['yaml', YAML_TEXT, [1, 3, 7, 11, 12, 15, 13, 17, 1]],
  ] as const)('%s', (_name, text, lines) => {
    const found = locatePointers(text, POINTERS);
    expect(POINTERS.map((p) => found.get(p))).toEqual(lines);
  });

  it('gives nothing for unparseable text', () => {
    expect(locatePointers('{"a": [1, 2', ['#/a/1']).size).toBe(0);
    expect(locatePointers('a: [\n', ['#/a']).size).toBe(0);
  });
});
