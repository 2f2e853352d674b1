// The edit each correction kind makes, built against the current working copy of the document (so it
// sees what earlier corrections already changed). Each builder returns the RFC 6902 operations and a
// reason, or a string saying why nothing is to be done. Removals and replacements are guarded by `test`.
import type { Dialect } from '../openapi/index.js';
import { getAt, jsonTypeOf } from '../openapi/index.js';
import { jsonEqual } from '../spec-patch/apply-value.js';
import { patchPath } from '../spec-patch/pointer.js';
import { inferFormat, inferParameterSchema, inferSchema } from './infer.js';
import type { AggregatedMismatch, CorrectionKind, PatchOperation } from './mismatch.js';
import { REDACTED } from './redact.js';

type Obj = Record<string, unknown>;

export interface Candidate {
  readonly kind: CorrectionKind;
  /** Tokens of the real node the edit is about. */
  readonly tokens: readonly string[];
  /** Mismatches with the same group make one correction. */
  readonly group: string;
  readonly members: AggregatedMismatch[];
  /** Observed (redacted) values of all members. */
  readonly samples: unknown[];
  readonly bodies: { readonly contentType: string | null; readonly value: unknown }[];
  readonly extra: {
    readonly name?: string | null;
    readonly keyword?: string;
    readonly status?: number;
    readonly media?: string;
  };
}

export interface Planned extends Candidate {
  readonly support: number;
  readonly confidence: number;
  readonly keys: readonly string[];
}

/** Per node, the order corrections are applied in (widen_type may restructure a 3.0 node: late). */
export const KIND_ORDER: readonly CorrectionKind[] = [
  'add_response',
  'add_media_type',
  'add_parameter',
  'add_property',
  'relax_required',
  'add_enum_value',
  'relax_format',
  'relax_constraint',
  'widen_type',
  'add_nullable',
];

type Built = { patch: PatchOperation[]; reason: string } | string;

export function buildPatch(doc: unknown, c: Candidate, dialect: Dialect): Built {
  const node = getAt(doc, c.tokens as string[]);
  const at = patchPath(c.tokens);
  switch (c.kind) {
    case 'add_property':
      return addProperty(node, at, c, dialect);
    case 'relax_required':
      return relaxRequired(node, at, c);
    case 'widen_type':
      return widenType(node, at, c, dialect);
    case 'add_nullable':
      return addNullable(node, at, dialect);
    case 'add_enum_value':
      return addEnumValues(node, at, c);
    case 'relax_format':
      return relaxFormat(node, at, c);
    case 'relax_constraint':
      return relaxConstraint(node, at, c, dialect);
    case 'add_response':
      return addResponse(node, at, c, dialect);
    case 'add_media_type':
      return addMediaType(node, at, c, dialect);
    case 'add_parameter':
      return addParameter(node, at, c, dialect);
  }
}

function addProperty(node: unknown, at: string, c: Candidate, dialect: Dialect): Built {
  const name = c.extra.name!;
  if (!isObj(node)) return `the schema at ${at} is not an object`;
  const schema = inferSchema(c.samples, dialect);
  const what = describe(schema);
  const reason = `document the observed property '${name}' as optional (${what})`;
  if (isObj(node.properties)) {
    if (Object.hasOwn(node.properties, name)) return `'${name}' is already a property at ${at}`;
    return { patch: [{ op: 'add', path: `${at}/properties/${esc(name)}`, value: schema }], reason };
  }
  return { patch: [{ op: 'add', path: `${at}/properties`, value: { [name]: schema } }], reason };
}

function relaxRequired(node: unknown, at: string, c: Candidate): Built {
  if (!isObj(node)) return `nothing to relax at ${at}`;
  const name = c.extra.name;
  if (name === null || name === undefined) {
    if (node.required !== true) return `${at} is not required`;
    const what =
      node.in !== undefined
        ? `parameter '${String(node.name)}'`
        : at.includes('/headers/')
          ? `response header '${at.slice(at.lastIndexOf('/') + 1)}'`
          : 'request body';
    if (node.in === 'path') return 'path parameters are always required (OAS 3 §4.8.12)';
    return {
      patch: [
        { op: 'test', path: `${at}/required`, value: true },
        { op: 'replace', path: `${at}/required`, value: false },
      ],
      reason: `make the ${what} optional: it was missing`,
    };
  }
  const req = node.required;
  if (!Array.isArray(req)) return `${at} has no required list`;
  const i = req.indexOf(name);
  if (i < 0) return `'${name}' is not required at ${at}`;
  const reason = `make '${name}' optional: it was missing`;
  // An empty `required` is invalid in 3.0 (minItems 1): drop the keyword with its last name.
  if (req.length === 1) {
    return {
      patch: [
        { op: 'test', path: `${at}/required`, value: [name] },
        { op: 'remove', path: `${at}/required` },
      ],
      reason,
    };
  }
  return {
    patch: [
      { op: 'test', path: `${at}/required/${i}`, value: name },
      { op: 'remove', path: `${at}/required/${i}` },
    ],
    reason,
  };
}

