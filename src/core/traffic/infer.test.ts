import { describe, expect, it } from 'vitest';
import { correctionConfidence, wilsonLowerBound } from './corrections-confidence.js';
import { inferFormat, inferParameterSchema, inferSchema } from './infer.js';

describe('inferFormat', () => {
  const cases: [string[], string | undefined][] = [
    [['2024-02-29T12:00:00Z', '2024-01-01T00:00:00.123+02:00'], 'date-time'],
    [['2023-02-29T12:00:00Z'], undefined],
    [['2024-02-29'], 'date'],
    [['2024-13-01'], undefined],
    [['123e4567-e89b-12d3-a456-426614174000'], 'uuid'],
    [['ann@example.com', 'b.c+d@mail.example.org'], 'email'],
    [['192.168.0.1'], 'ipv4'],
    [['256.1.1.1'], undefined],
    [['https://api.example.com/v1/x?y=1'], 'uri'],
    [['https://api.example.com/v1/x', 'not a uri'], undefined],
    [[`https://e.com/${'a'.repeat(200)}…`], undefined],
    [[], undefined],
  ];
  it.each(cases)('%j → %s', (values, format) => {
    expect(inferFormat(values)).toBe(format);
  });
});

describe('inferSchema', () => {
  const cases: [string, unknown[], '3.0' | '3.1', unknown][] = [
    ['int32 by magnitude', [1, -2147483648, 2147483647], '3.0', { type: 'integer', format: 'int32' }],
    ['int64 by magnitude', [2147483648], '3.0', { type: 'integer', format: 'int64' }],
    ['integers and fractions are numbers', [1, 1.5], '3.0', { type: 'number' }],
    ['nullable 3.0', ['a', null], '3.0', { type: 'string', nullable: true }],
    ['nullable 3.1', ['a', null], '3.1', { type: ['string', 'null'] }],
    ['only null 3.0', [null], '3.0', { nullable: true }],
    ['only null 3.1', [null], '3.1', { type: 'null' }],
    ['mixed 3.1 simple types', [true, 'x'], '3.1', { type: ['string', 'boolean'] }],
    ['mixed 3.0 → oneOf', [true, 'x'], '3.0', { oneOf: [{ type: 'string' }, { type: 'boolean' }] }],
    ['redacted tells nothing', ['[REDACTED]'], '3.0', {}],
    [
      'objects: union of keys, nothing required',
      [{ a: 1 }, { b: 'x@y.io', a: 2 }],
      '3.0',
      {
        type: 'object',
        properties: { a: { type: 'integer', format: 'int32' }, b: { type: 'string', format: 'email' } },
      },
    ],
    [
      'arrays: items from every element',
      [[1], [2.5], []],
      '3.0',
      { type: 'array', items: { type: 'number' } },
    ],
    ['empty array', [[]], '3.0', { type: 'array', items: {} }],
  ];
  it.each(cases)('%s', (_name, values, dialect, schema) => {
    expect(inferSchema(values, dialect)).toEqual(schema);
  });

  it('parameter values are strings that may spell numbers or booleans', () => {
    expect(inferParameterSchema(['1', '20'], '3.0')).toEqual({ type: 'integer', format: 'int32' });
    expect(inferParameterSchema(['1.5', '2'], '3.0')).toEqual({ type: 'number' });
    expect(inferParameterSchema(['true', 'false'], '3.0')).toEqual({ type: 'boolean' });
    expect(inferParameterSchema(['2024-01-01'], '3.0')).toEqual({ type: 'string', format: 'date' });
    expect(inferParameterSchema(['x', '1'], '3.0')).toEqual({ type: 'string' });
  });
});

describe('confidence', () => {
  it('Wilson lower bound at 95%', () => {
    expect(wilsonLowerBound(0, 0)).toBe(0);
    expect(wilsonLowerBound(1, 1).toFixed(3)).toBe('0.207');
    expect(wilsonLowerBound(10, 10).toFixed(3)).toBe('0.722');
    expect(wilsonLowerBound(100, 100).toFixed(3)).toBe('0.963');
    expect(wilsonLowerBound(50, 100).toFixed(3)).toBe('0.404');
  });
  it('additive kinds ignore the total; relaxing kinds use it', () => {
    expect(correctionConfidence('add_property', 10, 1000)).toBe(0.722);
    expect(correctionConfidence('relax_required', 10, 1000)).toBe(0.005);
    expect(correctionConfidence('relax_required', 10, undefined)).toBe(0.722);
    expect(correctionConfidence('widen_type', 95, 100)).toBe(0.888);
  });
});
