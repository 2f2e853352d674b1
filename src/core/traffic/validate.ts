// Validating one matched exchange against its operation: parameters (path, query, header, cookie), the
// request body, the response status, content type, headers and body. Validators are compiled once per
// (operation, location, media type) and cached on the context.
import type { ValidateFunction } from 'ajv';
import type { MismatchType } from '../findings.js';
import { escapeToken, type Operation } from '../openapi/index.js';
import { mismatchKey } from './aggregate.js';
import type { Exchange } from './exchange.js';
import { parseMultipart, parseUrlEncoded } from './forms.js';
import { type IssueContext, issuesToMismatches, mismatch, sample } from './issues.js';
import { isJsonMedia, mediaEssence, selectMedia, selectStatus } from './media.js';
import { type HeaderLookup, headerLookup, type RequestParts } from './message.js';
import type { Mismatch } from './mismatch.js';
import { deserializeQuery, deserializeString, type ParamIn, type ParamSpec, styleOf } from './params.js';
import { redactObserved, redactValue } from './redact.js';
import type { SchemaIssue, SchemaSet, Variant } from './schemas.js';
import { undocumentedFields } from './undocumented.js';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface ValidateOptions {
  /** Report properties the contract does not document as unexpected_field (default true). */
  readonly undocumentedFields?: boolean;
  /** Report query parameters the operation does not declare (default true). */
  readonly undocumentedQuery?: boolean;
}

interface CompiledParam extends ParamSpec {
  readonly required: boolean;
  readonly specLocation: string;
  readonly validate: ValidateFunction | null;
  /** `content`-style parameter: the value is JSON text. */
  readonly json: boolean;
  /** Where its findings point, computed once per operation (not per exchange). */
  readonly ictx: IssueContext;
}

interface OperationPlan {
  readonly params: readonly CompiledParam[];
  readonly queryNames: ReadonlySet<string>;
  readonly request: Obj;
  readonly response: Obj;
  readonly method: string;
  /** Per response status key: the resolved response and where it lives (resolved once). */
  readonly responses: Map<string, ResponsePlan | null>;
  /** The documented responses key per observed status code. */
  readonly statusKeys: Map<number, string | null>;
}

interface ResponsePlan {
  readonly response: Obj;
  readonly specLocation: string | null;
  readonly content: Obj;
  readonly contentSpec: string | null;
  readonly key: string;
}

/** Per-spec validation state: the translated schemas and the compiled plans. */
export interface ValidationContext {
  readonly schemas: SchemaSet;
  readonly plans: Map<Operation, OperationPlan>;
  readonly validators: Map<string, ValidateFunction | null>;
}

const PARAM_TYPE = {
  path: 'path_param_mismatch',
  query: 'query_param_mismatch',
  header: 'header_mismatch',
  cookie: 'header_mismatch',
} as const satisfies Record<ParamIn, MismatchType>;

/** OAS 3.1 §4.8.12.1: header parameters named Accept, Content-Type or Authorization are ignored. */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

export function createValidationContext(schemas: SchemaSet): ValidationContext {
  return { schemas, plans: new Map(), validators: new Map() };
}

function translatedOp(set: SchemaSet, variant: Variant, op: Operation): Obj {
  const n = set.at(variant, op.uri, op.pointer);
  return isObj(n) ? n : {};
}

function planFor(ctx: ValidationContext, op: Operation): OperationPlan {
  let plan = ctx.plans.get(op);
  if (plan) return plan;
  const set = ctx.schemas;
  const params: CompiledParam[] = [];
  for (const p of op.parameters) {
    const node = set.at('request', p.node.uri, p.node.pointer);
    if (!isObj(node)) continue;
    if (p.in === 'header' && IGNORED_HEADERS.has(p.name.toLowerCase())) continue;
    let schema = node.schema;
    let json = false;
    if (schema === undefined && isObj(node.content)) {
      const first = Object.values(node.content)[0];
      schema = isObj(first) ? first.schema : undefined;
      json = true;
    }
    const { style, explode } = styleOf(node, p.in);
    const specLocation = set.origin.get(node) ?? p.node.pointer;
    const prefix =
      p.in === 'cookie'
        ? `/headers/cookie/${escapeToken(p.name)}`
        : `/${p.in === 'header' ? 'headers' : p.in}/${escapeToken(p.in === 'header' ? p.name.toLowerCase() : p.name)}`;
    params.push({
      name: p.name,
      in: p.in,
      style,
      explode,
      schema,
      json,
      required: node.required === true || p.in === 'path',
      specLocation,
      validate: schema === undefined ? null : set.compile(schema),
      ictx: {
        direction: 'request',
        method: op.method.toUpperCase(),
        path: op.path,
        status: null,
        prefix,
        specLocation,
        as: PARAM_TYPE[p.in],
        what: `${p.in} parameter '${p.name}'`,
      },
    });
  }
  plan = {
    params,
    queryNames: new Set(params.filter((p) => p.in === 'query').map((p) => p.name)),
    request: translatedOp(set, 'request', op),
    response: translatedOp(set, 'response', op),
    method: op.method.toUpperCase(),
    responses: new Map(),
    statusKeys: new Map(),
  };
  ctx.plans.set(op, plan);
  return plan;
}

