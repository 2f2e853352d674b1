// The spec's schemas, translated once into what Ajv (JSON Schema 2020-12) validates with OpenAPI semantics,
// in two variants: `request` (readOnly properties not required) and `response` (writeOnly not required).
// Translation: 3.0 `nullable` → type arrays (or a nullable choice around $ref/allOf), boolean
// exclusiveMinimum/Maximum → numbers, 3.0 $ref siblings dropped (OAS 3.0 §4.7.24), every $ref rewritten to an
// absolute Ajv id, anyOf/oneOf → the `x-dg-choice` keyword, which explains a failure with the one branch the
// value was meant for (discriminator, then type, then fewest errors) instead of every branch's complaints.
// oneOf is checked as anyOf: an ambiguous oneOf is a spec-quality issue, not traffic drift (docs/traffic.md).
// Every translated node remembers where it came from, so an error names the real spec node (the component).
import type { Ajv, AnySchemaObject, ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ApiDocument } from '../openapi/index.js';
import {
  ANNOTATION_KEYWORDS,
  DATA_KEYS,
  escapeToken,
  getAt,
  isRef,
  jsonTypeOf,
  NAME_MAPS,
  parsePointer,
  refTarget,
} from '../openapi/index.js';
import { addOpenApiFormats } from './formats.js';

type Obj = Record<string, unknown>;
export type Variant = 'request' | 'response';
/** anyOf/oneOf branches (an array of schemas). */
export const CHOICE = 'x-dg-choice';
/** `true` on a choice that also admits null (3.0 `nullable` around `$ref`/`allOf`/anyOf). */
export const CHOICE_NULLABLE = 'x-dg-nullable';
/** The discriminator with mapping targets rewritten to translated $refs. */
export const CHOICE_DISCRIMINATOR = 'x-dg-discriminator';

export interface Discriminator {
  readonly propertyName: string;
  readonly mapping: Record<string, string>;
}

/** A validation error with the value it is about. */
export type SchemaIssue = ErrorObject;

const DROP_KEYS = new Set(['$id', '$schema', '$anchor', '$dynamicAnchor', '$recursiveAnchor', '$comment']);
const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null']);

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface SchemaSet {
  readonly ajv: Ajv;
  /** Spec location (`#/components/schemas/Pet`, or `file#/...` for other documents) of a translated node. */
  readonly origin: WeakMap<object, string>;
  /** The translated node at a location of an original document. */
  at(variant: Variant, uri: string, pointer: string): unknown;
  /** Follows translated $refs to a non-$ref node. */
  resolve(node: unknown): unknown;
  /** Compiles (once per node) a validator; null when Ajv refuses the schema (recorded in `failures`). */
  compile(node: unknown): ValidateFunction | null;
  /** Schemas Ajv could not compile: not validated, reported so the gap is visible. */
  readonly failures: { readonly specLocation: string; readonly message: string }[];
}

