// Ajv errors → mismatches in the drift vocabulary (PRODUCT.md "Classification"). Locations are JSON
// pointers into the message (`/body/...`) with array indices generalised to `*`, so a field missing in
// every item of a list is one finding; the spec location is the translated node's origin (the component).
import type { Direction, MismatchType } from '../findings.js';
import { escapeToken, jsonTypeOf, unescapeToken } from '../openapi/index.js';
import { defaultSeverity } from './defaults.js';
import type { Mismatch } from './mismatch.js';
import { redactObserved } from './redact.js';
import type { SchemaIssue, SchemaSet } from './schemas.js';

export interface IssueContext {
  readonly direction: Direction;
  readonly method: string | null;
  readonly path: string | null;
  readonly status: number | null;
  /** Where the validated value sits in the message: `/body`, `/query/limit`, `/headers/x-rate`. */
  readonly prefix: string;
  /** Spec location used when an error has no better one (the parameter, the media type schema). */
  readonly specLocation: string | null;
  /** When set, every issue is reported as this type (parameters: query_param_mismatch...). */
  readonly as?: MismatchType;
  /** Human name of where the value is (`response 200 body`, `query parameter 'limit'`). */
  readonly what: string;
}

const CONSTRAINTS = new Set([
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'minContains',
  'maxContains',
]);

const MAX_SAMPLE = 200;

/** Truncates long strings so samples stay small. Redaction happens before. */
export function sample(v: unknown): unknown {
  if (typeof v === 'string' && v.length > MAX_SAMPLE) return `${v.slice(0, MAX_SAMPLE)}…`;
  return v;
}

/** Message tokens of an instance path, with array positions as `*`, and the value there. */
export function walkInstance(root: unknown, instancePath: string): { tokens: string[]; value: unknown } {
  const tokens: string[] = [];
  let cur: unknown = root;
  if (instancePath === '') return { tokens, value: cur };
  for (const raw of instancePath.slice(1).split('/')) {
    const t = unescapeToken(raw);
    if (Array.isArray(cur)) {
      tokens.push('*');
      cur = cur[Number(t)];
    } else {
      tokens.push(t);
      cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[t] : undefined;
    }
  }
  return { tokens, value: cur };
}

export function pointerOf(prefix: string, tokens: readonly string[]): string {
  let out = prefix;
  for (const t of tokens) out += `/${t === '*' ? '*' : escapeToken(t)}`;
  return out;
}

export function mismatch(
  ctx: IssueContext,
  type: MismatchType,
  fields: Pick<Mismatch, 'location' | 'specLocation' | 'expected' | 'observed' | 'message'>,
): Mismatch {
  const t = ctx.as ?? type;
  return {
    type: t,
    direction: ctx.direction,
    severity: defaultSeverity(t, ctx.direction),
    method: ctx.method,
    path: ctx.path,
    status: ctx.status,
    ...fields,
  };
}

export function issuesToMismatches(
  errors: readonly SchemaIssue[],
  root: unknown,
  set: SchemaSet,
  ctx: IssueContext,
): Mismatch[] {
  const out: Mismatch[] = [];
  // `/headers/x-api-token`, `/query/access_token`: the parameter's own name decides redaction too.
  const prefixTokens = ctx.prefix.split('/').slice(1).map(unescapeToken);
  for (const e of errors) {
    const { tokens, value } = walkInstance(root, e.instancePath);
    const specLocation = (e.parentSchema && set.origin.get(e.parentSchema)) ?? ctx.specLocation;
    const where = tokens.length === 0 ? ctx.what : `${ctx.what} ${pointerOf('', tokens)}`;
    const at = (extra: string | null) => {
      const t = extra === null ? tokens : [...tokens, extra];
      return { tokens: t, location: pointerOf(ctx.prefix, t) };
    };
    const observed = (t: readonly string[], v: unknown) => sample(redactObserved([...prefixTokens, ...t], v));
    const params = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'required': {
        const name = String(params.missingProperty);
        const { location } = at(name);
        out.push(
          mismatch(ctx, 'missing_required_field', {
            location,
            specLocation,
            expected: { required: name },
            observed: null,
            message: `${where}: required property '${name}' is missing`,
          }),
        );
        break;
      }
      case 'type': {
        const { location } = at(null);
        const expected = String(params.type);
        const isNull = value === null;
        out.push(
          mismatch(ctx, isNull ? 'nullability_violation' : 'type_mismatch', {
            location,
            specLocation,
            expected: { type: expected },
            observed: { type: jsonTypeOf(value) },
            message: isNull
              ? `${where}: null where the contract does not allow null (expected ${expected})`
              : `${where}: expected ${expected}, got ${jsonTypeOf(value)}`,
          }),
        );
        break;
      }
      case 'format': {
        const a = at(null);
        out.push(
          mismatch(ctx, 'format_mismatch', {
            location: a.location,
            specLocation,
            expected: { format: params.format },
            observed: observed(a.tokens, value),
            message: `${where}: does not match format '${String(params.format)}'`,
          }),
        );
        break;
      }
      case 'enum':
      case 'const': {
        const a = at(null);
        const allowed =
          e.keyword === 'enum' ? (e.parentSchema?.enum ?? params.allowedValues) : [params.allowedValue];
        out.push(
          mismatch(ctx, 'enum_violation', {
            location: a.location,
            specLocation,
            expected: { enum: allowed },
            observed: observed(a.tokens, value),
            message: `${where}: value is not one of the ${Array.isArray(allowed) ? allowed.length : 0} allowed values`,
          }),
        );
        break;
      }
      case 'additionalProperties':
      case 'unevaluatedProperties': {
        const name = String(params.additionalProperty ?? params.unevaluatedProperty);
        const a = at(name);
        const v =
          value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined;
        out.push(
          mismatch(ctx, 'unexpected_field', {
            location: a.location,
            specLocation,
            expected: { additionalProperties: false },
            observed: observed(a.tokens, v),
            message: `${where}: property '${name}' is not allowed by the contract`,
          }),
        );
        break;
      }
      case 'false schema': {
        const a = at(null);
        out.push(
          mismatch(ctx, 'unexpected_field', {
            location: a.location,
            specLocation,
            expected: false,
            observed: observed(a.tokens, value),
            message: `${where}: no value is allowed here`,
          }),
        );
        break;
      }
      default: {
        const a = at(null);
        const limit = CONSTRAINTS.has(e.keyword)
          ? {
              [e.keyword]:
                (e.parentSchema as Record<string, unknown> | undefined)?.[e.keyword] ?? params.limit,
            }
          : { [e.keyword]: true };
        out.push(
          mismatch(ctx, 'constraint_violation', {
            location: a.location,
            specLocation,
            expected: limit,
            observed: observed(a.tokens, value),
            message: `${where}: violates '${e.keyword}'`,
          }),
        );
      }
    }
  }
  return out;
}
