// Form bodies as the objects their schemas describe: `application/x-www-form-urlencoded` (RFC 1866 §8.2.1,
// `a[b]=1` read as nested keys) and `multipart/form-data` (RFC 7578; each part's `name`, values as text,
// files as their content). Values are coerced by the declared property types, like query parameters.
// Multipart parsing is lenient: every part between boundary lines counts, even after a closing delimiter.
import { parseQuery } from './message.js';
import { coercePrimitive } from './params.js';
import type { SchemaSet } from './schemas.js';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function propertySchema(set: SchemaSet, schema: unknown, name: string): unknown {
  const n = set.resolve(schema);
  if (!isObj(n)) return undefined;
  if (isObj(n.properties) && n.properties[name] !== undefined) return n.properties[name];
  if (Array.isArray(n.allOf)) {
    for (const b of n.allOf) {
      const p = propertySchema(set, b, name);
      if (p !== undefined) return p;
    }
  }
  return undefined;
}

function isArraySchema(set: SchemaSet, schema: unknown): boolean {
  const n = set.resolve(schema);
  return isObj(n) && (n.type === 'array' || (Array.isArray(n.type) && n.type.includes('array')));
}

function assign(set: SchemaSet, schema: unknown, out: Obj, key: string, raw: string): void {
  const bracket = /^([^[\]]+)\[([^[\]]*)\]$/.exec(key);
  if (bracket && bracket[2] !== '') {
    const [, outer, inner] = bracket as unknown as [string, string, string];
    const child = isObj(out[outer]) ? (out[outer] as Obj) : {};
    out[outer] = child;
    assign(set, propertySchema(set, schema, outer), child, inner, raw);
    return;
  }
  const name = bracket ? bracket[1]! : key;
  const ps = propertySchema(set, schema, name);
  if (isArraySchema(set, ps) || bracket) {
    const items = isObj(set.resolve(ps)) ? (set.resolve(ps) as Obj).items : undefined;
    const list = Array.isArray(out[name]) ? (out[name] as unknown[]) : [];
    list.push(coercePrimitive(set, items, raw));
    out[name] = list;
    return;
  }
  out[name] = coercePrimitive(set, ps, raw);
}

export function parseUrlEncoded(set: SchemaSet, schema: unknown, text: string): Obj {
  const out: Obj = {};
  for (const [k, v] of parseQuery(text)) assign(set, schema, out, k, v);
  return out;
}

export function parseMultipart(
  set: SchemaSet,
  schema: unknown,
  text: string,
  contentType: string,
): Obj | null {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2]?.trim();
  if (!boundary) return null;
  const out: Obj = {};
  for (const part of text.split(`--${boundary}`)) {
    const sep = /\r?\n\r?\n/.exec(part);
    if (!sep) continue;
    const head = part.slice(0, sep.index);
    const name = /content-disposition:[^\n]*\bname="([^"]*)"/i.exec(head)?.[1];
    if (name === undefined) continue;
    const body = part.slice(sep.index + sep[0].length).replace(/\r?\n$/, '');
    assign(set, schema, out, name, body);
  }
  return out;
}