export function buildSchemaSet(spec: ApiDocument): SchemaSet {
  const uris = [...spec.documents.keys()];
  const index = new Map(uris.map((u, i) => [u, i]));
  const origin = new WeakMap<object, string>();
  /** Ajv id (`<doc id>#<pointer>`) of each translated node placed in a document tree. */
  const ids = new WeakMap<object, string>();
  // The variants differ only where readOnly/writeOnly drop names from `required`; without either flag in
  // any document the request variant is the response one (half the translation and compilation).
  const flagged = uris.some((u) => hasAccessFlag(spec.documents.get(u)));
  const base = (variant: Variant, uri: string) =>
    `https://driftgate.invalid/${flagged ? variant : 'response'}/${index.get(uri) ?? 0}`;
  const where = (uri: string, pointer: string) => (uri === spec.uri ? pointer : `${uri}${pointer}`);
  const translated = new Map<string, unknown>();
  const byId = new Map<string, unknown>();

  for (const variant of ['response', 'request'] as const) {
    for (const uri of uris) {
      if (!flagged && variant === 'request') {
        translated.set(`request ${uri}`, translated.get(`response ${uri}`));
        continue;
      }
      const tx = new Translator(spec, variant, uri, origin, base, where);
      const root = tx.node(spec.documents.get(uri), '#', false);
      assignIds(root, base(variant, uri), ids);
      translated.set(`${variant} ${uri}`, root);
      byId.set(base(variant, uri), root);
    }
  }

  const ajv = new Ajv2020Module.default({
    strict: false,
    allErrors: true,
    verbose: true,
    validateSchema: false,
    addUsedSchema: false,
    logger: false,
    unicodeRegExp: false,
    code: { optimize: false },
    messages: false,
  }) as unknown as Ajv;
  addOpenApiFormats(ajv);

  const compiled = new WeakMap<object, ValidateFunction | null>();
  // Per exchange the validator resolves the same few refs (responses, media types, components) again and
  // again: parse each pointer once. The translated trees never change, so the memo is exact.
  const resolvedRefs = new Map<string, unknown>();
  const resolveRef = (ref: string): unknown => {
    if (resolvedRefs.has(ref)) return resolvedRefs.get(ref);
    const hash = ref.indexOf('#');
    const root = byId.get(hash < 0 ? ref : ref.slice(0, hash));
    let found: unknown;
    if (root !== undefined) {
      try {
        found = getAt(root, parsePointer(hash < 0 ? '#' : ref.slice(hash)));
      } catch {
        found = undefined;
      }
    }
    resolvedRefs.set(ref, found);
    return found;
  };
  const failures: { specLocation: string; message: string }[] = [];
  const set: SchemaSet = {
    ajv,
    origin,
    failures,
    at(variant, uri, pointer) {
      const root = translated.get(`${variant} ${uri}`);
      return root === undefined ? undefined : getAt(root, parsePointer(pointer));
    },
    resolve(node) {
      let cur = node;
      for (let hops = 0; hops < 64 && isRef(cur); hops++) cur = resolveRef(cur.$ref);
      return cur;
    },
    compile(node) {
      return compileNode(node, 0);
    },
  };
  /** Compiled leaf validators by what they check (see leafKey). */
  const leaves = new Map<string, ValidateFunction | null>();
  const compileNode = (raw: unknown, depth: number): ValidateFunction | null => {
    const node = typeof raw === 'boolean' ? (raw ? {} : { not: {} }) : raw;
    if (!isObj(node)) return null;
    let fn = compiled.get(node);
    if (fn !== undefined) return fn;
    const target = typeof node.$ref === 'string' && onlyKey(node, '$ref') ? resolveRef(node.$ref) : undefined;
    if (isObj(target) && depth < 64) {
      // A schema that only refers to another validates exactly as its target: compile the target once,
      // however many places refer to it (3.0 nullable $refs and Stripe's expandable fields make thousands
      // of `{$ref}` choice branches, each of which Ajv would compile as a root of its own).
      fn = compileNode(target, depth + 1);
    } else {
      const key = leafKey(node);
      const shared = key === null ? undefined : leaves.get(key);
      if (shared === undefined) {
        fn = compileWithAjv(node);
        if (key !== null) leaves.set(key, fn);
      } else {
        // The same checks compiled for another node. Every error of a leaf is about the leaf itself, so
        // pointing parentSchema at this node keeps spec locations exact.
        fn = shared === null ? null : sharedLeaf(shared, node);
      }
    }
    compiled.set(node, fn);
    return fn;
  };
  const compileWithAjv = (node: Obj): ValidateFunction | null => {
    try {
      // Through the document's id, so every validator shares one compilation of the $ref'd components
      // (Ajv caches resolved refs per root schema).
      const id = ids.get(node);
      const fn = id === undefined ? ajv.compile(node as AnySchemaObject) : ajv.getSchema(id);
      if (fn === undefined) throw new Error(`no schema at ${id}`);
      return fn;
    } catch (e) {
      failures.push({ specLocation: origin.get(node) ?? '#', message: (e as Error).message });
      return null;
    }
  };
  ajv.addKeyword({
    keyword: CHOICE,
    schemaType: 'array',
    errors: true,
    compile: (_branches: unknown, parent: AnySchemaObject) => choiceValidator(set, parent as Obj),
  });
  ajv.addKeyword({ keyword: CHOICE_NULLABLE });
  ajv.addKeyword({ keyword: CHOICE_DISCRIMINATOR });
  for (const [id, root] of byId) ajv.addSchema(root as AnySchemaObject, id);
  return set;
}

