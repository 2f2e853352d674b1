import { describe, expect, it } from 'vitest';
import { DriftgateError } from '../errors.js';
import type { PatchOperation } from '../traffic/mismatch.js';
import { applyPatch } from './apply-value.js';

// RFC 6902 Appendix A, plus the edges driftgate relies on.
const ok: [string, unknown, PatchOperation[], unknown][] = [
  [
    'A.1 add object member',
    { foo: 'bar' },
    [{ op: 'add', path: '/baz', value: 'qux' }],
    { foo: 'bar', baz: 'qux' },
  ],
  [
    'A.2 add array element',
    { foo: ['bar', 'baz'] },
    [{ op: 'add', path: '/foo/1', value: 'qux' }],
    { foo: ['bar', 'qux', 'baz'] },
  ],
  ['A.3 remove member', { baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }], { foo: 'bar' }],
  [
    'A.4 remove element',
    { foo: ['bar', 'qux', 'baz'] },
    [{ op: 'remove', path: '/foo/1' }],
    { foo: ['bar', 'baz'] },
  ],
  [
    'A.5 replace',
    { baz: 'qux', foo: 'bar' },
    [{ op: 'replace', path: '/baz', value: 'boo' }],
    { baz: 'boo', foo: 'bar' },
  ],
  [
    'A.6 move member',
    { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
    [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
    { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
  ],
  [
    'A.7 move element',
    { foo: ['all', 'grass', 'cows', 'eat'] },
    [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
    { foo: ['all', 'cows', 'eat', 'grass'] },
  ],
  [
    'A.8 test success',
    { baz: 'qux', foo: ['a', 2, 'c'] },
    [
      { op: 'test', path: '/baz', value: 'qux' },
      { op: 'test', path: '/foo/1', value: 2 },
    ],
    { baz: 'qux', foo: ['a', 2, 'c'] },
  ],
  [
    'A.10 add nested object',
    { foo: 'bar' },
    [{ op: 'add', path: '/child', value: { grandchild: {} } }],
    { foo: 'bar', child: { grandchild: {} } },
  ],
  [
    'A.12 add to nonexistent target? no: A.16 add array value',
    { foo: ['bar'] },
    [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }],
    { foo: ['bar', ['abc', 'def']] },
  ],
  [
    'A.14 ~ escape ordering',
    { '/': 9, '~1': 10 },
    [{ op: 'test', path: '/~01', value: 10 }],
    { '/': 9, '~1': 10 },
  ],
  ['copy', { a: { x: 1 } }, [{ op: 'copy', from: '/a', path: '/b' }], { a: { x: 1 }, b: { x: 1 } }],
  [
    'fragment pointers accepted',
    { a: { 'b/c': 1 } },
    [{ op: 'replace', path: '#/a/b~1c', value: 2 }],
    { a: { 'b/c': 2 } },
  ],
  ['replace root', { a: 1 }, [{ op: 'replace', path: '', value: [1] }], [1]],
  [
    'test ignores key order',
    { a: { x: 1, y: 2 } },
    [{ op: 'test', path: '/a', value: { y: 2, x: 1 } }],
    { a: { x: 1, y: 2 } },
  ],
  [
    'two adds build a missing member first',
    { type: 'object' },
    [
      { op: 'add', path: '/properties', value: {} },
      { op: 'add', path: '/properties/a', value: { type: 'string' } },
      { op: 'add', path: '/properties/b', value: { type: 'integer' } },
    ],
    { type: 'object', properties: { a: { type: 'string' }, b: { type: 'integer' } } },
  ],
];

const conflicts: [string, unknown, PatchOperation[], string][] = [
  [
    'A.9 test failure',
    { baz: 'qux' },
    [{ op: 'test', path: '/baz', value: 'bar' }],
    'op 0 (test /baz): test failed: found "qux", expected "bar"',
  ],
  [
    'A.12 add to a nonexistent parent',
    { foo: 'bar' },
    [{ op: 'add', path: '/baz/bat', value: 'qux' }],
    "op 0 (add /baz/bat): no member 'baz' (the parent must exist)",
  ],
  ['remove missing', { a: 1 }, [{ op: 'remove', path: '/b' }], "op 0 (remove /b): no member 'b'"],
  [
    'replace missing',
    { a: 1 },
    [{ op: 'replace', path: '/b', value: 1 }],
    "op 0 (replace /b): no member 'b'",
  ],
  [
    'array index out of bounds',
    { a: [1] },
    [{ op: 'add', path: '/a/5', value: 1 }],
    "op 0 (add /a/5): array index '5' is out of bounds (length 1)",
  ],
  [
    'leading zero index',
    { a: [1, 2] },
    [{ op: 'remove', path: '/a/01' }],
    "op 0 (remove /a/01): no array element '01'",
  ],
  [
    'move into own child',
    { a: { b: {} } },
    [{ op: 'move', from: '/a', path: '/a/b/c' }],
    "op 0 (move /a): cannot move a value into its own child '/a/b/c'",
  ],
  [
    'step into scalar',
    { a: 1 },
    [{ op: 'add', path: '/a/b', value: 1 }],
    'op 0 (add /a/b): the parent is a number, not an object or array',
  ],
  [
    'second op fails, index named',
    { a: 1 },
    [
      { op: 'add', path: '/b', value: 2 },
      { op: 'test', path: '/b', value: 3 },
    ],
    'op 1 (test /b): test failed: found 2, expected 3',
  ],
];

describe('applyPatch (RFC 6902 on values)', () => {
  it.each(ok)('%s', (_name, doc, patch, expected) => {
    const before = JSON.stringify(doc);
    expect(applyPatch(doc, patch)).toEqual(expected);
    expect(JSON.stringify(doc)).toBe(before);
  });

  it.each(conflicts)('%s → patch.conflict', (_name, doc, patch, message) => {
    const before = JSON.stringify(doc);
    let err: unknown;
    try {
      applyPatch(doc, patch);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DriftgateError);
    expect((err as DriftgateError).code).toBe('patch.conflict');
    expect((err as DriftgateError).message).toBe(message);
    expect(JSON.stringify(doc)).toBe(before);
  });

  it('the error location names the failing pointer', () => {
    try {
      applyPatch({}, [{ op: 'remove', path: '/x~1y' }]);
    } catch (e) {
      expect((e as DriftgateError).location).toEqual({ pointer: '/x~1y' });
    }
    expect.assertions(1);
  });
});
