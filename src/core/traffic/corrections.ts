// Evidence-backed corrections: from aggregated mismatches, RFC 6902 patches against the REAL spec document
// (the node the mismatch's specLocation names, i.e. the $ref'd component, never a copy under the path).
// Mismatches that mean the same edit are grouped; each group becomes one Correction with a confidence
// (corrections-confidence.ts). Patches are planned one after another against a working copy of the
// document, so the list applies cleanly in order (a second property added where `properties` was absent,
// a second required name removed at its new index). docs/corrections.md describes every kind.
import { operationKey } from '../findings.js';
import { type ApiDocument, deref, getAt, isRef, parsePointer } from '../openapi/index.js';
import { applyPatch } from '../spec-patch/apply-value.js';
import { patchPath } from '../spec-patch/pointer.js';
import { mismatchKey } from './aggregate.js';
import { correctionConfidence, Z_95 } from './corrections-confidence.js';
import { buildPatch, type Candidate, KIND_ORDER, type Planned } from './corrections-patches.js';
import { toSwagger2Patch } from './corrections-swagger2.js';
import type { AggregatedMismatch, Correction, CorrectionKind } from './mismatch.js';
import { REDACTED } from './redact.js';

type Obj = Record<string, unknown>;

export interface CorrectionOptions {
  /** Groups seen in fewer exchanges are not proposed. Default 1. */
  readonly minSupport?: number;
  /** Corrections below this confidence are not proposed. Default 0. */
  readonly minConfidence?: number;
  /**
   * Exchanges per operation (`GET /pets/{id}`), optionally per status (`GET /pets/{id} 200`, preferred
   * for response mismatches). Without it the relaxing kinds are judged on their support alone.
   */
  readonly totalExchangesPerOperation?: Readonly<Record<string, number>>;
  /** z of the Wilson bound. Default 1.96 (95%). */
  readonly z?: number;
}

export interface SkippedMismatch {
  readonly key: string;
  readonly reason: string;
}

export interface CorrectionReport {
  /** In application order: apply all of them, in order, to the analysed document. */
  readonly corrections: Correction[];
  /** Mismatches no correction is proposed for, and why. */
  readonly skipped: SkippedMismatch[];
}

/** The corrections alone (see planCorrections). */
export function proposeCorrections(
  spec: ApiDocument,
  mismatches: readonly AggregatedMismatch[],
  options: CorrectionOptions = {},
): Correction[] {
  return planCorrections(spec, mismatches, options).corrections;
}

