// Corrections for a Swagger 2.0 document. They are planned against its OpenAPI 3.0 conversion (the model
// every engine sees, core/openapi/swagger2.ts), then each patch is carried back onto the 2.0 document as
// written: pointers mapped (components/schemas → definitions, a response's content/<media>/schema → its
// schema, a request body → its `in: body` parameter, a parameter's or header's schema → the parameter or
// header itself, which carries its schema keywords inline) and values written the 2.0 way (nullable →
// x-nullable, a new response as {description, schema}, a new parameter with its schema inline). An edit
// 2.0 cannot express (oneOf/anyOf, form fields, a content type) is refused with the reason.
import { SWAGGER2_INLINE_SCHEMA_KEYS } from '../openapi/index.js';
import { patchPath, patchTokens } from '../spec-patch/pointer.js';
import type { PatchOperation } from './mismatch.js';

type Obj = Record<string, unknown>;

const HTTP = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch']);
const INLINE_KEYS = new Set<string>([...SWAGGER2_INLINE_SCHEMA_KEYS, 'x-nullable']);
/** OpenAPI 3 schema keywords Swagger 2.0's schema object does not have. */
const NOT_IN_2 = new Set(['oneOf', 'anyOf', 'not']);
/** Members whose keys are names (a property called `nullable` or `not` is not a keyword). */
const NAME_MAPS = new Set([
  'properties',
  'patternProperties',
  'definitions',
  'schemas',
  'paths',
  'responses',
  'headers',
  'content',
  'parameters',
  'requestBodies',
]);

/** Whether token i is a keyword (not a name inside one of NAME_MAPS). */
function isKeyword(tokens: readonly string[], i: number): boolean {
  return i === 0 || !NAME_MAPS.has(tokens[i - 1] as string);
}

/** Why a patch has no 2.0 form; caught by toSwagger2Patch. */
class Refused extends Error {}

/**
 * What the mapped pointer points into, which decides how a value is written: a schema; a parameter or
 * header whose schema keywords sit inline (from token `inlineAt` on); a whole new response, parameter or
 * parameter list; anything else as it is.
 */
type Mapped =
  | { readonly into: 'schema' | 'response' | 'parameter' | 'plain'; readonly tokens: string[] }
  | { readonly into: 'inline'; readonly tokens: string[]; readonly inlineAt: number }
  /** A new parameter list; `append` when the 2.0 operation already has one (for its body parameter). */
  | { readonly into: 'parameters'; readonly tokens: string[]; readonly append: boolean };

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function child(node: unknown, ...keys: readonly string[]): unknown {
  let cur = node;
  for (const k of keys) cur = isObj(cur) ? cur[k] : Array.isArray(cur) ? cur[Number(k)] : undefined;
  return cur;
}

/**
 * The 2.0 form of a patch planned against the 3.0 conversion (`converted`, as it stood before the patch)
 * of `source`, or why there is none.
 */
export function toSwagger2Patch(
  source: Obj,
  converted: Obj,
  patch: readonly PatchOperation[],
): PatchOperation[] | string {
  try {
    const out: PatchOperation[] = [];
    for (const [i, op] of patch.entries()) {
      const mapped = mapTokens(source, converted, patchTokens(op.path, i));
      switch (op.op) {
        case 'move':
        case 'copy':
          throw new Refused(`a '${op.op}' has no counterpart`);
        case 'remove':
          out.push({ op: 'remove', path: patchPath(spelled(mapped)) });
          break;
        default:
          for (const w of written(mapped, op.value))
            out.push({ op: op.op, path: patchPath(w.tokens), value: w.value });
      }
    }
    return out;
  } catch (e) {
    if (e instanceof Refused) return `Swagger 2.0: ${e.message}`;
    throw e;
  }
}

/** The mapped tokens with `nullable` spelled `x-nullable` where it names a schema keyword. */
function spelled(m: Mapped): string[] {
  const last = m.tokens.length - 1;
  if ((m.into !== 'schema' && m.into !== 'inline') || m.tokens[last] !== 'nullable') return m.tokens;
  if (!isKeyword(m.tokens, last)) return m.tokens;
  return [...m.tokens.slice(0, last), 'x-nullable'];
}

