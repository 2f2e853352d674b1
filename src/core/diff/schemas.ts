// Schema Objects compared recursively (OAS 3.1 §4.8.24, JSON Schema 2020-12 keywords): types and
// nullability as one concept (3.0 `nullable` ≡ 3.1 `[t, "null"]`), enums, bounds, patterns, properties and
// required, additionalProperties, items, composition, discriminator. Direction-free: schema-checks.ts
// turns the result into request or response checks. Cycles are cut by the (base, revision) pair in progress.
import type { ApiDocument, Located } from '../openapi/index.js';
import { ANNOTATION_KEYWORDS, deref, isRef, typeFacts } from '../openapi/index.js';
import { type DiffContext, locate } from './context.js';
import { schemaFragment } from './fragment.js';
import { childPointer } from './pointer.js';
import {
  NO_DIFF,
  type PropertyInfo,
  type SchemaChange,
  type SchemaChild,
  type SchemaDiff,
} from './schema-diff.js';
import { parseDay } from './sunset.js';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const REF_ANNOTATIONS = new Set(['$ref', 'description', 'summary']);

/** Follows $refs; in 3.1 a $ref's sibling keywords apply too, so they are laid over the target. */
export function resolveSchema(doc: ApiDocument, node: Located): Located<Obj> {
  return normalizeUnion(doc, resolveRef(doc, node));
}

function isNullBranch(v: unknown): boolean {
  if (!isObj(v)) return false;
  const keys = Object.keys(v).filter((k) => k !== 'description' && k !== 'title');
  return (
    keys.length === 1 &&
    (v.type === 'null' || (Array.isArray(v.type) && v.type.length === 1 && v.type[0] === 'null'))
  );
}

const TYPE_ONLY = new Set(['type', 'format', 'description', 'title']);

/**
 * Two spellings of one meaning: `oneOf/anyOf: [S, {type: 'null'}]` is S made nullable, and a oneOf/anyOf of
 * bare `{type: t}` branches is the type list `[t1, t2]` (3.1). Both are read as the plain form, so moving
 * between spellings reports only what really changed. Locations stay those of the union.
 */
function normalizeUnion(doc: ApiDocument, loc: Located<Obj>): Located<Obj> {
  const v = loc.value;
  for (const kw of ['oneOf', 'anyOf'] as const) {
    const list = v[kw];
    if (!Array.isArray(list) || list.length < 2 || v.type !== undefined) continue;
    const nulls = list.filter(isNullBranch);
    const rest = list.filter((b) => !isNullBranch(b));
    const { [kw]: _drop, ...others } = v;
    if (
      rest.every(
        (b) =>
          isObj(b) &&
          !isRef(b) &&
          typeof b.type === 'string' &&
          Object.keys(b).every((k) => TYPE_ONLY.has(k)),
      )
    ) {
      const types = rest.map((b) => (b as Obj).type as string);
      if (nulls.length > 0) types.push('null');
      return { ...loc, value: { ...others, type: types.length === 1 ? types[0] : types } };
    }
    if (nulls.length === 1 && rest.length === 1) {
      // Located where the non-null branch lives, so its properties keep their real pointers.
      const at = childPointer(loc.pointer, kw, list.indexOf(rest[0]));
      const inner = resolveRef(doc, { value: rest[0], uri: loc.uri, pointer: at });
      return { uri: inner.uri, pointer: inner.pointer, value: { ...others, ...inner.value, nullable: true } };
    }
  }
  return loc;
}

function resolveRef(doc: ApiDocument, node: Located): Located<Obj> {
  const v = node.value;
  if (typeof v === 'boolean') return { value: v ? {} : { not: {} }, uri: node.uri, pointer: node.pointer };
  if (!isObj(v)) return { value: {}, uri: node.uri, pointer: node.pointer };
  if (!isRef(v)) return node as Located<Obj>;
  const target = deref<Obj>(doc.documents, node as Located<Obj>);
  const tv = isObj(target.value) ? target.value : {};
  let extra: Obj | undefined;
  const siblings = v as Obj;
  for (const k in siblings) {
    if (REF_ANNOTATIONS.has(k)) continue;
    extra ??= {};
    extra[k] = siblings[k];
  }
  if (extra === undefined) return { value: tv, uri: target.uri, pointer: target.pointer };
  return { value: { ...tv, ...extra }, uri: node.uri, pointer: node.pointer };
}

interface Pair {
  readonly ctx: DiffContext;
  readonly b: Located<Obj>;
  readonly r: Located<Obj>;
  readonly changes: SchemaChange[];
  readonly children: SchemaChild[];
}

