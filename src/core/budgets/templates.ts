// Resolving a concrete request path (`/api/users/42`) to its OpenAPI path template (`/api/users/{id}`), so
// endpoint budgets keyed by template apply to traffic. Literal segments beat parameters (OAS 3.1 §4.8.8).

/** One path segment: a literal, or a pattern when it holds `{param}`s (`{name}.{ext}`). */
type Segment = string | RegExp;

interface Compiled {
  readonly template: string;
  readonly segments: readonly Segment[];
}

/** Templates bucketed by segment count, then by first literal segment (params-first ones apart). */
interface Index {
  readonly bySize: Map<
    number,
    { readonly byFirst: Map<string, Compiled[]>; readonly paramFirst: Compiled[] }
  >;
}

function splitPath(path: string): string[] {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.split('/').slice(1);
}

function compileSegment(segment: string): Segment {
  if (!segment.includes('{')) return segment;
  const body = segment
    .split(/(\{[^{}]*\})/)
    .map((part) => (/^\{[^{}]*\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

function compile(template: string): Compiled {
  return { template, segments: splitPath(template).map(compileSegment) };
}

function segmentsMatch(c: Compiled, parts: readonly string[]): boolean {
  if (c.segments.length !== parts.length) return false;
  for (let i = 0; i < parts.length; i++) {
    const s = c.segments[i] as Segment;
    const p = parts[i] as string;
    if (typeof s === 'string' ? s !== p : !s.test(p)) return false;
  }
  return true;
}

// Indexes and compiled templates, memoized: a traffic run resolves many paths against one template list.
const indexes = new WeakMap<readonly string[], Index>();
const singles = new Map<string, Compiled>();

function indexOf(templates: readonly string[]): Index {
  const cached = indexes.get(templates);
  if (cached) return cached;
  const index: Index = { bySize: new Map() };
  for (const t of templates) {
    const c = compile(t);
    let bucket = index.bySize.get(c.segments.length);
    if (!bucket) {
      bucket = { byFirst: new Map(), paramFirst: [] };
      index.bySize.set(c.segments.length, bucket);
    }
    const first = c.segments[0];
    if (typeof first === 'string') bucket.byFirst.set(first, [...(bucket.byFirst.get(first) ?? []), c]);
    else bucket.paramFirst.push(c);
  }
  indexes.set(templates, index);
  return index;
}

/** Whether a concrete path (or the template itself) is an instance of the template. */
export function matchesTemplate(template: string, path: string): boolean {
  if (template === path) return true;
  let c = singles.get(template);
  if (!c) {
    if (singles.size >= 10_000) singles.clear();
    c = compile(template);
    singles.set(template, c);
  }
  return segmentsMatch(c, splitPath(path));
}

/** Higher is more specific: literal segments first, then literal characters. */
function specificity(template: string): [number, number] {
  const segments = template.split('/').filter((s) => s !== '');
  return [segments.filter((s) => !s.includes('{')).length, template.replace(/\{[^{}]*\}/g, '').length];
}

/**
 * The template among `templates` that `path` is an instance of: `path` itself when it is one of them,
 * else the most specific match (ties: the lexicographically first, so the answer is deterministic); null when none.
 */
export function resolvePathTemplate(path: string, templates: readonly string[]): string | null {
  if (templates.includes(path)) return path;
  const parts = splitPath(path);
  const bucket = indexOf(templates).bySize.get(parts.length);
  if (!bucket) return null;
  let best: string | null = null;
  for (const c of [...(bucket.byFirst.get(parts[0] ?? '') ?? []), ...bucket.paramFirst]) {
    if (!segmentsMatch(c, parts)) continue;
    if (best === null || compareSpecificity(c.template, best) < 0) best = c.template;
  }
  return best;
}

/** Negative when `a` is more specific than `b`. */
export function compareSpecificity(a: string, b: string): number {
  const [al, ac] = specificity(a);
  const [bl, bc] = specificity(b);
  return bl - al || bc - ac || (a < b ? -1 : a > b ? 1 : 0);
}
