import { describe, expect, it } from 'vitest';
import { sampleExchange, sampleSpecPointer, sampleValue } from './samples.js';

describe('incident samples', () => {
  const response = { status: 200, headers: { 'content-type': 'application/json', 'x-n': 3 }, body: { a: 1 } };

  it.each([
    [
      'an exchange wrapped by record-drift',
      {
        finding: 'f',
        location: '/body',
        value: { request: { method: 'GET', url: '/x', headers: {} }, response },
      },
      {
        request: { method: 'GET', url: '/x', headers: {} },
        response: { status: 200, headers: { 'content-type': 'application/json' }, body: { a: 1 } },
      },
    ],
    [
      'a bare response (sync: the new upstream response)',
      response,
      { response: { status: 200, headers: { 'content-type': 'application/json' }, body: { a: 1 } } },
    ],
    [
      'an exchange without a usable request',
      { request: { url: 1 }, response: { status: 204 } },
      { response: { status: 204, headers: {} } },
    ],
    ['an observed value (not an exchange)', { finding: 'f', location: '/body/age', value: '12' }, null],
    ['a response with a non-integer status', { status: '200' }, null],
    ['nothing', null, null],
  ])('%s', (_, sample, expected) => expect(sampleExchange(sample)).toEqual(expected));

  it('knows spec fragments by their pointer', () => {
    expect(sampleSpecPointer({ finding: 'f', location: '#/paths/~1a', value: {} })).toBe('#/paths/~1a');
    expect(sampleSpecPointer({ finding: 'f', location: '/body/a', value: {} })).toBeNull();
    expect(sampleValue({ value: 1 })).toEqual({ value: 1 });
    expect(sampleValue({ location: '#/a', value: 1 })).toBe(1);
  });
});