const inProgress = new WeakMap<DiffContext, Set<string>>();

/**
 * Diff of two schema nodes (either may be a $ref). Pairs reached through a $ref are memoized by their
 * resolved locations (that is where sharing and cycles happen); inline pairs are reached once.
 */
export function diffSchemas(ctx: DiffContext, bNode: Located, rNode: Located): SchemaDiff {
  const b = resolveSchema(ctx.base, bNode);
  const r = resolveSchema(ctx.revision, rNode);
  const viaRef =
    b.pointer !== bNode.pointer || r.pointer !== rNode.pointer || b.uri !== bNode.uri || r.uri !== rNode.uri;
  if (!viaRef) return computePair(ctx, b, r);
  const key = memoKey(b, r);
  const hit = ctx.schemaMemo.get(key);
  if (hit !== undefined) return hit;
  let active = inProgress.get(ctx);
  if (active === undefined) {
    active = new Set();
    inProgress.set(ctx, active);
  }
  if (active.has(key)) return NO_DIFF;
  active.add(key);
  const out = computePair(ctx, b, r);
  active.delete(key);
  ctx.schemaMemo.set(key, out);
  return out;
}

/** A nullable wrapper around a component shares the component's location: the marker keeps them apart. */
function memoKey(b: Located<Obj>, r: Located<Obj>): string {
  const bn = b.value.nullable === true ? '~n' : '';
  const rn = r.value.nullable === true ? '~n' : '';
  return `${b.uri}${b.pointer}${bn}\u0000${r.uri}${r.pointer}${rn}`;
}

function computePair(ctx: DiffContext, b: Located<Obj>, r: Located<Obj>): SchemaDiff {
  if (sameTree(ctx, b.value, r.value, b, r, 0)) return NO_DIFF;
  const pair: Pair = { ctx, b, r, changes: [], children: [] };
  comparePair(pair);
  return pair.changes.length === 0 && pair.children.length === 0
    ? NO_DIFF
    : { changes: pair.changes, children: pair.children };
}

/** Keys that never produce a change: skipped by the equality fast path. */
const IGNORED = new Set(['description', 'title', 'example', 'examples', 'externalDocs', '$comment', 'xml']);

/**
 * Fast path: two schema trees that are equal apart from annotations have no diff. A `$ref` met on both
 * sides counts as equal only when the referenced pair is already known to have no diff, so
 * the answer is exact (an unknown pair falls back to the full comparison). Allocation-free apart from that, which matters on inline-heavy specs (GitHub).
 */
const NAME_MAPS = new Set([
  'properties',
  'patternProperties',
  'dependentSchemas',
  '$defs',
  'definitions',
  'mapping',
]);

function skippedKey(k: string): boolean {
  return IGNORED.has(k) || (k.startsWith('x-') && k !== 'x-extensible-enum' && k !== 'x-sunset');
}

function sameTree(
  ctx: DiffContext,
  b: unknown,
  r: unknown,
  bAt: Located,
  rAt: Located,
  depth: number,
  names = false,
): boolean {
  if (b === r) return true;
  if (typeof b !== 'object' || typeof r !== 'object' || b === null || r === null) return false;
  if (depth > 64) return false;
  if (Array.isArray(b)) {
    if (!Array.isArray(r) || b.length !== r.length) return false;
    for (let i = 0; i < b.length; i++) if (!sameTree(ctx, b[i], r[i], bAt, rAt, depth + 1)) return false;
    return true;
  }
  if (Array.isArray(r)) return false;
  const bo = b as Obj;
  const ro = r as Obj;
  if (!names && (typeof bo.$ref === 'string' || typeof ro.$ref === 'string')) {
    if (typeof bo.$ref !== 'string' || typeof ro.$ref !== 'string') return false;
    for (const k in bo) if (k !== '$ref' && !IGNORED.has(k)) return false;
    for (const k in ro) if (k !== '$ref' && !IGNORED.has(k)) return false;
    // Only a pair already compared counts (no recursion here: ref chains in Stripe run hundreds deep).
    const bt = resolveSchema(ctx.base, { value: bo, uri: bAt.uri, pointer: bAt.pointer });
    const rt = resolveSchema(ctx.revision, { value: ro, uri: rAt.uri, pointer: rAt.pointer });
    return ctx.schemaMemo.get(memoKey(bt, rt)) === NO_DIFF;
  }
  let n = 0;
  for (const k in bo) {
    if (!names && skippedKey(k)) continue;
    n++;
    if (
      !Object.hasOwn(ro, k) ||
      !sameTree(ctx, bo[k], ro[k], bAt, rAt, depth + 1, !names && NAME_MAPS.has(k))
    )
      return false;
  }
  for (const k in ro) if (names || !skippedKey(k)) n--;
  return n === 0;
}