export function planCorrections(
  spec: ApiDocument,
  mismatches: readonly AggregatedMismatch[],
  options: CorrectionOptions = {},
): CorrectionReport {
  const skipped: SkippedMismatch[] = [];
  const groups = new Map<string, Candidate>();
  for (const m of mismatches) {
    const found = classify(spec, m);
    if (typeof found === 'string') {
      skipped.push({ key: mismatchKey(m), reason: found });
      continue;
    }
    for (const c of Array.isArray(found) ? found : [found]) {
      const prior = groups.get(c.group);
      if (prior) {
        prior.members.push(m);
        prior.samples.push(...c.samples);
        prior.bodies.push(...c.bodies);
      } else groups.set(c.group, c);
    }
  }

  const minSupport = options.minSupport ?? 1;
  const minConfidence = options.minConfidence ?? 0;
  const scored: Planned[] = [];
  for (const c of groups.values()) {
    const support = supportOf(c.members);
    const confidence = correctionConfidence(c.kind, support, totalOf(c.members, options), options.z ?? Z_95);
    const keys = c.members.map(mismatchKey);
    if (support < minSupport) {
      for (const key of keys)
        skipped.push({ key, reason: `support ${support} is below the minimum ${minSupport}` });
    } else if (confidence < minConfidence) {
      for (const key of keys) {
        skipped.push({ key, reason: `confidence ${confidence} is below the minimum ${minConfidence}` });
      }
    } else scored.push({ ...c, support, confidence, keys });
  }
  // Deeper nodes first, so a correction that restructures a node (3.0 oneOf wrap) never strands a pointer
  // planned after it; then a fixed kind order per node; then the group key for determinism.
  scored.sort(
    (a, b) =>
      b.tokens.length - a.tokens.length ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      (a.group < b.group ? -1 : a.group > b.group ? 1 : 0),
  );

  const corrections: Correction[] = [];
  let working: unknown = spec.root;
  // A Swagger 2.0 document is planned on its 3.0 conversion and each patch carried back onto the 2.0
  // text (corrections-swagger2.ts); both working copies advance together, so the list applies in order.
  let source: unknown = spec.format === '2.0' ? spec.source : null;
  for (const c of scored) {
    const built = buildPatch(working, c, spec.dialect);
    if (typeof built === 'string') {
      for (const key of c.keys) skipped.push({ key, reason: built });
      continue;
    }
    let patch = built.patch;
    try {
      const next = applyPatch(working, built.patch);
      if (source !== null) {
        const mapped = toSwagger2Patch(source as Obj, working as Obj, built.patch);
        if (typeof mapped === 'string') {
          for (const key of c.keys) skipped.push({ key, reason: mapped });
          continue;
        }
        source = applyPatch(source, mapped);
        patch = mapped;
      }
      working = next;
    } catch (e) {
      for (const key of c.keys)
        skipped.push({ key, reason: `the planned patch does not apply: ${(e as Error).message}` });
      continue;
    }
    corrections.push({
      operation: operationOf(c.members),
      kind: c.kind,
      patch,
      confidence: c.confidence,
      support: c.support,
      reason: `${built.reason} (${evidence(c)})`,
      targets: c.keys,
    });
  }
  return { corrections, skipped };
}

/** Turns one mismatch into a candidate edit, or says why there is none. */
function classify(spec: ApiDocument, m: AggregatedMismatch): Candidate | Candidate[] | string {
  if (m.specLocation === null) return 'the mismatch names no spec location';
  const samples = (m.observedSamples ?? [m.observed]).filter((v) => v !== REDACTED);
  const bodies = m.bodySamples ?? (m.body ? [m.body] : []);
  const base = { members: [m], samples: [...samples], bodies: [...bodies] };
  const expected = isObj(m.expected) ? m.expected : null;
  const lastToken = lastTokenOf(m.location);

  switch (m.type) {
    case 'unexpected_field': {
      if (!m.location.startsWith('/body/')) return 'only undocumented body properties are added';
      if (expected && (expected.readOnly === true || expected.writeOnly === true)) {
        return 'a readOnly/writeOnly property sent in the wrong direction: the client or the flag is wrong, not the schema';
      }
      if (m.expected === false) return 'the schema allows no value here (false schema)';
      if (lastToken === undefined || lastToken === '*') return 'no property name in the location';
      return target(spec, m.specLocation, 'add_property', lastToken, base, { name: lastToken });
    }
    case 'missing_required_field': {
      if (m.location === '/body')
        return target(spec, m.specLocation, 'relax_required', 'body', base, { name: null });
      const name = expected && typeof expected.required === 'string' ? expected.required : lastToken;
      if (name === undefined) return 'no property name in the location';
      return target(spec, m.specLocation, 'relax_required', name, base, { name });
    }
    case 'type_mismatch':
    case 'nullability_violation':
      return typeCandidate(spec, m.specLocation, m, base);
    case 'enum_violation': {
      // Null and new values can hide behind one aggregated enum_violation: each gets its correction.
      const values = samples.filter((v) => v !== null);
      const out: Candidate[] = [];
      for (const [kind, wanted] of [
        ['add_nullable', samples.includes(null)],
        ['add_enum_value', values.length > 0],
      ] as const) {
        if (!wanted) continue;
        const c = target(
          spec,
          m.specLocation,
          kind,
          '',
          { ...base, samples: kind === 'add_nullable' ? [] : values },
          {},
        );
        if (typeof c === 'string') return c;
        out.push(c);
      }
      return out.length > 0 ? out : 'no usable observed value';
    }
    case 'format_mismatch':
      return target(spec, m.specLocation, 'relax_format', '', base, {});
    case 'constraint_violation': {
      const keyword = expected ? Object.keys(expected)[0] : undefined;
      if (keyword === undefined) return 'the violated constraint is not named';
      return target(spec, m.specLocation, 'relax_constraint', keyword, base, { keyword });
    }
    case 'undocumented_status': {
      if (typeof m.status !== 'number') return 'no status code';
      return target(spec, m.specLocation, 'add_response', String(m.status), base, { status: m.status }, true);
    }
    case 'undocumented_content_type': {
      if (typeof m.observed !== 'string' || m.observed === '') return 'no content type was sent';
      return target(spec, m.specLocation, 'add_media_type', m.observed, base, { media: m.observed });
    }
    case 'query_param_mismatch':
    case 'header_mismatch':
    case 'path_param_mismatch':
      return parameterCandidate(spec, m, base, expected, lastToken);
    default:
      return `no correction is proposed for ${m.type}`;
  }
}