function mapTokens(source: Obj, converted: Obj, t: readonly string[]): Mapped {
  const none = () => new Refused(`'${patchPath(t)}' has no counterpart`);
  const through = t.find((x, i) => NOT_IN_2.has(x) && isKeyword(t, i));
  if (through) throw new Refused(`schemas have no ${through} ('${patchPath(t)}')`);
  if (t[0] === 'components' && t.length >= 3) {
    const section = t[1] as string;
    const name = t[2] as string;
    const rest = t.slice(3);
    if (section === 'schemas') return { into: 'schema', tokens: ['definitions', name, ...rest] };
    if (section === 'responses') return mapResponse(['responses', name], rest);
    if (section === 'parameters') return mapParameter(['parameters', name], rest);
    if (section === 'requestBodies') {
      if (child(source, 'parameters', name, 'in') !== 'body')
        throw new Refused(`'${name}' is a form, whose fields are parameters, not a schema`);
      return mapBody(['parameters', name], rest);
    }
    throw none();
  }
  if (t[0] !== 'paths' || t.length < 3) throw none();
  const path = t[1] as string;
  const at = t[2] as string;
  if (at === 'parameters') {
    const owner = ['paths', path, 'parameters'];
    return mapListed(child(source, ...owner), child(converted, ...owner), owner, t.slice(3));
  }
  if (!HTTP.has(at)) throw none();
  const op = ['paths', path, at];
  const rest = t.slice(3);
  if (rest[0] === 'responses') {
    if (rest.length === 1) return { into: 'plain', tokens: [...op, 'responses'] };
    return mapResponse([...op, 'responses', rest[1] as string], rest.slice(2));
  }
  if (rest[0] === 'parameters') {
    const owner = [...op, 'parameters'];
    return mapListed(child(source, ...owner), child(converted, ...owner), owner, rest.slice(1));
  }
  if (rest[0] === 'requestBody') {
    // The operation's `in: body` parameter, else its path item's.
    for (const owner of [op, ['paths', path]]) {
      const list = child(source, ...owner, 'parameters');
      const i = Array.isArray(list) ? list.findIndex((p) => isObj(p) && p.in === 'body') : -1;
      if (i >= 0) return mapBody([...owner, 'parameters', String(i)], rest.slice(1));
    }
    throw new Refused('the request body is made of form fields (formData parameters)');
  }
  throw none();
}

function mapResponse(prefix: string[], r: readonly string[]): Mapped {
  if (r.length === 0) return { into: 'response', tokens: prefix };
  if (r[0] === 'content' && r[2] === 'schema')
    return { into: 'schema', tokens: [...prefix, 'schema', ...r.slice(3)] };
  if (r[0] === 'content') throw new Refused('content types are listed in `produces`, not per response');
  if (r[0] === 'headers' && r.length >= 3 && r[2] === 'schema') {
    const header = [...prefix, 'headers', r[1] as string];
    return { into: 'inline', tokens: [...header, ...r.slice(3)], inlineAt: header.length };
  }
  if (r.length === 1 && r[0] === 'description') return { into: 'plain', tokens: [...prefix, 'description'] };
  throw new Refused(`'${patchPath([...prefix, ...r])}' has no counterpart`);
}

function mapBody(prefix: string[], r: readonly string[]): Mapped {
  if (r[0] === 'content' && r[2] === 'schema')
    return { into: 'schema', tokens: [...prefix, 'schema', ...r.slice(3)] };
  if (r.length === 1 && (r[0] === 'required' || r[0] === 'description'))
    return { into: 'plain', tokens: [...prefix, r[0]] };
  if (r[0] === 'content') throw new Refused('content types are listed in `consumes`, not per request body');
  throw new Refused(`'${patchPath([...prefix, ...r])}' has no counterpart`);
}

function mapParameter(prefix: string[], r: readonly string[]): Mapped {
  if (r[0] === 'schema')
    return { into: 'inline', tokens: [...prefix, ...r.slice(1)], inlineAt: prefix.length };
  if (r.length === 1 && (r[0] === 'required' || r[0] === 'description'))
    return { into: 'plain', tokens: [...prefix, r[0]] };
  throw new Refused(`'${patchPath([...prefix, ...r])}' has no counterpart`);
}