/** Keywords that describe a schema rather than constrain it: kept on a 3.0 oneOf wrapper. */
const ANNOTATIONS = new Set([
  'title',
  'description',
  'deprecated',
  'readOnly',
  'writeOnly',
  'nullable',
  'externalDocs',
  'example',
  'xml',
]);

function widenType(node: unknown, at: string, c: Candidate, dialect: Dialect): Built {
  if (!isObj(node)) return `the schema at ${at} is not an object`;
  const declared = node.type;
  if (declared === undefined) return `the schema at ${at} declares no type`;
  const list = (Array.isArray(declared) ? declared : [declared]).map(String);
  const seen = [...new Set(c.samples.map(String))].filter((t) => t !== 'null');
  const admits = (t: string) => list.includes(t) || (t === 'integer' && list.includes('number'));
  let need = seen.filter((t) => !admits(t));
  if (need.length === 0) return `the schema at ${at} already admits ${seen.join(', ')}`;
  const patch: PatchOperation[] = [];
  const steps: string[] = [];
  if (need.includes('number') && list.includes('integer')) {
    // integer → number keeps every value that was valid; int32/int64 no longer fit.
    if (Array.isArray(declared)) {
      const i = list.indexOf('integer');
      patch.push(
        { op: 'test', path: `${at}/type/${i}`, value: 'integer' },
        { op: 'replace', path: `${at}/type/${i}`, value: 'number' },
      );
    } else {
      patch.push(
        { op: 'test', path: `${at}/type`, value: 'integer' },
        { op: 'replace', path: `${at}/type`, value: 'number' },
      );
    }
    if (node.format === 'int32' || node.format === 'int64') {
      patch.push(
        { op: 'test', path: `${at}/format`, value: node.format },
        { op: 'remove', path: `${at}/format` },
      );
    }
    steps.push('integer → number');
    need = need.filter((t) => t !== 'number');
  }
  if (need.length > 0) {
    if (dialect === '3.1') {
      if (Array.isArray(declared)) {
        for (const t of need) patch.push({ op: 'add', path: `${at}/type/-`, value: t });
      } else {
        const current = patch.length > 0 ? 'number' : declared;
        patch.push(
          { op: 'test', path: `${at}/type`, value: current },
          { op: 'replace', path: `${at}/type`, value: [current, ...need] },
        );
      }
      steps.push(`type [${[...list, ...need].join(', ')}]`);
    } else {
      // 3.0 has no type arrays: the schema becomes one branch of a oneOf next to the observed types.
      const base = patch.length > 0 ? widenedCopy(node) : node;
      const wrapper: Obj = {};
      const inner: Obj = {};
      for (const [k, v] of Object.entries(base)) (ANNOTATIONS.has(k) ? wrapper : inner)[k] = v;
      wrapper.oneOf = [inner, ...need.map((t) => ({ type: t }))];
      patch.length = 0;
      patch.push(
        { op: 'test', path: `${at}/type`, value: declared },
        { op: 'replace', path: at, value: wrapper },
      );
      steps.push(
        `oneOf [${[...list.map((t) => (t === 'integer' && steps.length > 0 ? 'number' : t)), ...need].join(', ')}]`,
      );
    }
  }
  return { patch, reason: `widen the type (${steps.join('; ')}): ${seen.join(', ')} observed` };
}

function widenedCopy(node: Obj): Obj {
  const copy: Obj = { ...node, type: 'number' };
  if (copy.format === 'int32' || copy.format === 'int64') delete copy.format;
  return copy;
}