/** Null among the observed types → add_nullable; other types → widen_type (both when both were seen). */
function typeCandidate(
  spec: ApiDocument,
  loc: string,
  m: AggregatedMismatch,
  base: CandidateBase,
): Candidate | Candidate[] | string {
  const types = [
    ...new Set(
      base.samples
        .map((v) => (isObj(v) && typeof v.type === 'string' ? v.type : null))
        .filter((t): t is string => t !== null),
    ),
  ];
  if (m.type === 'nullability_violation' && !types.includes('null')) types.push('null');
  if (types.length === 0) return 'the observed type is unknown';
  const out: Candidate[] = [];
  if (types.includes('null')) {
    const c = target(spec, loc, 'add_nullable', '', { ...base, samples: [] }, {});
    if (typeof c === 'string') return c;
    out.push(c);
  }
  const others = types.filter((t) => t !== 'null');
  if (others.length > 0) {
    const c = target(spec, loc, 'widen_type', '', { ...base, samples: others }, {});
    if (typeof c === 'string') return c;
    out.push(c);
  }
  return out;
}

function parameterCandidate(
  spec: ApiDocument,
  m: AggregatedMismatch,
  base: CandidateBase,
  expected: Obj | null,
  lastToken: string | undefined,
): Candidate | Candidate[] | string {
  const loc = m.specLocation!;
  if (m.expected === null) {
    if (!m.location.startsWith('/query/') || lastToken === undefined)
      return 'only undocumented query parameters are added';
    return target(spec, loc, 'add_parameter', `query:${lastToken}`, base, { name: lastToken }, true);
  }
  if (!expected) return `no correction is proposed for this ${m.type}`;
  if (expected.required === true && m.observed === null) {
    return target(spec, loc, 'relax_required', 'parameter', base, { name: null });
  }
  // Other parameter and header findings are about the value: the correction goes to its schema.
  const schemaLoc = `${loc}/schema`;
  if ('type' in expected) return typeCandidate(spec, schemaLoc, m, base);
  if ('enum' in expected) return target(spec, schemaLoc, 'add_enum_value', '', base, {});
  if ('format' in expected) return target(spec, schemaLoc, 'relax_format', '', base, {});
  const keyword = Object.keys(expected)[0];
  if (keyword === undefined) return `no correction is proposed for this ${m.type}`;
  return target(spec, schemaLoc, 'relax_constraint', keyword, base, { keyword });
}

type CandidateBase = Pick<Candidate, 'members' | 'samples' | 'bodies'>;

/**
 * Resolves the spec location to a node of the analysed document (following a $ref to its target) and
 * builds the candidate. `mayBeAbsent`: the node may not exist yet (an operation's `parameters`).
 */