/**
 * In a parameter list: the converted list lacks the body and form parameters, so the n-th converted
 * parameter is found in the 2.0 list by name and location.
 */
function mapListed(source: unknown, converted: unknown, prefix: string[], r: readonly string[]): Mapped {
  // A list the conversion did not have: in 2.0 the operation may have one, holding only body or form fields.
  if (r.length === 0) return { into: 'parameters', tokens: prefix, append: Array.isArray(source) };
  if (r[0] === '-') return { into: 'parameter', tokens: [...prefix, '-'] };
  const param = child(converted, r[0] as string);
  if (!isObj(param) || typeof param.name !== 'string')
    throw new Refused(`no parameter at '${patchPath([...prefix, ...r])}'`);
  const i = Array.isArray(source)
    ? source.findIndex((p) => isObj(p) && p.name === param.name && p.in === param.in)
    : -1;
  if (i < 0) throw new Refused(`parameter '${param.name}' is not in the document's list`);
  return mapParameter([...prefix, String(i)], r.slice(1));
}

/** Where and what to write for a value planned at the mapped place. */
function written(m: Mapped, value: unknown): { tokens: string[]; value: unknown }[] {
  switch (m.into) {
    case 'plain':
      return [{ tokens: m.tokens, value }];
    case 'schema':
      return [{ tokens: spelled(m), value: schema2(value) }];
    case 'inline':
      // A parameter's keywords are its schema's: one keyword (or a part of one) can change, not the whole.
      if (m.tokens.length === m.inlineAt)
        throw new Refused(`'${patchPath(m.tokens)}' would replace a schema that is written inline`);
      return [{ tokens: spelled(m), value: schema2(value) }];
    case 'response':
      return [{ tokens: m.tokens, value: response2(value) }];
    case 'parameter':
      return [{ tokens: m.tokens, value: parameter2(value) }];
    case 'parameters':
      if (!Array.isArray(value)) throw new Refused('a parameter list was expected');
      return m.append
        ? value.map((p) => ({ tokens: [...m.tokens, '-'], value: parameter2(p) }))
        : [{ tokens: m.tokens, value: value.map(parameter2) }];
  }
}

/** A 3.0 schema value in 2.0 spelling: nullable → x-nullable; oneOf/anyOf/not refused. */
function schema2(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(schema2);
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    if (NOT_IN_2.has(k)) throw new Refused(`schemas have no ${k}`);
    if (k === 'nullable') out['x-nullable'] = x;
    else if (k === 'enum' || k === 'default' || k === 'example' || k.startsWith('x-')) out[k] = x;
    else if (NAME_MAPS.has(k) && isObj(x)) {
      // Names stay as they are; each member is a schema.
      const members: Obj = {};
      for (const [name, member] of Object.entries(x)) members[name] = schema2(member);
      out[k] = members;
    } else out[k] = schema2(x);
  }
  return out;
}

/** A 3.0 response value as 2.0 writes it: one schema for all of the operation's content types. */
function response2(v: unknown): unknown {
  if (!isObj(v)) return v;
  const out: Obj = { description: v.description ?? '' };
  const schemas = (isObj(v.content) ? Object.values(v.content) : [])
    .map((c) => (isObj(c) ? c.schema : undefined))
    .filter((s) => s !== undefined);
  if (schemas.some((s) => JSON.stringify(s) !== JSON.stringify(schemas[0])))
    throw new Refused('the observed content types have different schemas, and a response has one');
  if (schemas.length > 0) out.schema = schema2(schemas[0]);
  return out;
}

/** A 3.0 parameter value as 2.0 writes it: its schema's keywords inline. */
function parameter2(v: unknown): unknown {
  if (!isObj(v)) return v;
  const { schema, style, explode, ...rest } = v;
  if (style !== undefined || explode !== undefined)
    throw new Refused('a parameter style is written as collectionFormat, not mapped here');
  const inline = schema2(schema ?? {});
  if (!isObj(inline)) throw new Refused('a parameter schema must be an object');
  for (const k of Object.keys(inline))
    if (!INLINE_KEYS.has(k)) throw new Refused(`a ${String(v.in)} parameter cannot carry '${k}'`);
  return { ...rest, ...inline };
}
