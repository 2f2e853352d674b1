// Resolving a concrete request path (`/api/users/42`) to its OpenAPI path template (`/api/users/{id}`), so
// endpoint budgets keyed by template apply to traffic. Literal segments beat parameters (OAS 3.1 §4.8.8).

function templatePattern(template: string): RegExp {
  const body = template
    .split(/(\{[^{}]*\})/)
    .map((part) => (/^\{[^{}]*\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}/?$`);
}

/** Whether a concrete path (or the template itself) is an instance of the template. */
export function matchesTemplate(template: string, path: string): boolean {
  return template === path || templatePattern(template).test(path);
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
  let best: string | null = null;
  for (const t of templates) {
    if (!matchesTemplate(t, path)) continue;
    if (best === null || compareSpecificity(t, best) < 0) best = t;
  }
  return best;
}

/** Negative when `a` is more specific than `b`. */
export function compareSpecificity(a: string, b: string): number {
  const [al, ac] = specificity(a);
  const [bl, bc] = specificity(b);
  return bl - al || bc - ac || (a < b ? -1 : a > b ? 1 : 0);
}