function target(
  spec: ApiDocument,
  loc: string,
  kind: CorrectionKind,
  detail: string,
  base: CandidateBase,
  extra: Candidate['extra'],
  mayBeAbsent = false,
): Candidate | string {
  const hash = loc.indexOf('#');
  const uri = hash <= 0 ? spec.uri : loc.slice(0, hash);
  if (uri !== spec.uri) {
    return `the spec node lives in another document (${uri}); corrections only patch the analysed document`;
  }
  const pointer = hash < 0 ? `#${loc}` : loc.slice(hash);
  let raw: string[];
  try {
    raw = parsePointer(pointer);
  } catch {
    return `'${loc}' is not a JSON pointer`;
  }
  const resolved = resolveTokens(spec, raw);
  if (typeof resolved === 'string') return resolved;
  const tokens = resolved;
  if (getAt(spec.root, tokens) === undefined && !mayBeAbsent)
    return `nothing at ${pointer} in the analysed document`;
  return {
    kind,
    tokens,
    group: `${kind}\u0000${patchPath(tokens)}\u0000${detail}`,
    extra,
    ...base,
  };
}

/**
 * Tokens of the real node: every $ref met on the way (and at the end) is followed to its target, which
 * must be in the analysed document.
 */
function resolveTokens(spec: ApiDocument, raw: readonly string[]): string[] | string {
  let cur: string[] = [];
  const follow = (): string | undefined => {
    const node = getAt(spec.root, cur);
    if (!isRef(node)) return undefined;
    try {
      const located = deref(spec.documents, { value: node, uri: spec.uri, pointer: `#${patchPath(cur)}` });
      if (located.uri !== spec.uri) {
        return `the spec node lives in another document (${located.uri}); corrections only patch the analysed document`;
      }
      cur = parsePointer(located.pointer);
      return undefined;
    } catch (e) {
      return `cannot resolve the $ref at #${patchPath(cur)}: ${(e as Error).message}`;
    }
  };
  for (const t of raw) {
    const err = follow();
    if (err) return err;
    cur.push(t);
  }
  return follow() ?? cur;
}

/**
 * Exchanges behind a group: the largest count per operation and status (one exchange can show the same
 * edit at several message locations), summed over operations and statuses (distinct exchanges).
 */
function supportOf(members: readonly AggregatedMismatch[]): number {
  const best = new Map<string, number>();
  for (const m of members) {
    const k = `${m.method} ${m.path} ${m.status}`;
    best.set(k, Math.max(best.get(k) ?? 0, m.count));
  }
  let sum = 0;
  for (const v of best.values()) sum += v;
  return sum;
}

function totalOf(members: readonly AggregatedMismatch[], options: CorrectionOptions): number | undefined {
  const totals = options.totalExchangesPerOperation;
  if (!totals) return undefined;
  const seen = new Set<string>();
  let sum = 0;
  for (const m of members) {
    if (m.method === null || m.path === null) return undefined;
    const op = operationKey(m.method, m.path);
    const withStatus = m.status === null ? undefined : totals[`${op} ${m.status}`];
    const key = withStatus === undefined ? op : `${op} ${m.status}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const n = withStatus ?? totals[op];
    if (n === undefined) return undefined;
    sum += n;
  }
  return sum;
}

function operationOf(members: readonly AggregatedMismatch[]): string | null {
  const m = members.find((x) => x.method !== null && x.path !== null);
  return m ? operationKey(m.method!, m.path!) : null;
}

function evidence(c: Planned): string {
  const ops = [...new Set(c.members.map((m) => (m.method && m.path ? operationKey(m.method, m.path) : '?')))];
  const where = ops.length === 1 ? ops[0] : `${ops[0]} and ${ops.length - 1} more operation(s)`;
  return `seen in ${c.support} exchange(s) of ${where}`;
}

function lastTokenOf(location: string): string | undefined {
  const i = location.lastIndexOf('/');
  if (i < 0) return undefined;
  return location
    .slice(i + 1)
    .replace(/~1/g, '/')
    .replace(/~0/g, '~');
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
