// OpenAPI path templates (`/pets/{petId}`): structural identity and matching of concrete paths.
// Two templates are the same operation path when they differ only in parameter names (OAS 3.1 §4.8.8:
// "templated paths with the same hierarchy but different templated names MUST NOT exist").

export interface TemplateSegment {
  /** Literal pieces and parameter names, alternating, starting with a literal ('' when the segment starts with a parameter). */
  readonly literals: readonly string[];
  readonly params: readonly string[];
  /** For segments mixing literals and parameters (`{name}.{ext}`): earlier parameters take the longest match. */
  readonly pattern: RegExp | null;
}

export interface PathTemplate {
  readonly raw: string;
  /** Parameter names replaced by `{}`: the structural identity (`/pets/{}`). */
  readonly key: string;
  readonly segments: readonly TemplateSegment[];
  /** Parameter names in order of appearance. */
  readonly params: readonly string[];
}

const PARAM = /\{([^{}]*)\}/g;

export function parseTemplate(raw: string): PathTemplate {
  const trimmed = raw.length > 1 && raw.endsWith('/') ? raw.slice(0, -1) : raw;
  const params: string[] = [];
  const segments = trimmed
    .split('/')
    .slice(1)
    .map((seg) => {
      const literals: string[] = [];
      const names: string[] = [];
      let last = 0;
      for (const m of seg.matchAll(PARAM)) {
        literals.push(seg.slice(last, m.index));
        names.push(m[1]!);
        last = m.index + m[0].length;
      }
      literals.push(seg.slice(last));
      params.push(...names);
      const pattern =
        names.length === 0 ? null : new RegExp(`^${literals.map(escapeRegExp).join('(.+)')}$`, 's');
      return { literals, params: names, pattern };
    });
  return { raw, key: trimmed.replace(PARAM, '{}'), segments, params };
}

/** Same structural path, ignoring parameter names and one trailing slash. */
export function sameTemplate(a: string, b: string): boolean {
  return parseTemplate(a).key === parseTemplate(b).key;
}

/**
 * Matches a concrete, already percent-decoded-per-segment path against a template. Returns the raw
 * (still encoded) parameter values by name, or null. Literal segments must match exactly.
 */
export function matchTemplate(
  t: PathTemplate,
  pathSegments: readonly string[],
): Record<string, string> | null {
  if (pathSegments.length !== t.segments.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < t.segments.length; i++) {
    const seg = t.segments[i]!;
    const actual = pathSegments[i]!;
    if (seg.params.length === 0) {
      if (seg.literals[0] !== actual) return null;
      continue;
    }
    if (!matchSegment(seg, actual, out)) return null;
  }
  return out;
}

function matchSegment(seg: TemplateSegment, actual: string, out: Record<string, string>): boolean {
  if (seg.params.length === 1 && seg.literals[0] === '' && seg.literals[1] === '') {
    if (actual === '') return false;
    out[seg.params[0]!] = actual;
    return true;
  }
  const m = seg.pattern!.exec(actual);
  if (!m) return false;
  seg.params.forEach((name, i) => {
    out[name] = m[i + 1]!;
  });
  return true;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** How literal a template is: more literal segments first, so `/users/me` beats `/users/{id}`. */
export function specificity(t: PathTemplate): number {
  let score = 0;
  for (const s of t.segments)
    score = score * 4 + (s.params.length === 0 ? 2 : s.literals.some((l) => l) ? 1 : 0);
  return score;
}