function cachedValidator(ctx: ValidationContext, key: string, schema: unknown): ValidateFunction | null {
  let fn = ctx.validators.get(key);
  if (fn === undefined) {
    fn = ctx.schemas.compile(schema);
    ctx.validators.set(key, fn);
  }
  return fn;
}

function issues(fn: ValidateFunction): SchemaIssue[] {
  return (fn.errors ?? []) as SchemaIssue[];
}

function validateParams(
  ctx: ValidationContext,
  plan: OperationPlan,
  op: Operation,
  parts: RequestParts,
  pathParams: Readonly<Record<string, string>>,
  options: ValidateOptions,
  out: Mismatch[],
): void {
  const set = ctx.schemas;
  const used = new Set<string>();
  const method = plan.method;
  for (const p of plan.params) {
    const ictx = p.ictx;
    const type = ictx.as ?? PARAM_TYPE[p.in];
    const prefix = ictx.prefix;
    const what = ictx.what;
    let value: unknown;
    let raw: string | undefined;
    if (p.in === 'query') {
      value = deserializeQuery(set, p, parts.query, used);
    } else {
      raw =
        p.in === 'path'
          ? pathParams[p.name]
          : p.in === 'header'
            ? parts.headers.get(p.name.toLowerCase())
            : parts.cookies.get(p.name);
      value = raw === undefined ? undefined : p.json ? parseJson(raw) : deserializeString(set, p, raw);
    }
    if (value === undefined) {
      if (p.required) {
        out.push(
          mismatch(ictx, type, {
            location: prefix,
            specLocation: p.specLocation,
            expected: { required: true },
            observed: null,
            message: `required ${what} is missing`,
          }),
        );
      }
      continue;
    }
    if (p.json && p.in === 'query' && typeof value === 'string') value = parseJson(value);
    if (!p.validate || p.validate(value)) continue;
    const found = issuesToMismatches(issues(p.validate), value, set, ictx);
    // One finding per parameter: the first issue says what is wrong with it.
    const first = found[0];
    if (first) out.push({ ...first, location: prefix, specLocation: p.specLocation });
  }
  if (options.undocumentedQuery !== false) {
    for (const [k, v] of parts.query) {
      if (used.has(k) || plan.queryNames.has(k)) continue;
      used.add(k);
      const ictx: IssueContext = {
        direction: 'request',
        method,
        path: op.path,
        status: null,
        prefix: `/query/${escapeToken(k)}`,
        specLocation: null,
        what: `query parameter '${k}'`,
      };
      out.push({
        ...mismatch(ictx, 'query_param_mismatch', {
          location: ictx.prefix,
          specLocation: `${op.pointer}/parameters`,
          expected: null,
          observed: sample(redactObserved([k], v)),
          message: `query parameter '${k}' is not documented`,
        }),
        severity: 'low',
      });
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

interface BodyInput {
  readonly body?: unknown;
  readonly bodyText?: string;
  readonly headers: HeaderLookup;
}

/** selectMedia per (content object, content-type), remembered for the few content-types a service sends. */
const mediaChoices = new WeakMap<Obj, Map<string | undefined, string | null>>();
const MEDIA_CHOICES_PER_CONTENT = 32;

function cachedMedia(content: Obj, contentType: string | undefined): string | null {
  let choices = mediaChoices.get(content);
  if (!choices) {
    choices = new Map();
    mediaChoices.set(content, choices);
  }
  let media = choices.get(contentType);
  if (media === undefined) {
    media = selectMedia(content, contentType);
    if (choices.size < MEDIA_CHOICES_PER_CONTENT) choices.set(contentType, media);
  }
  return media;
}

function hasBody(b: BodyInput): boolean {
  return b.body !== undefined || (b.bodyText !== undefined && b.bodyText !== '');
}

function validateBody(
  ctx: ValidationContext,
  key: string,
  content: unknown,
  input: BodyInput,
  ictx: IssueContext,
  options: ValidateOptions,
  out: Mismatch[],
  contentSpec: string | null,
): void {
  const set = ctx.schemas;
  const contentType = input.headers.get('content-type');
  const media = isObj(content) ? cachedMedia(content, contentType) : null;
  if (media === null) {
    const documented = isObj(content) ? Object.keys(content) : [];
    const body = bodySample(input.body, input.bodyText, contentType);
    out.push(
      mismatch(ictx, 'undocumented_content_type', {
        ...(body ? { body } : {}),
        location: '/headers/content-type',
        specLocation: contentSpec,
        expected: documented,
        observed: contentType === undefined ? null : mediaEssence(contentType),
        message:
          documented.length === 0
            ? `${ictx.what}: a body was sent where the contract documents none`
            : `${ictx.what}: content type '${contentType ?? '(none)'}' is not documented (${documented.join(', ')})`,
      }),
    );
    return;
  }
  const mediaObj = (content as Obj)[media];
  const schema = isObj(mediaObj) ? mediaObj.schema : undefined;
  if (schema === undefined) return;
  let body = input.body;
  if (body === undefined) {
    if (input.bodyText === undefined) return;
    const essence = mediaEssence(contentType ?? media);
    if (essence === 'application/x-www-form-urlencoded') body = parseUrlEncoded(set, schema, input.bodyText);
    else if (essence === 'multipart/form-data') {
      const parsed = parseMultipart(set, schema, input.bodyText, contentType ?? media);
      if (parsed === null) return;
      body = parsed;
    } else if (isJsonMedia(essence)) {
      try {
        body = JSON.parse(input.bodyText);
      } catch {
        return;
      }
    } else return;
  }
  // Object schemas are compiled once per node by the SchemaSet; only boolean schemas need the keyed cache.
  const fn = isObj(schema) ? set.compile(schema) : cachedValidator(ctx, `${key}|${media}`, schema);
  const c = { ...ictx, specLocation: set.origin.get(schema as object) ?? ictx.specLocation };
  if (fn && !fn(body)) out.push(...issuesToMismatches(issues(fn), body, set, c));
  if (options.undocumentedFields !== false) out.push(...undocumentedFields(set, schema, body, c));
}

function validateRequestBody(
  ctx: ValidationContext,
  plan: OperationPlan,
  op: Operation,
  exchange: Exchange,
  parts: RequestParts,
  options: ValidateOptions,
  out: Mismatch[],
): void {
  const set = ctx.schemas;
  const rb = set.resolve(plan.request.requestBody);
  const input: BodyInput = {
    body: exchange.request.body,
    headers: parts.headers,
    ...bodyTextOf(exchange.request.bodyText),
  };
  const ictx: IssueContext = {
    direction: 'request',
    method: op.method.toUpperCase(),
    path: op.path,
    status: null,
    prefix: '/body',
    specLocation: isObj(rb) ? (set.origin.get(rb) ?? null) : null,
    what: 'request body',
  };
  if (!hasBody(input)) {
    if (isObj(rb) && rb.required === true) {
      out.push(
        mismatch(ictx, 'missing_required_field', {
          location: '/body',
          specLocation: ictx.specLocation,
          expected: { required: true },
          observed: null,
          message: 'the required request body is missing',
        }),
      );
    }
    return;
  }
  if (!isObj(rb)) {
    // GET/DELETE bodies with no documented request body: a body where none is documented.
    const content: Obj = {};
    validateBody(
      ctx,
      `${op.key}|req`,
      content,
      input,
      { ...ictx, specLocation: op.pointer },
      options,
      out,
      op.pointer,
    );
    return;
  }
  validateBody(
    ctx,
    `${op.key}|req`,
    rb.content,
    input,
    ictx,
    options,
    out,
    isObj(rb.content) ? (set.origin.get(rb.content) ?? null) : ictx.specLocation,
  );
}

/** The redacted body of a message, for corrections to infer a schema from (JSON bodies only). */
function bodySample(
  body: unknown,
  bodyText: string | undefined,
  contentType: string | undefined,
): Mismatch['body'] | undefined {
  const ct = contentType === undefined ? null : mediaEssence(contentType);
  if (body !== undefined) return { contentType: ct, value: redactValue(body) };
  if (bodyText === undefined || bodyText === '') return undefined;
  return { contentType: ct, value: sample(bodyText) };
}

function bodyTextOf(text: string | undefined): { bodyText?: string } {
  return text === undefined ? {} : { bodyText: text };
}

function validateResponse(
  ctx: ValidationContext,
  plan: OperationPlan,
  op: Operation,
  exchange: Exchange,
  options: ValidateOptions,
  out: Mismatch[],
): void {
  const res = exchange.response;
  if (!res) return;
  const set = ctx.schemas;
  const method = op.method.toUpperCase();
  const responses = set.resolve(plan.response.responses);
  const base: IssueContext = {
    direction: 'response',
    method,
    path: op.path,
    status: res.status,
    prefix: '/body',
    specLocation: null,
    what: `response ${res.status} body`,
  };
  let statusKey = plan.statusKeys.get(res.status);
  if (statusKey === undefined) {
    statusKey = isObj(responses) ? selectStatus(responses, res.status) : null;
    plan.statusKeys.set(res.status, statusKey);
  }
  const headers = headerLookup(res.headers);
  if (statusKey === null) {
    const body = bodySample(res.body, res.bodyText, headers.get('content-type'));
    out.push(
      mismatch(base, 'undocumented_status', {
        ...(body ? { body } : {}),
        location: '/status',
        specLocation: isObj(responses)
          ? (set.origin.get(responses) ?? `${op.pointer}/responses`)
          : `${op.pointer}/responses`,
        expected: isObj(responses) ? Object.keys(responses).filter((k) => !k.startsWith('x-')) : [],
        observed: res.status,
        message: `status ${res.status} is not documented for ${op.key}`,
      }),
    );
    return;
  }
  const rp = responsePlan(set, plan, op, responses as Obj, statusKey);
  if (rp === null) return;
  validateResponseHeaders(ctx, op, statusKey, rp.response, headers, base, out);
  const input: BodyInput = { body: res.body, headers, ...bodyTextOf(res.bodyText) };
  if (!hasBody(input)) return;
  const ictx = { ...base, specLocation: rp.specLocation };
  validateBody(ctx, rp.key, rp.content, input, ictx, options, out, rp.contentSpec);
}

function responsePlan(
  set: SchemaSet,
  plan: OperationPlan,
  op: Operation,
  responses: Obj,
  statusKey: string,
): ResponsePlan | null {
  let rp = plan.responses.get(statusKey);
  if (rp !== undefined) return rp;
  const response = set.resolve(responses[statusKey]);
  if (isObj(response)) {
    const specLocation = set.origin.get(response) ?? null;
    rp = {
      response,
      specLocation,
      content: isObj(response.content) ? response.content : {},
      contentSpec: isObj(response.content) ? (set.origin.get(response.content) ?? null) : specLocation,
      key: `${op.key}|${statusKey}`,
    };
  } else rp = null;
  plan.responses.set(statusKey, rp);
  return rp;
}

function validateResponseHeaders(
  ctx: ValidationContext,
  op: Operation,
  statusKey: string,
  response: Obj,
  headers: HeaderLookup,
  base: IssueContext,
  out: Mismatch[],
): void {
  if (!isObj(response.headers)) return;
  const set = ctx.schemas;
  for (const [name, rawHeader] of Object.entries(response.headers)) {
    const lname = name.toLowerCase();
    if (lname === 'content-type') continue;
    const h = set.resolve(rawHeader);
    if (!isObj(h)) continue;
    const prefix = `/headers/${escapeToken(lname)}`;
    const specLocation = set.origin.get(h) ?? null;
    const ictx: IssueContext = {
      ...base,
      prefix,
      specLocation,
      as: 'header_mismatch',
      what: `response header '${name}'`,
    };
    const raw = headers.get(lname);
    if (raw === undefined) {
      if (h.required === true) {
        out.push(
          mismatch(ictx, 'header_mismatch', {
            location: prefix,
            specLocation,
            expected: { required: true },
            observed: null,
            message: `required response header '${name}' is missing`,
          }),
        );
      }
      continue;
    }
    if (h.schema === undefined) continue;
    const spec: ParamSpec = {
      name,
      in: 'header',
      style: 'simple',
      explode: h.explode === true,
      schema: h.schema,
    };
    const value = deserializeString(set, spec, raw);
    const fn = cachedValidator(ctx, `${op.key}|${statusKey}|header|${lname}`, h.schema);
    if (!fn || fn(value)) continue;
    const first = issuesToMismatches(issues(fn), value, set, ictx)[0];
    if (first) out.push({ ...first, location: prefix, specLocation });
  }
}

/** Every mismatch of one exchange against the operation it matched, deduplicated. */
export function validateExchange(
  ctx: ValidationContext,
  op: Operation,
  exchange: Exchange,
  parts: RequestParts,
  pathParams: Readonly<Record<string, string>>,
  options: ValidateOptions = {},
): Mismatch[] {
  const plan = planFor(ctx, op);
  const out: Mismatch[] = [];
  validateParams(ctx, plan, op, parts, pathParams, options, out);
  validateRequestBody(ctx, plan, op, exchange, parts, options, out);
  validateResponse(ctx, plan, op, exchange, options, out);
  if (out.length < 2) return out;
  const seen = new Set<string>();
  return out.filter((m) => {
    const k = mismatchKey(m);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