class Translator {
  constructor(
    private readonly spec: ApiDocument,
    private readonly variant: Variant,
    private readonly uri: string,
    private readonly origin: WeakMap<object, string>,
    private readonly base: (variant: Variant, uri: string) => string,
    private readonly where: (uri: string, pointer: string) => string,
  ) {}

  /** `ptr` is the node's JSON pointer in the original document (for origins). */
  node(v: unknown, ptr: string, namesHere: boolean): unknown {
    return this.translate(v, ptr, namesHere);
  }

  private id(uri: string, pointer: string): string {
    const tokens = parsePointer(pointer);
    return `${this.base(this.variant, uri)}#${tokens.map((x) => `/${encodeURIComponent(escapeToken(x))}`).join('')}`;
  }

  private translate(v: unknown, ptr: string, namesHere: boolean): unknown {
    if (Array.isArray(v)) return v.map((x, i) => this.node(x, `${ptr}/${i}`, false));
    if (!isObj(v)) return v;
    const out: Obj = {};
    this.origin.set(out, this.where(this.uri, ptr));
    if (!namesHere && typeof v.$ref === 'string') {
      out.$ref = this.ref(v.$ref);
      if (this.spec.dialect === '3.0') return v.nullable === true ? this.nullableChoice(out, ptr) : out;
    }
    for (const k of Object.keys(v)) {
      if (k === '$ref' && !namesHere) continue;
      const val = v[k];
      if (!namesHere) {
        if (DROP_KEYS.has(k)) continue;
        if (DATA_KEYS.has(k) || k.startsWith('x-')) {
          out[k] = val;
          continue;
        }
      }
      out[k] = this.node(val, `${ptr}/${escapeToken(k)}`, !namesHere && NAME_MAPS.has(k));
    }
    return namesHere ? out : this.fixSchema(out, v, ptr);
  }

  private ref(ref: string): string {
    const t = refTarget(ref, this.uri);
    if (!this.spec.documents.has(t.uri)) return ref;
    return this.id(t.uri, t.pointer);
  }

  private nullableChoice(inner: Obj, ptr: string): Obj {
    const out: Obj = { [CHOICE]: [inner], [CHOICE_NULLABLE]: true };
    this.origin.set(out, this.where(this.uri, ptr));
    return out;
  }

  /** OpenAPI → JSON Schema 2020-12 keyword fixes on one (possible) schema object. */
  private fixSchema(out: Obj, orig: Obj, ptr: string): Obj {
    if (typeof out.type === 'string' && !JSON_TYPES.has(out.type)) delete out.type;
    if (Array.isArray(out.type)) out.type = out.type.filter((t) => JSON_TYPES.has(String(t)));
    if (Array.isArray(out.items)) {
      out.prefixItems = out.items;
      delete out.items;
    }
    for (const [flag, bound] of [
      ['exclusiveMinimum', 'minimum'],
      ['exclusiveMaximum', 'maximum'],
    ] as const) {
      if (out[flag] === true) {
        out[flag] = out[bound];
        delete out[bound];
      } else if (out[flag] === false) delete out[flag];
    }
    if (Array.isArray(out.required) && isObj(out.properties)) this.filterRequired(out, orig);
    const branches = Array.isArray(out.anyOf) ? out.anyOf : Array.isArray(out.oneOf) ? out.oneOf : null;
    if (branches) {
      delete out.anyOf;
      delete out.oneOf;
      out[CHOICE] = branches.filter(isObj);
      const d = discriminatorOf(orig.discriminator, (r) => this.ref(r));
      if (d) out[CHOICE_DISCRIMINATOR] = d;
    }
    if (out.nullable === true) {
      delete out.nullable;
      const hasType = typeof out.type === 'string' || Array.isArray(out.type);
      if (hasType) out.type = [...new Set([...(Array.isArray(out.type) ? out.type : [out.type]), 'null'])];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
      if (out[CHOICE]) out[CHOICE_NULLABLE] = true;
      else if (out.$ref !== undefined || out.allOf !== undefined || out.not !== undefined) {
        const inner = { ...out };
        this.origin.set(inner, this.where(this.uri, ptr));
        return this.nullableChoice(inner, ptr);
      }
    } else if (out.nullable !== undefined) delete out.nullable;
    return out;
  }