function bLoc(p: Pair, ...tokens: (string | number)[]): string {
  return locate(p.ctx.base, p.b.uri, childPointer(p.b.pointer, ...tokens));
}
function rLoc(p: Pair, ...tokens: (string | number)[]): string {
  return locate(p.ctx.revision, p.r.uri, childPointer(p.r.pointer, ...tokens));
}

function add(
  p: Pair,
  kind: string,
  keyword: string | null,
  before: unknown,
  after: unknown,
  args: Record<string, unknown> = {},
  property?: PropertyInfo,
): void {
  const hasB = keyword === null || before !== undefined;
  const hasR = keyword === null || after !== undefined;
  const change: SchemaChange = {
    kind,
    base: hasB ? (keyword === null ? bLoc(p) : bLoc(p, keyword)) : bLoc(p),
    revision: hasR ? (keyword === null ? rLoc(p) : rLoc(p, keyword)) : rLoc(p),
    before: before === undefined ? null : before,
    after: after === undefined ? null : after,
    args,
    ...(property ? { property } : {}),
  };
  p.changes.push(change);
}

function comparePair(p: Pair): void {
  const bv = p.b.value;
  const rv = p.r.value;
  if (bv === rv && p.b.uri === p.r.uri) return;
  if (compareWrapping(p, bv, rv)) return;
  if (wrappedInOneOf(bv, rv)) {
    add(p, 'wrapped-in-one-of', 'oneOf', schemaFragment(bv), schemaFragment(rv));
    return;
  }
  compareTypes(p, bv, rv);
  compareEnums(p, bv, rv);
  comparePattern(p, bv, rv);
  compareBounds(p, bv, rv);
  compareValues(p, bv, rv);
  compareDeprecation(p, bv, rv);
  compareProperties(p, bv, rv);
  compareAdditionalProperties(p, bv, rv);
  compareSubschema(p, bv, rv, 'items', 'items');
  compareSubschema(p, bv, rv, 'not', 'not');
  for (const kw of ['allOf', 'anyOf', 'oneOf'] as const) compareComposition(p, bv, rv, kw);
  compareDiscriminator(p, bv, rv);
  compareJsonSchemaKeywords(p, bv, rv);
}

/** A schema that is only a composition (no type or properties of its own). */
function pureUnion(v: Obj, kw: 'anyOf' | 'oneOf'): boolean {
  return Array.isArray(v[kw]) && v.type === undefined && v.properties === undefined && v.allOf === undefined;
}

function refPointer(node: unknown): string | undefined {
  if (!isRef(node)) return undefined;
  const hash = node.$ref.indexOf('#');
  return hash < 0 ? '#' : node.$ref.slice(hash);
}

/**
 * `X` becoming `anyOf/oneOf: [X, Y]` (Stripe's expandable fields) or the reverse: X is compared with its
 * branch, and only Y is reported as added (removed), instead of X's properties vanishing into the union.
 */
function compareWrapping(p: Pair, bv: Obj, rv: Obj): boolean {
  for (const kw of ['anyOf', 'oneOf'] as const) {
    const wrapped = pureUnion(rv, kw) && bv[kw] === undefined;
    const unwrapped = pureUnion(bv, kw) && rv[kw] === undefined;
    if (!wrapped && !unwrapped) continue;
    const list = (wrapped ? rv[kw] : bv[kw]) as unknown[];
    const own = wrapped ? p.b.pointer : p.r.pointer;
    const j = list.findIndex((branch) => refPointer(branch) === own);
    if (j < 0) continue;
    const stem = COMPOSITION_KIND[kw];
    const keys = branchKeys(list);
    const d = wrapped
      ? diffSchemas(p.ctx, p.b, { value: list[j], uri: p.r.uri, pointer: childPointer(p.r.pointer, kw, j) })
      : diffSchemas(p.ctx, { value: list[j], uri: p.b.uri, pointer: childPointer(p.b.pointer, kw, j) }, p.r);
    if (d !== NO_DIFF) p.children.push({ segment: '', diff: d });
    list.forEach((branch, i) => {
      if (i === j) return;
      if (wrapped)
        add(p, `${stem}-added`, null, undefined, schemaFragment(branch), { value: branchLabel(keys[i]!) });
      else
        add(p, `${stem}-removed`, null, schemaFragment(branch), undefined, { value: branchLabel(keys[i]!) });
    });
    return true;
  }
  return false;
}

