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

/** unexpected_field mismatches for undocumented (or readOnly/writeOnly-misplaced) properties in a body. */
export function undocumentedFields(
  set: SchemaSet,
  schema: unknown,
  body: unknown,
  ctx: IssueContext,
): Mismatch[] {
  const out: Mismatch[] = [];
  const misplaced = ctx.direction === 'request' ? 'readOnly' : 'writeOnly';
  const visit = (node: unknown, value: unknown, tokens: string[], depth: number): void => {
    if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return;
    const n = set.resolve(node);
    if (!isObj(n)) return;
    if (Array.isArray(value)) {
      const { items } = itemShape(set, n);
      if (items.length === 0) return;
      const limit = Math.min(value.length, MAX_ITEMS);
      for (let i = 0; i < limit; i++) {
        const v = value[i];
        if (v !== null && typeof v === 'object') {
          tokens.push('*');
          visit(items[0], v, tokens, depth + 1);
          tokens.pop();
        }
      }
      return;
    }
    const shape = objectShape(set, n);
    if (!shape.documented) return;
    const misplacedNames = flaggedNames(set, shape, misplaced);
    for (const key of Object.keys(value)) {
      const v = (value as Obj)[key];
      let propSchema = shape.props.get(key);
      if (propSchema === undefined) {
        for (const p of shape.patterns) {
          if (p.re.test(key)) {
            propSchema = p.schema;
            break;
          }
        }
      }
      if (propSchema === undefined && shape.additional.length > 0) propSchema = shape.additional[0];
      // `tokens` is one mutable stack (pushed here, popped at every exit of this iteration).
      tokens.push(key);
      const here = tokens;
      if (propSchema === undefined) {
        out.push(
          mismatch(ctx, 'unexpected_field', {
            location: pointerOf(ctx.prefix, here),
            specLocation: set.origin.get(propertyHome(set, n, value as Obj)) ?? ctx.specLocation,
            expected: null,
            observed: sample(redactObserved(here, v)),
            message: `${ctx.what} ${pointerOf('', here)}: property '${key}' (${jsonTypeOf(v)}) is not documented`,
          }),
        );
        tokens.pop();
        continue;
      }
      if (misplacedNames.size > 0 && misplacedNames.has(key)) {
        const ps = set.resolve(propSchema);
        out.push(
          mismatch(ctx, 'unexpected_field', {
            location: pointerOf(ctx.prefix, here),
            specLocation: (isObj(ps) && set.origin.get(ps)) || ctx.specLocation,
            expected: { [misplaced]: true },
            observed: sample(redactObserved(here, v)),
            message: `${ctx.what} ${pointerOf('', here)}: ${misplaced} property '${key}' ${ctx.direction === 'request' ? 'sent in a request' : 'returned in a response'}`,
          }),
        );
        tokens.pop();
        continue;
      }
      if (v !== null && typeof v === 'object' && typeof propSchema === 'object')
        visit(propSchema, v, here, depth + 1);
      tokens.pop();
    }
  };
  visit(schema, body, [], 0);
  return out;
}
