// The denominator of field churn %: the fields of one operation's contract (PRODUCT.md "Field churn %":
// schema properties, parameters, headers, status codes). Each is counted once by its identity, so a
// property present in several media types or responses of the same status is one field.
import type { Finding } from '../findings.js';
import type { ApiDocument, Operation } from '../openapi/index.js';
import { deref, type Located } from '../openapi/refs.js';

type Obj = Record<string, unknown>;

const MAX_DEPTH = 32;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Identities of every field of an operation: `param:<in>:<name>`, `status:<code>`, `header:<code>:<name>`, `schema:<where>:<path>`. */
export function operationFields(doc: ApiDocument, op: Operation): ReadonlySet<string> {
  const out = new Set<string>();
  const at = <T>(value: unknown, uri: string, pointer: string): Located<T> | undefined => {
    try {
      return deref<T>(doc.documents, { value: value as T, uri, pointer });
    } catch {
      return undefined; // a dangling $ref is the loader's error to report, not churn's
    }
  };

  for (const p of op.parameters) out.add(`param:${p.in}:${p.name}`);

  const body = at<Obj>(op.node.requestBody, op.uri, `${op.pointer}/requestBody`);
  if (body && isObj(body.value))
    addContent(body.value.content, body.uri, `${body.pointer}/content`, 'request', out, at);

  const responses = op.node.responses;
  if (isObj(responses)) {
    for (const [status, raw] of Object.entries(responses)) {
      out.add(`status:${status}`);
      const res = at<Obj>(raw, op.uri, `${op.pointer}/responses/${status}`);
      if (!res || !isObj(res.value)) continue;
      if (isObj(res.value.headers))
        for (const h of Object.keys(res.value.headers)) out.add(`header:${status}:${h.toLowerCase()}`);
      addContent(res.value.content, res.uri, `${res.pointer}/content`, `response:${status}`, out, at);
    }
  }
  return out;
}

export function countOperationFields(doc: ApiDocument, op: Operation): number {
  return operationFields(doc, op).size;
}

type At = <T>(value: unknown, uri: string, pointer: string) => Located<T> | undefined;

function addContent(
  content: unknown,
  uri: string,
  pointer: string,
  where: string,
  out: Set<string>,
  at: At,
): void {
  if (!isObj(content)) return;
  for (const [type, media] of Object.entries(content)) {
    if (!isObj(media) || media.schema === undefined) continue;
    addSchema(media.schema, uri, `${pointer}/${type}/schema`, where, '', out, at, new Set(), 0);
  }
}

function addSchema(
  raw: unknown,
  uri: string,
  pointer: string,
  where: string,
  path: string,
  out: Set<string>,
  at: At,
  visiting: Set<string>,
  depth: number,
): void {
  if (depth > MAX_DEPTH) return;
  const s = at<Obj>(raw, uri, pointer);
  if (!s || !isObj(s.value)) return;
  const id = `${s.uri}${s.pointer}`;
  // A recursive schema (a tree node) contributes its fields once, not once per level of nesting.
  if (visiting.has(id)) return;
  const next = new Set(visiting).add(id);
  const v = s.value;
  if (isObj(v.properties)) {
    for (const [name, prop] of Object.entries(v.properties)) {
      const child = `${path}/${name}`;
      out.add(`schema:${where}:${child}`);
      addSchema(prop, s.uri, `${s.pointer}/properties/${name}`, where, child, out, at, next, depth + 1);
    }
  }
  if (v.items !== undefined)
    addSchema(v.items, s.uri, `${s.pointer}/items`, where, `${path}/[]`, out, at, next, depth + 1);
  for (const k of ['allOf', 'oneOf', 'anyOf'] as const) {
    const list = v[k];
    if (!Array.isArray(list)) continue;
    for (const [i, sub] of list.entries()) {
      addSchema(sub, s.uri, `${s.pointer}/${k}/${i}`, where, path, out, at, next, depth + 1);
    }
  }
}

/**
 * The field a finding changes, for churn %, or null when it changes no field. Traffic and sync findings
 * carry their field identity; a spec change counts when its pointer goes into a parameter, a schema
 * property or items, a header, a request body or a response (status code): a tag, an operationId, a
 * description or a whole operation added/removed is drift but not field churn.
 */
export function churnField(f: Pick<Finding, 'source' | 'field'>): string | null {
  if (f.field === null || f.source !== 'spec') return f.field;
  return SPEC_FIELD_POINTER.test(f.field) ? f.field : null;
}

const SPEC_FIELD_POINTER = /\/(?:parameters|properties|items|headers|requestBody|responses)(?:\/|$)/;
