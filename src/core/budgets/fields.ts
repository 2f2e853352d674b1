// The denominator of field churn %: the fields of one operation's contract (PRODUCT.md "Field churn %":
// schema properties, parameters, headers, status codes). Each is counted once by its identity, so a
// property present in several media types or responses of the same status is one field.
import type { Finding } from '../findings.js';
import { type ApiDocument, escapeToken, type Operation } from '../openapi/index.js';
import { deref, isRef, type Located } from '../openapi/refs.js';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

type At = <T>(value: unknown, uri: string, pointer: string) => Located<T> | undefined;

interface Root {
  readonly raw: unknown;
  readonly uri: string;
  readonly pointer: string;
}

/** The parts of an operation that hold fields: parameters, then per request/response its schema roots. */
interface OperationParts {
  readonly scalar: readonly string[];
  readonly contents: readonly { readonly where: string; readonly roots: readonly Root[] }[];
}

function resolver(doc: ApiDocument): At {
  return <T>(value: unknown, uri: string, pointer: string): Located<T> | undefined => {
    try {
      return deref<T>(doc.documents, { value: value as T, uri, pointer });
    } catch {
      return undefined; // a dangling $ref is the loader's error to report, not churn's
    }
  };
}

function partsOf(op: Operation, at: At): OperationParts {
  const scalar: string[] = op.parameters.map((p) => `param:${p.in}:${p.name}`);
  const contents: { where: string; roots: Root[] }[] = [];
  const rootsOf = (content: unknown, uri: string, pointer: string): Root[] =>
    isObj(content)
      ? Object.entries(content).flatMap(([type, media]) =>
          isObj(media) && media.schema !== undefined
            ? [{ raw: media.schema, uri, pointer: `${pointer}/${escapeToken(type)}/schema` }]
            : [],
        )
      : [];
  const body = at<Obj>(op.node.requestBody, op.uri, `${op.pointer}/requestBody`);
  if (body && isObj(body.value)) {
    contents.push({
      where: 'request',
      roots: rootsOf(body.value.content, body.uri, `${body.pointer}/content`),
    });
  }
  const responses = op.node.responses;
  if (isObj(responses)) {
    for (const [status, raw] of Object.entries(responses)) {
      scalar.push(`status:${status}`);
      const res = at<Obj>(raw, op.uri, `${op.pointer}/responses/${escapeToken(status)}`);
      if (!res || !isObj(res.value)) continue;
      if (isObj(res.value.headers)) {
        for (const h of Object.keys(res.value.headers)) scalar.push(`header:${status}:${h.toLowerCase()}`);
      }
      contents.push({
        where: `response:${status}`,
        roots: rootsOf(res.value.content, res.uri, `${res.pointer}/content`),
      });
    }
  }
  return { scalar, contents };
}

/**
 * Identities of every field of an operation: `param:<in>:<name>`, `status:<code>`, `header:<code>:<name>`,
 * and `schema:<request|response:code>:<pointer of the property declaration>`.
 */
export function operationFields(doc: ApiDocument, op: Operation): ReadonlySet<string> {
  const at = resolver(doc);
  const parts = partsOf(op, at);
  const out = new Set<string>(parts.scalar);
  for (const c of parts.contents) {
    for (const d of declarations(c.roots, at)) out.add(`schema:${c.where}:${d}`);
  }
  return out;
}

/**
 * Per document: declaration ids interned to numbers, the closure (every declaration reachable) of each
 * `$ref` target met at the edge of an operation's own schemas, and the count per set of schema roots.
 * Most operations of a large API wrap a few shared components, so each component's graph is walked once
 * per document instead of once per operation.
 */
interface DocumentMemo {
  readonly ids: Map<string, number>;
  readonly closures: Map<string, ReadonlySet<number>>;
  readonly counts: Map<string, number>;
}

const memos = new WeakMap<object, DocumentMemo>();

/** `operationFields(doc, op).size`, with the schema walks memoized per document. */
export function countOperationFields(doc: ApiDocument, op: Operation): number {
  const at = resolver(doc);
  const parts = partsOf(op, at);
  let memo = memos.get(doc.documents);
  if (!memo) {
    memo = { ids: new Map(), closures: new Map(), counts: new Map() };
    memos.set(doc.documents, memo);
  }
  let n = new Set(parts.scalar).size;
  for (const c of parts.contents) {
    const resolved = c.roots.map((r) => at<Obj>(r.raw, r.uri, r.pointer));
    const key = resolved.map((r) => (r ? `${r.uri}${r.pointer}` : '')).join('\u0000');
    let k = memo.counts.get(key);
    if (k === undefined) {
      k = declarationIds(c.roots, at, memo, true).size;
      memo.counts.set(key, k);
    }
    n += k;
  }
  return n;
}

/**
 * `declarations` as interned ids. `$ref` targets with a finished closure contribute it whole; with
 * `useClosures` (an operation's own schemas) a missing closure is computed first.
 */
function declarationIds(
  roots: readonly Root[],
  at: At,
  memo: DocumentMemo,
  useClosures: boolean,
): Set<number> {
  const out = new Set<number>();
  const seen = new Set<string>();
  const stack = [...roots];
  const intern = (id: string): number => {
    let n = memo.ids.get(id);
    if (n === undefined) {
      n = memo.ids.size;
      memo.ids.set(id, n);
    }
    return n;
  };
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (isRef(next.raw)) {
      const target = at<Obj>(next.raw, next.uri, next.pointer);
      if (!target) continue;
      const id = `${target.uri}${target.pointer}`;
      if (seen.has(id)) continue;
      let closure = memo.closures.get(id);
      // At an operation's edge a missing closure is computed (and kept); inside a closure walk only
      // finished closures are reused, so a cycle (a -> b -> a) never recurses.
      if (!closure && useClosures) {
        closure = declarationIds(
          [{ raw: target.value, uri: target.uri, pointer: target.pointer }],
          at,
          memo,
          false,
        );
        memo.closures.set(id, closure);
      }
      if (closure) {
        seen.add(id);
        for (const d of closure) out.add(d);
        continue;
      }
    }
    const s = at<Obj>(next.raw, next.uri, next.pointer);
    if (!s || !isObj(s.value)) continue;
    const id = `${s.uri}${s.pointer}`;
    if (seen.has(id)) continue;
    seen.add(id);
    pushSubschemas(s, stack, (child) => out.add(intern(`${s.uri}${child}`)));
  }
  return out;
}

/** Queues the subschemas of the schema at `s`, calling `declare` with the pointer of each property. */
function pushSubschemas(s: Located<Obj>, stack: Root[], declare: (pointer: string) => void): void {
  const v = s.value;
  if (isObj(v.properties)) {
    for (const [name, prop] of Object.entries(v.properties)) {
      const child = `${s.pointer}/properties/${escapeToken(name)}`;
      declare(child);
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

/**
 * Property declarations reachable from the roots, once each: a schema reached through several media
 * types, `allOf` branches or nesting paths (a shared Address under billing and shipping, a recursive
 * tree) contributes its declarations once. Linear in the reachable schema graph.
 */
function declarations(roots: readonly Root[], at: At): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const next = stack.pop()!;
    const s = at<Obj>(next.raw, next.uri, next.pointer);
    if (!s || !isObj(s.value)) continue;
    const id = `${s.uri}${s.pointer}`;
    if (seen.has(id)) continue;
    seen.add(id);
    pushSubschemas(s, stack, (child) => out.add(`${s.uri === roots[0]?.uri ? '' : s.uri}${child}`));
  }
  return out;
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
