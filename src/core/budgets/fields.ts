// The denominator of field churn %: the fields of one operation's contract (PRODUCT.md "Field churn %":
// schema properties, parameters, headers, status codes). Each is counted once by its identity, so a
// property present in several media types or responses of the same status is one field.
import type { Finding } from '../findings.js';
import type { ApiDocument, Operation } from '../openapi/index.js';
import { deref, type Located } from '../openapi/refs.js';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Identities of every field of an operation: `param:<in>:<name>`, `status:<code>`, `header:<code>:<name>`,
 * and `schema:<request|response:code>:<pointer of the property declaration>`.
 */
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

/** A JSON pointer token (RFC 6901). */
function escape(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
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
  // One traversal per request/response: a schema reached through several media types, `allOf` branches or
  // nesting paths (a shared Address under billing and shipping, a recursive tree) contributes its property
  // declarations once. Linear in the reachable schema graph, so Stripe-sized specs stay cheap.
  const seen = new Set<string>();
  const stack: { raw: unknown; uri: string; pointer: string }[] = [];
  for (const [type, media] of Object.entries(content)) {
    if (isObj(media) && media.schema !== undefined) {
      stack.push({ raw: media.schema, uri, pointer: `${pointer}/${escape(type)}/schema` });
    }
  }
  while (stack.length > 0) {
    const next = stack.pop()!;
    const s = at<Obj>(next.raw, next.uri, next.pointer);
    if (!s || !isObj(s.value)) continue;
    const id = `${s.uri}${s.pointer}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const v = s.value;
    if (isObj(v.properties)) {
      for (const [name, prop] of Object.entries(v.properties)) {
        const child = `${s.pointer}/properties/${escape(name)}`;
        out.add(`schema:${where}:${s.uri === uri ? '' : s.uri}${child}`);
        stack.push({ raw: prop, uri: s.uri, pointer: child });
      }
    }
    if (v.items !== undefined) stack.push({ raw: v.items, uri: s.uri, pointer: `${s.pointer}/items` });
    if (isObj(v.additionalProperties)) {
      stack.push({ raw: v.additionalProperties, uri: s.uri, pointer: `${s.pointer}/additionalProperties` });
    }
    for (const k of ['allOf', 'oneOf', 'anyOf'] as const) {
      const list = v[k];
      if (!Array.isArray(list)) continue;
      for (const [i, sub] of list.entries())
        stack.push({ raw: sub, uri: s.uri, pointer: `${s.pointer}/${k}/${i}` });
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
