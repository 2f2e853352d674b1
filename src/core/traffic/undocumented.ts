// Properties the contract does not document. Most specs leave `additionalProperties` unset, so JSON Schema
// accepts anything extra; PRODUCT.md still wants those reported as `unexpected_field` (non-breaking by
// default). A property is documented when `properties`, `patternProperties` or `additionalProperties` of the
// object schema, or of any allOf/anyOf/oneOf branch that admits objects, covers it. A schema that lists no
// properties at all (a free-form object) documents nothing and is not reported on. Also: readOnly properties
// sent in a request and writeOnly properties returned in a response (OAS 3.0 §4.7.24).
import { jsonTypeOf } from '../openapi/index.js';
import { type IssueContext, mismatch, pointerOf, sample } from './issues.js';
import type { Mismatch } from './mismatch.js';
import { redactObserved } from './redact.js';
import { CHOICE, CHOICE_DISCRIMINATOR, type Discriminator, type SchemaSet } from './schemas.js';

type Obj = Record<string, unknown>;
const MAX_ITEMS = 1000;
const MAX_DEPTH = 64;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface ObjectShape {
  /** Property schemas by name (first declaration wins). */
  readonly props: Map<string, unknown>;
  readonly patterns: { re: RegExp; schema: unknown }[];
  /** additionalProperties schemas (true when open). */
  readonly additional: unknown[];
  /** Whether anything documents keys at all. */
  documented: boolean;
  /** Names of readOnly / writeOnly properties (computed once per shape). */
  readOnly?: ReadonlySet<string>;
  writeOnly?: ReadonlySet<string>;
}

interface ItemShape {
  readonly items: unknown[];
}

/** Per translated node, computed once. */
const objectShapes = new WeakMap<object, ObjectShape>();
const itemShapes = new WeakMap<object, ItemShape>();

function typesOf(node: Obj): string[] {
  const t = node.type;
  return Array.isArray(t) ? t.map(String) : typeof t === 'string' ? [t] : [];
}

function collectObject(set: SchemaSet, node: unknown, shape: ObjectShape, seen: Set<object>): void {
  const n = set.resolve(node);
  if (!isObj(n) || seen.has(n)) return;
  seen.add(n);
  const types = typesOf(n);
  if (types.length > 0 && !types.includes('object')) return;
  if (isObj(n.properties)) {
    shape.documented = true;
    for (const [k, v] of Object.entries(n.properties)) if (!shape.props.has(k)) shape.props.set(k, v);
  }
  if (isObj(n.patternProperties)) {
    shape.documented = true;
    for (const [k, v] of Object.entries(n.patternProperties)) {
      try {
        shape.patterns.push({ re: new RegExp(k), schema: v });
      } catch {
        shape.additional.push(true);
      }
    }
  }
  if (n.additionalProperties !== undefined && n.additionalProperties !== false)
    shape.additional.push(n.additionalProperties);
  if (n.unevaluatedProperties !== undefined && n.unevaluatedProperties !== false)
    shape.additional.push(n.unevaluatedProperties);
  if (Array.isArray(n.allOf)) for (const b of n.allOf) collectObject(set, b, shape, seen);
  const choice = n[CHOICE];
  if (Array.isArray(choice)) for (const b of choice) collectObject(set, b, shape, seen);
  if (isObj(n.then)) collectObject(set, n.then, shape, seen);
  if (isObj(n.else)) collectObject(set, n.else, shape, seen);
}

function objectShape(set: SchemaSet, node: Obj): ObjectShape {
  let s = objectShapes.get(node);
  if (!s) {
    s = { props: new Map(), patterns: [], additional: [], documented: false };
    collectObject(set, node, s, new Set());
    objectShapes.set(node, s);
  }
  return s;
}

function collectItems(set: SchemaSet, node: unknown, out: unknown[], seen: Set<object>): void {
  const n = set.resolve(node);
  if (!isObj(n) || seen.has(n)) return;
  seen.add(n);
  const types = typesOf(n);
  if (types.length > 0 && !types.includes('array')) return;
  if (n.items !== undefined && typeof n.items !== 'boolean') out.push(n.items);
  if (Array.isArray(n.allOf)) for (const b of n.allOf) collectItems(set, b, out, seen);
  const choice = n[CHOICE];
  if (Array.isArray(choice)) for (const b of choice) collectItems(set, b, out, seen);
}

