// Parameter deserialization (OAS 3.1 §4.8.12.4 "Style Values"): the raw strings of a path segment, query
// string, header or cookie turned into the value the schema describes — primitives coerced by declared
// type, arrays and objects split per style (form, simple, label, matrix, spaceDelimited, pipeDelimited,
// deepObject) and explode.
import type { SchemaSet } from './schemas.js';

type Obj = Record<string, unknown>;
export type ParamIn = 'path' | 'query' | 'header' | 'cookie';
export type Shape = 'array' | 'object' | 'primitive';

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typesOf(set: SchemaSet, schema: unknown): string[] {
  const n = set.resolve(schema);
  if (!isObj(n)) return [];
  const t = n.type;
  const list = Array.isArray(t) ? t.map(String) : typeof t === 'string' ? [t] : [];
  if (list.length === 0 && Array.isArray(n.allOf)) for (const b of n.allOf) list.push(...typesOf(set, b));
  return list;
}

export function shapeOf(set: SchemaSet, schema: unknown): Shape {
  const t = typesOf(set, schema);
  if (t.includes('array')) return 'array';
  if (t.includes('object')) return 'object';
  return 'primitive';
}

const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A raw string as the primitive the schema declares, when it reads as one; else the string. */
export function coercePrimitive(set: SchemaSet, schema: unknown, raw: string): unknown {
  const t = typesOf(set, schema);
  if ((t.includes('integer') || t.includes('number')) && NUMBER.test(raw)) return Number(raw);
  if (t.includes('boolean') && (raw === 'true' || raw === 'false')) return raw === 'true';
  if (t.includes('null') && raw === '') return null;
  return raw;
}

function propSchema(set: SchemaSet, schema: unknown, name: string): unknown {
  const n = set.resolve(schema);
  if (!isObj(n)) return undefined;
  if (isObj(n.properties) && n.properties[name] !== undefined) return n.properties[name];
  if (Array.isArray(n.allOf)) {
    for (const b of n.allOf) {
      const p = propSchema(set, b, name);
      if (p !== undefined) return p;
    }
  }
  return isObj(n.additionalProperties) ? n.additionalProperties : undefined;
}

function itemsSchema(set: SchemaSet, schema: unknown): unknown {
  const n = set.resolve(schema);
  return isObj(n) ? n.items : undefined;
}

function coerce(
  set: SchemaSet,
  schema: unknown,
  shape: Shape,
  parts: readonly string[],
  pairs: boolean,
): unknown {
  if (shape === 'array') {
    const items = itemsSchema(set, schema);
    return parts.map((p) => coercePrimitive(set, items, p));
  }
  if (shape === 'object') {
    const out: Obj = {};
    if (pairs) {
      for (let i = 0; i + 1 < parts.length; i += 2) {
        out[parts[i]!] = coercePrimitive(set, propSchema(set, schema, parts[i]!), parts[i + 1]!);
      }
    } else {
      for (const p of parts) {
        const eq = p.indexOf('=');
        const k = eq < 0 ? p : p.slice(0, eq);
        out[k] = coercePrimitive(set, propSchema(set, schema, k), eq < 0 ? '' : p.slice(eq + 1));
      }
    }
    return out;
  }
  return coercePrimitive(set, schema, parts.join(','));
}

export interface ParamSpec {
  readonly name: string;
  readonly in: ParamIn;
  readonly style: string;
  readonly explode: boolean;
  readonly schema: unknown;
}

/** Default style and explode per location (OAS 3.1 §4.8.12.4). */
export function styleOf(p: Obj, where: ParamIn): { style: string; explode: boolean } {
  const style =
    typeof p.style === 'string' ? p.style : where === 'query' || where === 'cookie' ? 'form' : 'simple';
  const explode = typeof p.explode === 'boolean' ? p.explode : style === 'form';
  return { style, explode };
}

/** A path/header value (already one string) deserialized; label and matrix prefixes removed. */
export function deserializeString(set: SchemaSet, p: ParamSpec, raw: string): unknown {
  const shape = shapeOf(set, p.schema);
  let v = raw;
  let sep = ',';
  if (p.style === 'label') {
    v = v.startsWith('.') ? v.slice(1) : v;
    if (p.explode) sep = '.';
  } else if (p.style === 'matrix') {
    const prefix = `;${p.name}=`;
    if (p.explode && shape !== 'primitive') {
      const parts = v.split(';').filter((x) => x !== '');
      if (shape === 'array')
        return coerce(
          set,
          p.schema,
          shape,
          parts.map((x) => x.slice(x.indexOf('=') + 1)),
          false,
        );
      return coerce(set, p.schema, shape, parts, false);
    }
    v = v.startsWith(prefix) ? v.slice(prefix.length) : v.startsWith(';') ? v.slice(1) : v;
  }
  if (shape === 'primitive') return coercePrimitive(set, p.schema, v);
  const parts = v === '' ? [] : v.split(sep);
  return coerce(set, p.schema, shape, parts, shape === 'object' && !p.explode);
}

/**
 * A query (or cookie) parameter from the decoded pairs; undefined when absent. `used` collects the query
 * keys it consumed, so undocumented ones can be told apart.
 */
export function deserializeQuery(
  set: SchemaSet,
  p: ParamSpec,
  pairs: readonly (readonly [string, string])[],
  used: Set<string>,
): unknown {
  const shape = shapeOf(set, p.schema);
  if (p.style === 'deepObject') {
    const prefix = `${p.name}[`;
    const out: Obj = {};
    let found = false;
    for (const [k, v] of pairs) {
      if (!k.startsWith(prefix) || !k.endsWith(']')) continue;
      used.add(k);
      found = true;
      const prop = k.slice(prefix.length, -1);
      out[prop] = coercePrimitive(set, propSchema(set, p.schema, prop), v);
    }
    return found ? out : undefined;
  }
  if (shape === 'object' && p.explode && p.style === 'form') {
    const out: Obj = {};
    let found = false;
    for (const [k, v] of pairs) {
      if (propSchema(set, p.schema, k) === undefined) continue;
      used.add(k);
      found = true;
      out[k] = coercePrimitive(set, propSchema(set, p.schema, k), v);
    }
    return found ? out : undefined;
  }
  const values: string[] = [];
  for (const [k, v] of pairs) {
    if (k === p.name || (shape === 'array' && k === `${p.name}[]`)) {
      used.add(k);
      values.push(v);
    }
  }
  if (values.length === 0) return undefined;
  if (shape === 'primitive') return coercePrimitive(set, p.schema, values[values.length - 1]!);
  if (shape === 'array' && p.explode && p.style === 'form')
    return coerce(set, p.schema, shape, values, false);
  const joined = values.join(',');
  const sep = p.style === 'spaceDelimited' ? ' ' : p.style === 'pipeDelimited' ? '|' : ',';
  const parts = joined === '' ? [] : joined.split(sep);
  return coerce(set, p.schema, shape, parts, shape === 'object');
}