  /** readOnly properties are not required in requests, writeOnly ones not in responses (OAS 3.0 §4.7.24). */
  private filterRequired(out: Obj, orig: Obj): void {
    const flag = this.variant === 'request' ? 'readOnly' : 'writeOnly';
    const props = orig.properties as Obj;
    out.required = (out.required as unknown[]).filter((name) => {
      let node: unknown = props[String(name)];
      let uri = this.uri;
      for (let hops = 0; hops < 16 && isRef(node); hops++) {
        const t = refTarget(node.$ref, uri);
        const root = this.spec.documents.get(t.uri);
        try {
          node = root === undefined ? undefined : getAt(root, parsePointer(t.pointer));
        } catch {
          node = undefined;
        }
        uri = t.uri;
      }
      return !(isObj(node) && node[flag] === true);
    });
  }
}

/**
 * Gives every schema object of a translated document its Ajv id: `<base>#<pointer in the translated tree>`,
 * which is where Ajv resolves it. Ids come from the translated tree, not the original one, because
 * translation moves nodes (anyOf/oneOf branches under `x-dg-choice`, a 3.0 nullable $ref under a wrapper):
 * a node compiled on its own (a choice branch, lazily) must be found where it now is, including nodes nested
 * inside a moved branch.
 */
function assignIds(root: unknown, base: string, ids: WeakMap<object, string>): void {
  const walk = (v: unknown, idp: string, namesHere: boolean): void => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) walk(v[i], `${idp}/${i}`, false);
      return;
    }
    if (!isObj(v)) return;
    if (!namesHere) ids.set(v, `${base}#${idp}`);
    for (const k of Object.keys(v)) {
      // What translation copied as data (examples, enums, extensions) holds no schemas.
      if (!namesHere && (DATA_KEYS.has(k) || (k.startsWith('x-') && k !== CHOICE))) continue;
      walk(v[k], `${idp}/${encodeURIComponent(escapeToken(k))}`, !namesHere && NAME_MAPS.has(k));
    }
  };
  walk(root, '', false);
}

function onlyKey(node: Obj, key: string): boolean {
  for (const k in node) if (k !== key) return false;
  return true;
}

/** Keywords that check the value itself, with no subschema (what a leaf schema may hold). */
const LEAF_CHECKS = new Set([
  'type',
  'enum',
  'const',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'required',
]);

/**
 * For a schema that is only value checks and annotations (`{type: string, maxLength: 5000}`), a key naming
 * exactly what it checks; null for anything with subschemas, refs or unknown keywords. Leaves with the same
 * key compile to the same code.
 */
function leafKey(node: Obj): string | null {
  const checks: [string, unknown][] = [];
  for (const k in node) {
    if (LEAF_CHECKS.has(k)) checks.push([k, node[k]]);
    else if (k === CHOICE || (!ANNOTATION_KEYWORDS.has(k) && !k.startsWith('x-'))) return null;
  }
  checks.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return JSON.stringify(checks);
}

function sharedLeaf(shared: ValidateFunction, node: Obj): ValidateFunction {
  const fn = ((data: unknown) => {
    if (shared(data)) {
      fn.errors = null;
      return true;
    }
    fn.errors = (shared.errors ?? []).map((e) => ({ ...e, parentSchema: node as AnySchemaObject }));
    return false;
  }) as ValidateFunction;
  fn.errors = null;
  return fn;
}

/** Whether `readOnly: true` or `writeOnly: true` appears anywhere in a document. */
function hasAccessFlag(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const n = stack.pop();
    if (n === null || typeof n !== 'object') continue;
    if (Array.isArray(n)) {
      for (const x of n) stack.push(x);
      continue;
    }
    const o = n as Obj;
    if (o.readOnly === true || o.writeOnly === true) return true;
    for (const k in o) stack.push(o[k]);
  }
  return false;
}

function discriminatorOf(raw: unknown, ref: (r: string) => string): Discriminator | null {
  if (!isObj(raw) || typeof raw.propertyName !== 'string') return null;
  const mapping: Record<string, string> = {};
  if (isObj(raw.mapping)) {
    for (const [k, v] of Object.entries(raw.mapping)) {
      if (typeof v === 'string') mapping[k] = v.includes('#') || v.includes('/') ? ref(v) : v;
    }
  }
  return { propertyName: raw.propertyName, mapping };
}