/** A plain schema replaced by a oneOf of alternatives: one change (oasdiff), not a cascade of removals. */
function wrappedInOneOf(bv: Obj, rv: Obj): boolean {
  return (
    bv.oneOf === undefined &&
    Array.isArray(rv.oneOf) &&
    rv.oneOf.length > 1 &&
    rv.type === undefined &&
    rv.properties === undefined &&
    (bv.type !== undefined || bv.properties !== undefined)
  );
}

/** Formats that only widen their type's range, narrowest first (OAS 3.1 §4.4 data types). */
const FORMAT_WIDTH: Readonly<Record<string, number>> = { int32: 1, int64: 2, float: 1, double: 2 };

/**
 * A format added narrows the values (breaking in a request, fine in a response), a format dropped or
 * widened (int32 → int64) widens them (the reverse); any other format change is a type change.
 */
function formatChange(b: unknown, r: unknown): string {
  if (b === undefined) return 'type-specialized';
  if (r === undefined) return 'type-generalized';
  const wb = FORMAT_WIDTH[String(b)];
  const wr = FORMAT_WIDTH[String(r)];
  if (wb !== undefined && wr !== undefined) return wr > wb ? 'type-generalized' : 'type-specialized';
  return 'type-changed';
}

function typeLabel(types: readonly string[], format: unknown): string {
  const t = types.join(', ');
  return typeof format === 'string' && format !== '' ? `${t}/${format}` : t;
}

/** Declared non-null types as written (an unknown name like 'int' still counts as a type), sorted. */
function declaredTypes(v: Obj): string[] {
  const raw = v.type;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return [...new Set(list.filter((t): t is string => typeof t === 'string' && t !== 'null'))].sort();
}

/**
 * Marks a scalar becoming an array whose (inline) items accept the old values: for a form/explode query
 * parameter a single value is a one-element array, so this widens (parameters.ts decides).
 */
function arrayOf(before: readonly string[], rv: Obj): { wrapsInArray?: true } {
  if (before.includes('array') || rv.type !== 'array' || !isObj(rv.items) || isRef(rv.items)) return {};
  // Constrained items (a pattern, an enum, bounds) may reject values the scalar accepted.
  if (!Object.keys(rv.items).every((k) => k === 'type' || k === 'description' || k === 'title')) return {};
  const items = declaredTypes(rv.items);
  return items.includes('string') || before.every((t) => items.includes(t)) ? { wrapsInArray: true } : {};
}

function compareTypes(p: Pair, bv: Obj, rv: Obj): void {
  const tb = typeFacts(bv);
  const tr = typeFacts(rv);
  if (tb.nullable !== tr.nullable) {
    add(p, tr.nullable ? 'became-nullable' : 'became-not-nullable', null, tb.nullable, tr.nullable);
  }
  const bt = declaredTypes(bv);
  const rt = declaredTypes(rv);
  const sameTypes = bt.length === rt.length && bt.every((t, i) => t === rt[i]);
  if (!sameTypes) {
    // A type appearing or vanishing is a composition or annotation change, not a type change (oasdiff).
    if (bt.length === 0 || rt.length === 0) return;
    const args = { what: 'type/format', from: typeLabel(bt, bv.format), to: typeLabel(rt, rv.format) };
    if (bt.length > 1 || rt.length > 1) {
      const widened = bt.every((t) => rt.includes(t));
      const narrowed = rt.every((t) => bt.includes(t));
      const kind = widened ? 'list-of-types-widened' : narrowed ? 'list-of-types-narrowed' : 'type-changed';
      add(p, kind, 'type', bv.type, rv.type, { from: bt.join(', '), to: rt.join(', '), ...arrayOf(bt, rv) });
      return;
    }
    const kind =
      bt[0] === 'integer' && rt[0] === 'number'
        ? 'type-generalized'
        : bt[0] === 'number' && rt[0] === 'integer'
          ? 'type-specialized'
          : 'type-changed';
    add(p, kind, 'type', bv.type, rv.type, { ...args, ...arrayOf(bt, rv) });
    return;
  }
  if ((bv.format ?? null) !== (rv.format ?? null) && bt.length > 0) {
    add(p, formatChange(bv.format, rv.format), 'format', bv.format, rv.format, {
      what: 'type/format',
      from: typeLabel(bt, bv.format),
      to: typeLabel(rt, rv.format),
    });
  }
}