function addNullable(node: unknown, at: string, dialect: Dialect): Built {
  if (!isObj(node)) return `the schema at ${at} is not an object`;
  const patch: PatchOperation[] = [];
  if (dialect === '3.0') {
    if (node.nullable === false) patch.push({ op: 'replace', path: `${at}/nullable`, value: true });
    else if (node.nullable !== true) patch.push({ op: 'add', path: `${at}/nullable`, value: true });
  } else {
    const t = node.type;
    if (typeof t === 'string' && t !== 'null') {
      patch.push(
        { op: 'test', path: `${at}/type`, value: t },
        { op: 'replace', path: `${at}/type`, value: [t, 'null'] },
      );
    } else if (Array.isArray(t) && !t.includes('null')) {
      patch.push({ op: 'add', path: `${at}/type/-`, value: 'null' });
    } else if (t === undefined) {
      const choice = Array.isArray(node.oneOf) ? 'oneOf' : Array.isArray(node.anyOf) ? 'anyOf' : null;
      if (choice) patch.push({ op: 'add', path: `${at}/${choice}/-`, value: { type: 'null' } });
      else if (node.$ref !== undefined || node.allOf !== undefined) {
        patch.push({ op: 'replace', path: at, value: { anyOf: [node, { type: 'null' }] } });
      }
    }
  }
  // An enum lists null explicitly, or null stays invalid (OAS 3.0.3 §4.7.25 nullable; JSON Schema enum).
  if (
    Array.isArray(node.enum) &&
    !node.enum.includes(null) &&
    !patch.some((p) => p.op === 'replace' && p.path === at)
  ) {
    patch.push({ op: 'add', path: `${at}/enum/-`, value: null });
  }
  if (patch.length === 0) return `the schema at ${at} already allows null`;
  return {
    patch,
    reason: `allow null (${dialect === '3.0' ? 'nullable: true' : "a 'null' type"}): null was observed`,
  };
}

function addEnumValues(node: unknown, at: string, c: Candidate): Built {
  if (!isObj(node) || !Array.isArray(node.enum)) return `the schema at ${at} has no enum`;
  const enumList = node.enum;
  const fresh: unknown[] = [];
  for (const v of c.samples) {
    if (v === null || v === REDACTED || isTruncated(v)) continue;
    if (enumList.some((e) => jsonEqual(e, v)) || fresh.some((e) => jsonEqual(e, v))) continue;
    fresh.push(v);
  }
  if (fresh.length === 0) return `no usable new value for the enum at ${at}`;
  return {
    patch: fresh.map((v) => ({ op: 'add' as const, path: `${at}/enum/-`, value: v })),
    reason: `add the observed value${fresh.length > 1 ? 's' : ''} ${fresh.map((v) => JSON.stringify(v)).join(', ')} to the enum`,
  };
}

function relaxFormat(node: unknown, at: string, c: Candidate): Built {
  if (!isObj(node) || typeof node.format !== 'string') return `the schema at ${at} has no format`;
  const strings = c.samples.filter((v): v is string => typeof v === 'string');
  const looks = inferFormat(strings);
  return {
    patch: [
      { op: 'test', path: `${at}/format`, value: node.format },
      { op: 'remove', path: `${at}/format` },
    ],
    reason: `drop format '${node.format}': observed values do not match it${looks ? ` (they look like '${looks}')` : ''}`,
  };
}

function relaxConstraint(node: unknown, at: string, c: Candidate, dialect: Dialect): Built {
  const keyword = c.extra.keyword!;
  if (!isObj(node) || node[keyword] === undefined) return `the schema at ${at} has no '${keyword}'`;
  const current = node[keyword];
  const nums = c.samples.filter((v): v is number => typeof v === 'number');
  const lengths = c.samples.every((v) => !isTruncated(v))
    ? c.samples.flatMap((v) => (typeof v === 'string' ? [[...v].length] : Array.isArray(v) ? [v.length] : []))
    : [];
  const replace = (value: number, why: string): Built =>
    typeof current === 'number'
      ? {
          patch: [
            { op: 'test', path: `${at}/${keyword}`, value: current },
            { op: 'replace', path: `${at}/${keyword}`, value },
          ],
          reason: `relax ${keyword} ${current} → ${value}: ${why}`,
        }
      : `'${keyword}' at ${at} is not a number`;
  const remove = (why: string): Built => ({
    patch: [
      { op: 'test', path: `${at}/${keyword}`, value: current },
      { op: 'remove', path: `${at}/${keyword}` },
    ],
    reason: `drop ${keyword}: ${why}`,
  });
  switch (keyword) {
    case 'minimum':
      return nums.length > 0 ? replace(Math.min(...nums), 'smaller values observed') : 'no numeric sample';
    case 'maximum':
      return nums.length > 0 ? replace(Math.max(...nums), 'larger values observed') : 'no numeric sample';
    case 'minLength':
    case 'minItems':
      return lengths.length > 0
        ? replace(Math.min(...lengths), 'shorter values observed')
        : 'no usable sample';
    case 'maxLength':
    case 'maxItems':
      return lengths.length > 0
        ? replace(Math.max(...lengths), 'longer values observed')
        : 'no usable sample';
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      if (dialect === '3.0' && current === true) {
        // 3.0 boolean form: the bound itself was hit; keep the bound inclusive.
        return remove('the bound itself was observed');
      }
      return remove('values beyond the bound observed');
    }
    case 'pattern':
    case 'multipleOf':
    case 'uniqueItems':
    case 'minProperties':
    case 'maxProperties':
      return remove(`observed values violate it`);
    default:
      return `no correction for the '${keyword}' constraint`;
  }
}

