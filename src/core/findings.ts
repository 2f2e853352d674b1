// The one vocabulary of drift: levels, severities, mismatch types, and the Finding every source produces.
// Spec changes (diff), traffic mismatches (analyze) and sync changes all become Findings; the budget
// engine, incidents, notifiers and GitOps only ever see Findings (PRODUCT.md "three sources, one pipeline").

export const LEVELS = ['breaking', 'potentially_breaking', 'non_breaking'] as const;
export type Level = (typeof LEVELS)[number];

/** Higher is more breaking. Explicit, never by declaration order. */
export const LEVEL_RANK = { breaking: 2, potentially_breaking: 1, non_breaking: 0 } as const satisfies Record<
  Level,
  number
>;

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** critical > high > medium > low > info (PRODUCT.md "Classification"). */
export const SEVERITY_RANK = { critical: 4, high: 3, medium: 2, low: 1, info: 0 } as const satisfies Record<
  Severity,
  number
>;

export const DIRECTIONS = ['request', 'response'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const MISMATCH_TYPES = [
  'missing_required_field',
  'type_mismatch',
  'unexpected_field',
  'format_mismatch',
  'constraint_violation',
  'enum_violation',
  'nullability_violation',
  'unknown_endpoint',
  'method_not_allowed',
  'undocumented_status',
  'undocumented_content_type',
  'header_mismatch',
  'query_param_mismatch',
  'path_param_mismatch',
  // sync-only
  'field_removed',
  'field_added',
  'status_changed',
] as const;
export type MismatchType = (typeof MISMATCH_TYPES)[number];

export const FINDING_SOURCES = ['spec', 'traffic', 'sync'] as const;
export type FindingSource = (typeof FINDING_SOURCES)[number];

/** HTTP methods OpenAPI path items know, lower case as in the document. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A spec-vs-spec change (`driftgate diff --format json` `changes[]`, INTERFACES.md). */
export interface Change {
  /** Check id; oasdiff's id where the concept matches. */
  readonly id: string;
  readonly level: Level;
  /** `METHOD /template` (method upper case), or null for document-level changes. */
  readonly operation: string | null;
  /** JSON pointers into the base and the revision document (`#/paths/...`), null where absent. */
  readonly location: { readonly base: string | null; readonly revision: string | null };
  readonly message: string;
  readonly before: unknown;
  readonly after: unknown;
}

/**
 * A finding in the shape the classifier, budgets and incidents consume. Spec changes, traffic
 * mismatches and sync changes are all turned into this.
 */
export interface Finding {
  readonly source: FindingSource;
  /** Check id (spec) or mismatch type (traffic, sync). */
  readonly code: string;
  /** Level the detecting engine assigned (diff checks have one); the classifier may raise it via rules. */
  readonly level: Level | null;
  readonly severity: Severity;
  readonly direction: Direction | null;
  /** Upper-case HTTP method and OpenAPI path template of the operation, null when none matched. */
  readonly method: string | null;
  readonly path: string | null;
  /** JSON pointer of what drifted (into the message for traffic, into the spec for spec changes). */
  readonly location: string;
  readonly message: string;
  readonly before: unknown;
  readonly after: unknown;
  /** How many times it was seen (traffic aggregates); 1 for spec changes. */
  readonly count: number;
  /** Field-level identity for churn %: `schema:<pointer>`, `param:<in>:<name>`, `header:<name>`, `status:<code>`. */
  readonly field: string | null;
  readonly syncCycleId?: string;
  readonly contractDiffId?: string;
}

/** `METHOD /template` as INTERFACES.md spells an operation. */
export function operationKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}

/** The default severity of a spec change, so severity thresholds and rules apply to every source alike. */
export const LEVEL_SEVERITY = {
  breaking: 'high',
  potentially_breaking: 'medium',
  non_breaking: 'low',
} as const satisfies Record<Level, Severity>;

export function changeToFinding(change: Change): Finding {
  const [method, ...rest] = change.operation?.split(' ') ?? [];
  return {
    source: 'spec',
    code: change.id,
    level: change.level,
    severity: LEVEL_SEVERITY[change.level],
    direction: directionOfCheck(change.id),
    method: method ?? null,
    path: rest.length > 0 ? rest.join(' ') : null,
    location: change.location.revision ?? change.location.base ?? '#',
    message: change.message,
    before: change.before,
    after: change.after,
    count: 1,
    field: change.location.base ?? change.location.revision,
  };
}

function directionOfCheck(id: string): Direction | null {
  if (id.startsWith('request-') || id.includes('-request-')) return 'request';
  if (id.startsWith('response-') || id.includes('-response-')) return 'response';
  return null;
}

/**
 * Fingerprint of a finding: scope, operation template, kind and location (PRODUCT.md "Budgets").
 * Stable across runs and processes; pure (no node:crypto in core).
 */
export function findingFingerprint(
  scope: string,
  f: Pick<Finding, 'method' | 'path' | 'code' | 'location'>,
): string {
  return stableHash([scope, f.method ?? '', f.path ?? '', f.code, f.location].join('\u0000'));
}

/** 64-bit FNV-1a over UTF-16 code units, as 16 hex digits. Used for identities, not for security. */
export function stableHash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 7), 0x01000193) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}