function valueKey(v: unknown): string {
  return typeof v === 'string' ? `s${v}` : JSON.stringify(v);
}

function compareValueLists(
  p: Pair,
  keyword: string,
  bl: unknown,
  rl: unknown,
  addedKind: string | null,
  removedKind: string | null,
): void {
  const b = Array.isArray(bl) ? bl.filter((v) => v !== null) : [];
  const r = Array.isArray(rl) ? rl.filter((v) => v !== null) : [];
  const bk = new Set(b.map(valueKey));
  const rk = new Set(r.map(valueKey));
  if (removedKind) {
    for (const v of b) if (!rk.has(valueKey(v))) add(p, removedKind, keyword, v, undefined, { value: v });
  }
  if (addedKind) {
    for (const v of r) if (!bk.has(valueKey(v))) add(p, addedKind, keyword, undefined, v, { value: v });
  }
}

function compareEnums(p: Pair, bv: Obj, rv: Obj): void {
  const be = bv.enum;
  const re = rv.enum;
  if (Array.isArray(re) && !Array.isArray(be)) add(p, 'became-enum', 'enum', undefined, re);
  else if (Array.isArray(be) && Array.isArray(re))
    compareValueLists(p, 'enum', be, re, 'enum-value-added', 'enum-value-removed');
  if (bv['x-extensible-enum'] !== undefined || rv['x-extensible-enum'] !== undefined) {
    compareValueLists(
      p,
      'x-extensible-enum',
      bv['x-extensible-enum'],
      rv['x-extensible-enum'],
      null,
      'x-extensible-enum-value-removed',
    );
  }
}

const ANY_PATTERNS = new Set(['.*', '^.*$', '.+', '^.+$', '^.*', '.*$']);

function comparePattern(p: Pair, bv: Obj, rv: Obj): void {
  const b = bv.pattern;
  const r = rv.pattern;
  if (b === r) return;
  if (b === undefined) add(p, 'pattern-added', 'pattern', b, r, { to: r });
  else if (r === undefined) add(p, 'pattern-removed', 'pattern', b, r, { from: b });
  else if (typeof r === 'string' && ANY_PATTERNS.has(r))
    add(p, 'pattern-generalized', 'pattern', b, r, { from: b, to: r });
  else add(p, 'pattern-changed', 'pattern', b, r, { from: b, to: r });
}

/** Normalized numeric bounds: 3.0's boolean exclusiveMinimum/Maximum become 3.1's numeric form. */
function bounds(v: Obj): Record<string, { value: number; keyword: string } | undefined> {
  const num = (k: string) => (typeof v[k] === 'number' ? { value: v[k] as number, keyword: k } : undefined);
  const exMin = v.exclusiveMinimum;
  const exMax = v.exclusiveMaximum;
  return {
    min: exMin === true ? undefined : num('minimum'),
    max: exMax === true ? undefined : num('maximum'),
    'exclusive-min': exMin === true ? num('minimum') : num('exclusiveMinimum'),
    'exclusive-max': exMax === true ? num('maximum') : num('exclusiveMaximum'),
    'min-length': num('minLength'),
    'max-length': num('maxLength'),
    'min-items': num('minItems'),
    'max-items': num('maxItems'),
    'min-contains': num('minContains'),
    'max-contains': num('maxContains'),
  };
}