function itemShape(set: SchemaSet, node: Obj): ItemShape {
  let s = itemShapes.get(node);
  if (!s) {
    const items: unknown[] = [];
    collectItems(set, node, items, new Set());
    s = { items };
    itemShapes.set(node, s);
  }
  return s;
}

/**
 * Where an undocumented property would be documented: the object schema itself, or, for a wrapper that only
 * chooses between branches (`anyOf: [$ref]` + nullable) with one object branch, that branch's component.
 */
function propertyHome(set: SchemaSet, n: Obj, value: Obj, depth = 0): Obj {
  if (depth > 8 || isObj(n.properties) || Array.isArray(n.allOf)) return n;
  const choice = n[CHOICE];
  if (!Array.isArray(choice)) return n;
  const d = n[CHOICE_DISCRIMINATOR] as Discriminator | undefined;
  const tag = d ? value[d.propertyName] : undefined;
  if (d && typeof tag === 'string') {
    const target = d.mapping[tag];
    const branch = choice.find(
      (b) => isObj(b) && typeof b.$ref === 'string' && (b.$ref === target || b.$ref.endsWith(`/${tag}`)),
    );
    const resolved = set.resolve(branch);
    if (isObj(resolved)) return propertyHome(set, resolved, value, depth + 1);
  }
  const objects = choice
    .map((b) => set.resolve(b))
    .filter((b): b is Obj => isObj(b) && (typesOf(b).length === 0 || typesOf(b).includes('object')));
  return objects.length === 1 ? propertyHome(set, objects[0]!, value, depth + 1) : n;
}

function flaggedNames(
  set: SchemaSet,
  shape: ObjectShape,
  flag: 'readOnly' | 'writeOnly',
): ReadonlySet<string> {
  let names = shape[flag];
  if (!names) {
    const found = new Set<string>();
    for (const [k, v] of shape.props) if (flagged(set, v, flag)) found.add(k);
    names = found;
    shape[flag] = found;
  }
  return names;
}

function flagged(set: SchemaSet, schema: unknown, flag: 'readOnly' | 'writeOnly'): boolean {
  const n = set.resolve(schema);
  return isObj(n) && n[flag] === true;
}

/**
 * What to do with a value checked against one (resolved) schema node, worked out once per node and kept:
 * the object's documented keys with what to check under each, and the walker for array items. Built lazily
 * on first use (so recursive schemas are fine) and shared by every body checked against the node.
 */
interface Walker {
  readonly n: Obj;
  /** Object part; null when the node documents no keys (free-form) or admits no objects. */
  object?: ObjectWalk | null;
  /** Array part: the walker of the items schema; null when it has none. */
  items?: Walker | null;
}

interface ObjectWalk {
  readonly shape: ObjectShape;
  /** Per documented property: the walker for its value (null: nothing under it to check). */
  readonly props: Map<string, Walker | null>;
  /** readOnly (in requests) / writeOnly (in responses) property names. */
  readonly misplaced: ReadonlySet<string>;
}

/** Per SchemaSet (translated nodes belong to one set) and direction. */
const walkers = new WeakMap<object, { request: Map<Obj, Walker>; response: Map<Obj, Walker> }>();

function walkerFor(set: SchemaSet, node: unknown, direction: 'request' | 'response'): Walker | null {
  const n = set.resolve(node);
  if (!isObj(n)) return null;
  let perSet = walkers.get(set);
  if (!perSet) {
    perSet = { request: new Map(), response: new Map() };
    walkers.set(set, perSet);
  }
  const map = perSet[direction];
  let w = map.get(n);
  if (!w) {
    w = { n };
    map.set(n, w);
  }
  return w;
}