/** The JSON types a (translated) schema admits; empty means any. */
export function schemaTypes(set: SchemaSet, schema: unknown, depth = 0): string[] {
  const node = set.resolve(schema);
  if (!isObj(node) || depth > 16) return [];
  const t = node.type;
  const list = Array.isArray(t) ? t.map(String) : typeof t === 'string' ? [t] : [];
  if (list.length > 0) return list;
  const branches = node[CHOICE];
  if (Array.isArray(branches)) {
    const all = branches.map((b) => schemaTypes(set, b, depth + 1));
    if (all.some((x) => x.length === 0)) return [];
    return [...new Set(all.flat()), ...(node[CHOICE_NULLABLE] === true ? ['null'] : [])];
  }
  if (Array.isArray(node.allOf)) {
    for (const b of node.allOf) {
      const x = schemaTypes(set, b, depth + 1);
      if (x.length > 0) return x;
    }
  }
  return [];
}

function admits(types: readonly string[], value: unknown): boolean {
  if (types.length === 0) return true;
  const t = jsonTypeOf(value);
  return types.includes(t) || (t === 'integer' && types.includes('number'));
}

function refName(ref: string): string {
  return decodeURIComponent(ref.slice(ref.lastIndexOf('/') + 1));
}

/**
 * `x-dg-choice`: passes when any branch passes. Branches compile lazily, on the first value that reaches
 * them, through the document root (so Stripe's expandable `anyOf: [id, $ref object]` never compiles the
 * object graph while only ids are seen). A failure reports only the errors of the branch the value was
 * meant for: the discriminator's, else the fewest errors among branches whose type admits the value; a
 * value no branch admits is one type error.
 */
function choiceValidator(set: SchemaSet, parent: Obj) {
  const branches = (parent[CHOICE] as unknown[]).filter(isObj);
  const nullable = parent[CHOICE_NULLABLE] === true;
  const discriminator = (parent[CHOICE_DISCRIMINATOR] as Discriminator | undefined) ?? null;
  // Each branch compiles when a value first reaches it: a branch the traffic never reaches (an expandable
  // field's resource when only ids are seen) is never compiled.
  const fns: (ValidateFunction | null | undefined)[] = branches.map(() => undefined);
  let types: string[][] | null = null;
  const fn = (data: unknown, cxt?: { instancePath: string }): boolean => {
    if (data === null && nullable) return true;
    const errs: (ErrorObject[] | null)[] = [];
    for (let i = 0; i < branches.length; i++) {
      let f = fns[i];
      if (f === undefined) f = fns[i] = set.compile(branches[i]);
      // A branch Ajv cannot compile is not judged (recorded in SchemaSet.failures).
      if (!f || f(data)) return true;
      errs.push(f.errors ?? []);
    }
    types ??= branches.map((b) => schemaTypes(set, b));
    const prefix = cxt?.instancePath ?? '';
    let pick = discriminatorBranch(branches, discriminator, data);
    if (pick < 0) {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < branches.length; i++) {
        const n = errs[i]?.length ?? Number.POSITIVE_INFINITY;
        if (admits(types[i] ?? [], data) && n < best) {
          best = n;
          pick = i;
        }
      }
    }
    if (pick < 0) {
      const expected = [...new Set(types.flat())];
      if (nullable) expected.push('null');
      fn.errors = [
        {
          keyword: 'type',
          instancePath: prefix,
          schemaPath: `#/${CHOICE}`,
          params: { type: expected.join(',') },
          message: `must be ${expected.join(' or ')}`,
          parentSchema: parent,
          data,
        },
      ];
      return false;
    }
    fn.errors = (errs[pick] ?? []).map((e) => ({ ...e, instancePath: prefix + e.instancePath }));
    return false;
  };
  fn.errors = [] as ErrorObject[];
  return fn;
}

function discriminatorBranch(branches: readonly Obj[], d: Discriminator | null, data: unknown): number {
  if (!d || !isObj(data) || typeof data[d.propertyName] !== 'string') return -1;
  const value = data[d.propertyName] as string;
  const target = d.mapping[value];
  return branches.findIndex((b) =>
    typeof b.$ref === 'string'
      ? target !== undefined
        ? b.$ref === target || refName(b.$ref) === target
        : refName(b.$ref) === value
      : false,
  );
}