function compareBounds(p: Pair, bv: Obj, rv: Obj): void {
  const bb = bounds(bv);
  const rb = bounds(rv);
  for (const name in bb) {
    const b = bb[name];
    const r = rb[name];
    if (b === undefined && r === undefined) continue;
    if (b !== undefined && r !== undefined) {
      if (b.value === r.value) continue;
      add(p, `${name}-${r.value > b.value ? 'increased' : 'decreased'}`, b.keyword, b.value, r.value, {
        from: b.value,
        to: r.value,
      });
      continue;
    }
    if (b === undefined) add(p, `${name}-set`, r!.keyword, undefined, r!.value, { to: r!.value });
    else add(p, `${name}-unset`, b.keyword, b.value, undefined, { from: b.value });
  }
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function compareValues(p: Pair, bv: Obj, rv: Obj): void {
  for (const [kw, stem] of [
    ['default', 'default-value'],
    ['const', 'const'],
  ] as const) {
    const b = bv[kw];
    const r = rv[kw];
    if (same(b, r)) continue;
    if (b === undefined) add(p, `${stem}-added`, kw, b, r, { to: r });
    else if (r === undefined) add(p, `${stem}-removed`, kw, b, r, { from: b });
    else add(p, `${stem}-changed`, kw, b, r, { from: b, to: r });
  }
  for (const kw of ['contentMediaType', 'contentEncoding'] as const) {
    if (bv[kw] !== rv[kw] && bv[kw] !== undefined && rv[kw] !== undefined) {
      add(
        p,
        kw === 'contentMediaType' ? 'content-media-type-changed' : 'content-encoding-changed',
        kw,
        bv[kw],
        rv[kw],
        {
          from: bv[kw],
          to: rv[kw],
        },
      );
    }
  }
}

function compareDeprecation(p: Pair, bv: Obj, rv: Obj): void {
  const b = bv.deprecated === true;
  const r = rv.deprecated === true;
  if (b === r) return;
  if (r) {
    const sunset = rv['x-sunset'];
    if (sunset !== undefined && parseDay(sunset) === null)
      add(p, 'deprecated-sunset-invalid', 'x-sunset', undefined, sunset, { to: sunset });
    else if (sunset !== undefined)
      add(p, 'deprecated-with-sunset', 'deprecated', false, true, { to: sunset });
    else add(p, 'deprecated', 'deprecated', false, true);
  } else add(p, 'reactivated', 'deprecated', true, false);
}

function requiredSet(v: Obj): Set<string> {
  return new Set(
    Array.isArray(v.required) ? v.required.filter((x): x is string => typeof x === 'string') : [],
  );
}

function propInfo(doc: ApiDocument, name: string, node: Located, required: Set<string>): PropertyInfo {
  const s = resolveSchema(doc, node).value;
  return {
    name,
    required: required.has(name),
    readOnly: s.readOnly === true,
    writeOnly: s.writeOnly === true,
    hasDefault: s.default !== undefined,
  };
}

function compareProperties(p: Pair, bv: Obj, rv: Obj): void {
  const bp = isObj(bv.properties) ? bv.properties : {};
  const rp = isObj(rv.properties) ? rv.properties : {};
  const breq = requiredSet(bv);
  const rreq = requiredSet(rv);
  const { ctx } = p;
  for (const name of Object.keys(bp)) {
    const bNode: Located = {
      value: bp[name],
      uri: p.b.uri,
      pointer: childPointer(p.b.pointer, 'properties', name),
    };
    if (!Object.hasOwn(rp, name)) {
      const info = propInfo(ctx.base, name, bNode, breq);
      p.changes.push({
        kind: 'property-removed',
        base: bLoc(p, 'properties', name),
        revision: rLoc(p),
        before: schemaFragment(bp[name]),
        after: null,
        args: {},
        property: info,
      });
      continue;
    }
    const rNode: Located = {
      value: rp[name],
      uri: p.r.uri,
      pointer: childPointer(p.r.pointer, 'properties', name),
    };
    const bi = propInfo(ctx.base, name, bNode, breq);
    const ri = propInfo(ctx.revision, name, rNode, rreq);
    if (bi.required !== ri.required) {
      p.changes.push({
        kind: ri.required ? 'became-required' : 'became-optional',
        base: bLoc(p, 'required'),
        revision: rLoc(p, 'required'),
        before: bi.required,
        after: ri.required,
        args: {},
        property: ri.required ? ri : bi,
      });
    }
    for (const [flag, label] of [
      ['readOnly', 'read-only'],
      ['writeOnly', 'write-only'],
    ] as const) {
      if (bi[flag] !== ri[flag]) {
        p.changes.push({
          kind: ri[flag] ? `became-${label}` : `became-not-${label}`,
          base: bLoc(p, 'properties', name),
          revision: rLoc(p, 'properties', name),
          before: bi[flag],
          after: ri[flag],
          args: {},
          property: ri,
        });
      }
    }
    const d = diffSchemas(ctx, bNode, rNode);
    if (d !== NO_DIFF) {
      const access = ri.readOnly ? 'readOnly' : ri.writeOnly ? 'writeOnly' : undefined;
      p.children.push(access ? { segment: name, diff: d, access } : { segment: name, diff: d });
    }
  }
  for (const name of Object.keys(rp)) {
    if (Object.hasOwn(bp, name)) continue;
    const rNode: Located = {
      value: rp[name],
      uri: p.r.uri,
      pointer: childPointer(p.r.pointer, 'properties', name),
    };
    p.changes.push({
      kind: 'property-added',
      base: bLoc(p),
      revision: rLoc(p, 'properties', name),
      before: null,
      after: schemaFragment(rp[name]),
      args: {},
      property: propInfo(ctx.revision, name, rNode, rreq),
    });
  }
}

function additionalKind(v: Obj): 'any' | 'none' | 'schema' {
  const a = v.additionalProperties;
  if (a === false) return 'none';
  if (a === undefined || a === true || (isObj(a) && Object.keys(a).length === 0)) return 'any';
  return 'schema';
}

function compareAdditionalProperties(p: Pair, bv: Obj, rv: Obj): void {
  const b = additionalKind(bv);
  const r = additionalKind(rv);
  if (b !== 'none' && r === 'none') {
    add(
      p,
      'additional-properties-restricted',
      'additionalProperties',
      schemaFragment(bv.additionalProperties),
      false,
    );
  } else if (b === 'none' && r !== 'none') {
    add(
      p,
      'additional-properties-allowed',
      'additionalProperties',
      false,
      schemaFragment(rv.additionalProperties ?? true),
    );
  } else if (b === 'schema' && r === 'schema') {
    compareSubschema(p, bv, rv, 'additionalProperties', 'additionalProperties');
  }
}

function compareSubschema(p: Pair, bv: Obj, rv: Obj, keyword: string, segment: string): void {
  const b = bv[keyword];
  const r = rv[keyword];
  if (b === undefined || r === undefined || typeof b !== typeof r) return;
  const d = diffSchemas(
    p.ctx,
    { value: b, uri: p.b.uri, pointer: childPointer(p.b.pointer, keyword) },
    { value: r, uri: p.r.uri, pointer: childPointer(p.r.pointer, keyword) },
  );
  if (d !== NO_DIFF) p.children.push({ segment, diff: d });
}

/** An allOf branch that only annotates (no constraint) cannot change what validates. */
function annotationOnly(node: unknown): boolean {
  return (
    isObj(node) &&
    !isRef(node) &&
    Object.keys(node).every((k) => ANNOTATION_KEYWORDS.has(k) || k.startsWith('x-'))
  );
}

const COMPOSITION_KIND = { allOf: 'all-of', anyOf: 'any-of', oneOf: 'one-of' } as const;

/** Branches match by the component they $ref, inline ones by their order among the inline ones. */
function branchKeys(list: readonly unknown[]): string[] {
  let inline = 0;
  return list.map((s) => (isRef(s) ? s.$ref : `subschema #${++inline}`));
}

function branchName(key: string, node: unknown): string {
  if (!key.startsWith('subschema')) return key;
  const title = isObj(node) && typeof node.title === 'string' ? `: ${node.title}` : '';
  return `${key}${title}`;
}

function branchLabel(key: string): string {
  return key.startsWith('subschema') ? key : key.slice(key.lastIndexOf('/') + 1);
}

function compareComposition(p: Pair, bv: Obj, rv: Obj, kw: 'allOf' | 'anyOf' | 'oneOf'): void {
  const bl = Array.isArray(bv[kw]) ? (bv[kw] as unknown[]) : [];
  const rl = Array.isArray(rv[kw]) ? (rv[kw] as unknown[]) : [];
  if (bl.length === 0 && rl.length === 0) return;
  const bk = branchKeys(bl);
  const rk = branchKeys(rl);
  const stem = COMPOSITION_KIND[kw];
  bk.forEach((k, i) => {
    const j = rk.indexOf(k);
    if (j < 0) {
      const kind =
        kw === 'allOf' && annotationOnly(bl[i]) ? 'all-of-removed-annotation-only' : `${stem}-removed`;
      add(p, kind, null, schemaFragment(bl[i]), undefined, { value: branchLabel(k) });
      return;
    }
    const d = diffSchemas(
      p.ctx,
      { value: bl[i], uri: p.b.uri, pointer: childPointer(p.b.pointer, kw, i) },
      { value: rl[j], uri: p.r.uri, pointer: childPointer(p.r.pointer, kw, j) },
    );
    if (d !== NO_DIFF) p.children.push({ segment: `${kw}[${branchName(rk[j]!, rl[j])}]`, diff: d });
  });
  rk.forEach((k, j) => {
    if (bk.includes(k)) return;
    const kind = kw === 'allOf' && annotationOnly(rl[j]) ? 'all-of-added-annotation-only' : `${stem}-added`;
    add(p, kind, null, undefined, schemaFragment(rl[j]), { value: branchLabel(k) });
  });
}

function compareDiscriminator(p: Pair, bv: Obj, rv: Obj): void {
  const b = isObj(bv.discriminator) ? bv.discriminator : undefined;
  const r = isObj(rv.discriminator) ? rv.discriminator : undefined;
  if (b === undefined && r === undefined) return;
  if (b === undefined) {
    add(p, 'discriminator-added', 'discriminator', b, r);
    return;
  }
  if (r === undefined) {
    add(p, 'discriminator-removed', 'discriminator', b, r);
    return;
  }
  if (b.propertyName !== r.propertyName) {
    add(p, 'discriminator-property-name-changed', 'discriminator', b.propertyName, r.propertyName, {
      from: b.propertyName,
      to: r.propertyName,
    });
  }
  const bm = isObj(b.mapping) ? b.mapping : {};
  const rm = isObj(r.mapping) ? r.mapping : {};
  const removed = Object.keys(bm).filter((k) => !Object.hasOwn(rm, k));
  const added = Object.keys(rm).filter((k) => !Object.hasOwn(bm, k));
  if (added.length > 0)
    add(p, 'discriminator-mapping-added', 'discriminator', undefined, added, { value: added.join(', ') });
  if (removed.length > 0)
    add(p, 'discriminator-mapping-deleted', 'discriminator', removed, undefined, {
      value: removed.join(', '),
    });
  for (const k of Object.keys(bm)) {
    if (Object.hasOwn(rm, k) && bm[k] !== rm[k]) {
      add(p, 'discriminator-mapping-changed', 'discriminator', bm[k], rm[k], {
        value: k,
        from: bm[k],
        to: rm[k],
      });
    }
  }
}

const SUBSCHEMA_KEYWORDS = [
  ['if', 'if'],
  ['then', 'then'],
  ['else', 'else'],
  ['contains', 'contains'],
  ['propertyNames', 'property-names'],
  ['unevaluatedItems', 'unevaluated-items'],
  ['unevaluatedProperties', 'unevaluated-properties'],
  ['contentSchema', 'content-schema'],
  ['prefixItems', 'prefix-items'],
] as const;

function compareJsonSchemaKeywords(p: Pair, bv: Obj, rv: Obj): void {
  for (const [kw, stem] of SUBSCHEMA_KEYWORDS) {
    const b = bv[kw];
    const r = rv[kw];
    if (b === undefined && r === undefined) continue;
    if (b === undefined) add(p, `${stem}-added`, kw, b, schemaFragment(r));
    else if (r === undefined) add(p, `${stem}-removed`, kw, schemaFragment(b), r);
    else if (kw !== 'prefixItems') compareSubschema(p, bv, rv, kw, kw);
  }
  const bdr = isObj(bv.dependentRequired) ? bv.dependentRequired : {};
  const rdr = isObj(rv.dependentRequired) ? rv.dependentRequired : {};
  for (const k of Object.keys(bdr)) {
    if (!Object.hasOwn(rdr, k))
      add(p, 'dependent-required-removed', 'dependentRequired', bdr[k], undefined, { value: k });
    else if (!same(bdr[k], rdr[k]))
      add(p, 'dependent-required-changed', 'dependentRequired', bdr[k], rdr[k], {
        value: k,
        from: bdr[k],
        to: rdr[k],
      });
  }
  for (const k of Object.keys(rdr)) {
    if (!Object.hasOwn(bdr, k))
      add(p, 'dependent-required-added', 'dependentRequired', undefined, rdr[k], { value: k });
  }
  for (const [kw, stem] of [
    ['dependentSchemas', 'dependent-schema'],
    ['patternProperties', 'pattern-property'],
  ] as const) {
    const bm = isObj(bv[kw]) ? (bv[kw] as Obj) : {};
    const rm = isObj(rv[kw]) ? (rv[kw] as Obj) : {};
    for (const k of Object.keys(bm)) {
      if (!Object.hasOwn(rm, k)) {
        add(p, `${stem}-removed`, kw, schemaFragment(bm[k]), undefined, { value: k });
        continue;
      }
      const d = diffSchemas(
        p.ctx,
        { value: bm[k], uri: p.b.uri, pointer: childPointer(p.b.pointer, kw, k) },
        { value: rm[k], uri: p.r.uri, pointer: childPointer(p.r.pointer, kw, k) },
      );
      if (d !== NO_DIFF) p.children.push({ segment: k, diff: d });
    }
    for (const k of Object.keys(rm))
      if (!Object.hasOwn(bm, k)) add(p, `${stem}-added`, kw, undefined, schemaFragment(rm[k]), { value: k });
  }
}