function objectWalk(set: SchemaSet, w: Walker, direction: 'request' | 'response'): ObjectWalk | null {
  if (w.object !== undefined) return w.object;
  const shape = objectShape(set, w.n);
  w.object = shape.documented
    ? {
        shape,
        props: new Map(),
        misplaced: flaggedNames(set, shape, direction === 'request' ? 'readOnly' : 'writeOnly'),
      }
    : null;
  return w.object;
}

function itemsWalk(set: SchemaSet, w: Walker, direction: 'request' | 'response'): Walker | null {
  if (w.items !== undefined) return w.items;
  const { items } = itemShape(set, w.n);
  w.items = items.length === 0 ? null : walkerFor(set, items[0], direction);
  return w.items;
}

/** unexpected_field mismatches for undocumented (or readOnly/writeOnly-misplaced) properties in a body. */
export function undocumentedFields(
  set: SchemaSet,
  schema: unknown,
  body: unknown,
  ctx: IssueContext,
): Mismatch[] {
  const out: Mismatch[] = [];
  if (body === null || typeof body !== 'object') return out;
  const direction = ctx.direction;
  const misplacedFlag = direction === 'request' ? 'readOnly' : 'writeOnly';
  // `tokens` is one mutable stack: pushed before descending or reporting, popped after.
  const tokens: string[] = [];
  const visit = (w: Walker, value: object, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (Array.isArray(value)) {
      const items = itemsWalk(set, w, direction);
      if (items === null) return;
      const limit = Math.min(value.length, MAX_ITEMS);
      for (let i = 0; i < limit; i++) {
        const v: unknown = value[i];
        if (v !== null && typeof v === 'object') {
          tokens.push('*');
          visit(items, v, depth + 1);
          tokens.pop();
        }
      }
      return;
    }
    const ow = objectWalk(set, w, direction);
    if (ow === null) return;
    const obj = value as Obj;
    for (const key in obj) {
      const v = obj[key];
      let child = ow.props.get(key);
      if (child === undefined) {
        const propSchema = ow.shape.props.get(key);
        if (propSchema !== undefined) {
          child = walkerFor(set, propSchema, direction);
          ow.props.set(key, child);
        } else {
          // Not a named property: a patternProperties / additionalProperties schema documents it, or nothing.
          let other: unknown;
          for (const p of ow.shape.patterns) {
            if (p.re.test(key)) {
              other = p.schema;
              break;
            }
          }
          if (other === undefined && ow.shape.additional.length > 0) other = ow.shape.additional[0];
          tokens.push(key);
          if (other === undefined) {
            out.push(
              mismatch(ctx, 'unexpected_field', {
                location: pointerOf(ctx.prefix, tokens),
                specLocation: set.origin.get(propertyHome(set, w.n, obj)) ?? ctx.specLocation,
                expected: null,
                observed: sample(redactObserved(tokens, v)),
                message: `${ctx.what} ${pointerOf('', tokens)}: property '${key}' (${jsonTypeOf(v)}) is not documented`,
              }),
            );
          } else if (v !== null && typeof v === 'object' && typeof other === 'object') {
            const ow2 = walkerFor(set, other, direction);
            if (ow2) visit(ow2, v, depth + 1);
          }
          tokens.pop();
          continue;
        }
      }
      if (ow.misplaced.size > 0 && ow.misplaced.has(key)) {
        tokens.push(key);
        const ps = set.resolve(ow.shape.props.get(key));
        out.push(
          mismatch(ctx, 'unexpected_field', {
            location: pointerOf(ctx.prefix, tokens),
            specLocation: (isObj(ps) && set.origin.get(ps)) || ctx.specLocation,
            expected: { [misplacedFlag]: true },
            observed: sample(redactObserved(tokens, v)),
            message: `${ctx.what} ${pointerOf('', tokens)}: ${misplacedFlag} property '${key}' ${direction === 'request' ? 'sent in a request' : 'returned in a response'}`,
          }),
        );
        tokens.pop();
        continue;
      }
      if (child !== null && v !== null && typeof v === 'object') {
        tokens.push(key);
        visit(child, v, depth + 1);
        tokens.pop();
      }
    }
  };
  const root = walkerFor(set, schema, direction);
  if (root) visit(root, body, 0);
  return out;
}
