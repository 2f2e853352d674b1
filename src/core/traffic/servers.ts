// Base paths a spec's `servers` put in front of its path templates (OAS 3.1 §4.8.5: "path is appended to
// the URL from the Server Object"). Every server entry counts, absolute or relative, with each server
// variable expanded to its default and its enum values; a path item's or operation's own `servers`
// replace the document's for that path or operation.

type Obj = Record<string, unknown>;
const MAX_EXPANSIONS = 64;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function expand(url: string, variables: Obj): string[] {
  let out = [url];
  for (const [name, raw] of Object.entries(variables)) {
    if (!isObj(raw)) continue;
    const values = new Set<string>();
    if (raw.default !== undefined) values.add(String(raw.default));
    if (Array.isArray(raw.enum)) for (const v of raw.enum) values.add(String(v));
    if (values.size === 0) continue;
    const next: string[] = [];
    for (const u of out) for (const v of values) next.push(u.split(`{${name}}`).join(v));
    out = next.slice(0, MAX_EXPANSIONS);
  }
  return out;
}

/** The path part of a server url: `https://h/v1/` → `/v1`, `/api` → `/api`, `https://h` → ''. */
export function serverBasePath(url: string): string {
  let path = url;
  const scheme = /^([a-z][a-z0-9+.-]*:)?\/\//i.exec(path);
  if (scheme) {
    const slash = path.indexOf('/', scheme[0].length);
    path = slash < 0 ? '' : path.slice(slash);
  }
  const q = path.search(/[?#]/);
  if (q >= 0) path = path.slice(0, q);
  if (path !== '' && !path.startsWith('/')) path = `/${path}`;
  while (path.endsWith('/')) path = path.slice(0, -1);
  return path;
}

/** Distinct non-empty base paths of a `servers` array, longest first (so `/api/v2` is stripped before `/api`). */
export function basePaths(servers: unknown): string[] {
  const out = new Set<string>();
  for (const s of Array.isArray(servers) ? servers : []) {
    if (!isObj(s) || typeof s.url !== 'string') continue;
    for (const u of expand(s.url, isObj(s.variables) ? s.variables : {})) {
      const p = serverBasePath(u);
      if (p !== '' && !p.includes('{')) out.add(p);
    }
  }
  return longestFirst(out);
}

export function longestFirst(paths: Iterable<string>): string[] {
  return [...paths].sort((a, b) => b.length - a.length || a.localeCompare(b));
}

/**
 * The servers that serve an operation (OAS 3.x §4.8.9/§4.8.10): its own `servers`, else its path item's,
 * else the document's. An empty array counts as absent.
 */
export function effectiveServers(root: Obj, pathItem: Obj, operation: Obj): unknown {
  for (const servers of [operation.servers, pathItem.servers])
    if (Array.isArray(servers) && servers.length > 0) return servers;
  return root.servers;
}