function addResponse(node: unknown, at: string, c: Candidate, dialect: Dialect): Built {
  const status = Number(c.extra.status);
  const key = String(status);
  const response: Obj = { description: reasonPhrase(status) };
  const sampled = contentFor(c.bodies, dialect);
  // Without a body sample the body (if any) is documented as anything, so the status alone is fixed and no
  // undocumented_content_type takes its place; 204/304/1xx never carry one (RFC 9110 §15).
  const bodiless = status === 204 || status === 304 || status < 200;
  const content = sampled ?? (bodiless ? undefined : { '*/*': { schema: {} } });
  if (content) response.content = content;
  const reason = sampled
    ? `document the observed ${key} response with its ${Object.keys(sampled).join(', ')} body`
    : `document the observed ${key} response${content ? ' (its body was not sampled: any content)' : ''}`;
  if (node === undefined) return { patch: [{ op: 'add', path: at, value: { [key]: response } }], reason };
  if (!isObj(node)) return `${at} is not a responses object`;
  if (Object.hasOwn(node, key)) return `status ${key} is already documented at ${at}`;
  return { patch: [{ op: 'add', path: `${at}/${key}`, value: response }], reason };
}

function addMediaType(node: unknown, at: string, c: Candidate, dialect: Dialect): Built {
  const media = c.extra.media!;
  if (!isObj(node)) return `${at} is not a content map`;
  if (node.responses !== undefined) return 'a body where the operation documents none: not added';
  const schema = inferSchema(
    c.bodies
      .filter((b) => b.contentType === null || b.contentType.split(';')[0]!.trim().toLowerCase() === media)
      .map((b) => b.value),
    dialect,
  );
  const entry = { schema };
  const reason = `document the observed content type '${media}'`;
  const isContentMap = at.endsWith('/content');
  if (isContentMap) {
    if (Object.hasOwn(node, media)) return `'${media}' is already documented at ${at}`;
    return { patch: [{ op: 'add', path: `${at}/${esc(media)}`, value: entry }], reason };
  }
  if (isObj(node.content)) {
    if (Object.hasOwn(node.content, media)) return `'${media}' is already documented at ${at}/content`;
    return { patch: [{ op: 'add', path: `${at}/content/${esc(media)}`, value: entry }], reason };
  }
  return { patch: [{ op: 'add', path: `${at}/content`, value: { [media]: entry } }], reason };
}

function addParameter(node: unknown, at: string, c: Candidate, dialect: Dialect): Built {
  const name = c.extra.name!;
  const param = { name, in: 'query', schema: inferParameterSchema(c.samples, dialect) };
  const reason = `document the observed query parameter '${name}' as optional (${describe(param.schema)})`;
  if (node === undefined) return { patch: [{ op: 'add', path: at, value: [param] }], reason };
  if (!Array.isArray(node)) return `${at} is not a parameter list`;
  if (node.some((p) => isObj(p) && p.name === name && p.in === 'query'))
    return `'${name}' is already a query parameter`;
  return { patch: [{ op: 'add', path: `${at}/-`, value: param }], reason };
}

/** `{ 'application/json': { schema } }` per observed content type, or undefined without bodies. */
function contentFor(bodies: Candidate['bodies'], dialect: Dialect): Obj | undefined {
  const byType = new Map<string, unknown[]>();
  for (const b of bodies) {
    if (b.value === undefined) continue;
    const ct = (b.contentType ?? 'application/json').split(';')[0]!.trim().toLowerCase();
    const list = byType.get(ct) ?? [];
    list.push(b.value);
    byType.set(ct, list);
  }
  if (byType.size === 0) return undefined;
  const out: Obj = {};
  for (const [ct, values] of byType) out[ct] = { schema: inferSchema(values, dialect) };
  return out;
}

const PHRASES: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function reasonPhrase(status: number): string {
  return PHRASES[status] ?? `Status ${status}`;
}

function describe(schema: Obj): string {
  if (Object.keys(schema).length === 0) return 'any value';
  const t = Array.isArray(schema.type) ? schema.type.join('|') : schema.type;
  if (typeof t === 'string') return schema.format ? `${t}, ${String(schema.format)}` : t;
  if (Array.isArray(schema.oneOf)) return `one of ${schema.oneOf.length} shapes`;
  return schema.nullable === true ? 'null' : jsonTypeOf(schema);
}

function isTruncated(v: unknown): boolean {
  return typeof v === 'string' && v.length > 200 && v.endsWith('…');
}

function esc(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
