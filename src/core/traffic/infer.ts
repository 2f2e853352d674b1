// Schema inference from observed (redacted) values, for corrections: the narrowest honest OpenAPI schema
// that admits every sample. Formats are claimed only when every string sample has them; integers get
// int32/int64 by magnitude; null becomes `nullable` (3.0) or a 'null' type (3.1). Redacted values tell
// nothing about their type and are left out; a schema from no usable sample is `{}` (anything).
import type { Dialect } from '../openapi/index.js';
import { jsonTypeOf } from '../openapi/index.js';
import { REDACTED } from './redact.js';

type Obj = Record<string, unknown>;

const MAX_DEPTH = 8;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** String formats we infer, most specific first (the first that every sample matches wins). */
const FORMATS: readonly (readonly [string, (s: string) => boolean])[] = [
  ['date-time', isDateTime],
  ['date', (s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && validDate(s.slice(0, 10))],
  ['uuid', (s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)],
  [
    'email',
    (s) =>
      /^[^\s@"<>()[\],;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/.test(
        s,
      ),
  ],
  [
    'ipv4',
    (s) => /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(s),
  ],
  ['uri', (s) => /^[a-z][a-z0-9+.-]*:\/\/[^\s/?#]+[^\s]*$/i.test(s) && !s.endsWith('…')],
];

function isDateTime(s: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(s);
  return m !== null && validDate(m[1]!) && Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4]) < 61;
}

function validDate(d: string): boolean {
  const [y, mo, da] = d.split('-').map(Number) as [number, number, number];
  if (mo < 1 || mo > 12 || da < 1) return false;
  const days = [
    31,
    y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return da <= days[mo - 1]!;
}

/** The format every string has, or undefined. Truncated samples (`…`) never claim a format. */
export function inferFormat(strings: readonly string[]): string | undefined {
  if (strings.length === 0) return undefined;
  for (const [name, test] of FORMATS) if (strings.every(test)) return name;
  return undefined;
}

/** int32 when every integer fits, else int64. */
export function integerFormat(ints: readonly number[]): 'int32' | 'int64' {
  return ints.every((n) => n >= INT32_MIN && n <= INT32_MAX) ? 'int32' : 'int64';
}

/** A schema admitting every usable sample. */
export function inferSchema(samples: readonly unknown[], dialect: Dialect, depth = 0): Obj {
  const usable = samples.filter((v) => v !== undefined && v !== REDACTED);
  if (usable.length === 0 || depth > MAX_DEPTH) return {};
  const byType = new Map<string, unknown[]>();
  for (const v of usable) {
    let t: string = jsonTypeOf(v);
    if (t === 'integer') t = 'number';
    const list = byType.get(t) ?? [];
    list.push(v);
    byType.set(t, list);
  }
  const nullable = byType.delete('null');
  const parts = [...byType.entries()]
    .sort(([a], [b]) => TYPE_ORDER.indexOf(a) - TYPE_ORDER.indexOf(b))
    .map(([t, vs]) => schemaForType(t, vs, dialect, depth));
  if (parts.length === 0) return dialect === '3.1' ? { type: 'null' } : { nullable: true };
  if (parts.length === 1) return withNull(parts[0]!, nullable, dialect);
  if (dialect === '3.1' && parts.every((p) => Object.keys(p).length === 1)) {
    return { type: [...parts.map((p) => p.type as string), ...(nullable ? ['null'] : [])] };
  }
  const oneOf = { oneOf: parts };
  if (!nullable) return oneOf;
  return dialect === '3.1' ? { oneOf: [...parts, { type: 'null' }] } : { ...oneOf, nullable: true };
}

const TYPE_ORDER = ['object', 'array', 'string', 'number', 'boolean'];

function withNull(schema: Obj, nullable: boolean, dialect: Dialect): Obj {
  if (!nullable) return schema;
  if (dialect === '3.0') return { ...schema, nullable: true };
  return { ...schema, type: [schema.type as string, 'null'] };
}

function schemaForType(t: string, values: unknown[], dialect: Dialect, depth: number): Obj {
  switch (t) {
    case 'string': {
      const format = inferFormat(values as string[]);
      return format === undefined ? { type: 'string' } : { type: 'string', format };
    }
    case 'number': {
      const nums = values as number[];
      if (!nums.every(Number.isInteger)) return { type: 'number' };
      return { type: 'integer', format: integerFormat(nums) };
    }
    case 'boolean':
      return { type: 'boolean' };
    case 'array': {
      const items = (values as unknown[][]).flat();
      return { type: 'array', items: inferSchema(items, dialect, depth + 1) };
    }
    default: {
      const objs = values as Obj[];
      const keys: string[] = [];
      for (const o of objs) for (const k of Object.keys(o)) if (!keys.includes(k)) keys.push(k);
      if (keys.length === 0) return { type: 'object' };
      const properties: Obj = {};
      for (const k of keys) {
        properties[k] = inferSchema(
          objs.map((o) => o[k]),
          dialect,
          depth + 1,
        );
      }
      return { type: 'object', properties };
    }
  }
}

/**
 * A parameter schema from raw string values (query, header): integers, numbers and booleans when every
 * value spells one, otherwise a string with its format.
 */
export function inferParameterSchema(values: readonly unknown[], dialect: Dialect): Obj {
  const strings = values.filter((v): v is string => typeof v === 'string' && v !== REDACTED);
  if (strings.length === 0) return values.length > 0 ? inferSchema(values, dialect) : { type: 'string' };
  if (strings.every((s) => /^-?(0|[1-9]\d*)$/.test(s))) {
    return { type: 'integer', format: integerFormat(strings.map(Number)) };
  }
  if (strings.every((s) => s !== '' && Number.isFinite(Number(s)) && /^-?\d/.test(s)))
    return { type: 'number' };
  if (strings.every((s) => s === 'true' || s === 'false')) return { type: 'boolean' };
  const format = inferFormat(strings);
  return format === undefined ? { type: 'string' } : { type: 'string', format };
}
