// Operation matching: which operation of the contract an exchange is for. Server base paths are stripped
// (a base path only counts for the operations its servers serve: a path item's or operation's own
// `servers` replace the document's), trailing slashes and percent-encoding normalised, the method compared case-insensitively; among templates
// that match, those whose typed path parameters accept the values win, then the most literal one
// (`/users/me` over `/users/{id}`). HEAD falls back to GET when no HEAD is declared (RFC 9110 §9.3.2);
// an undeclared OPTIONS on a known path is a CORS preflight and is skipped, not reported.
import type { ApiDocument, Operation, PathTemplate } from '../openapi/index.js';
import { deref, matchTemplate, specificity, typeFacts } from '../openapi/index.js';
import { safeDecode } from './message.js';
import { basePaths, effectiveServers, longestFirst } from './servers.js';

type Obj = Record<string, unknown>;

export type MatchResult =
  | {
      readonly kind: 'matched';
      readonly operation: Operation;
      /** Decoded path parameter values by name. */
      readonly pathParams: Readonly<Record<string, string>>;
      /** The path after the server base path was stripped. */
      readonly path: string;
    }
  | { readonly kind: 'skipped'; readonly reason: 'options_preflight'; readonly path: string }
  | {
      readonly kind: 'unknown_endpoint';
      readonly path: string;
      readonly closest: Operation | null;
      /** A template matched once a base path was stripped, but its operations are served under others. */
      readonly otherBase: OtherBase | null;
    }
  | {
      readonly kind: 'method_not_allowed';
      readonly path: string;
      /** The template that matched the path. */
      readonly template: string;
      readonly allowed: readonly string[];
      readonly closest: Operation | null;
      /** The method is documented for the template, but served under other base paths. */
      readonly otherBase: OtherBase | null;
    };

export interface OtherBase {
  readonly template: string;
  /** The base path the request used. */
  readonly base: string;
  /** The base paths the template's operations (or the method's) are served under. */
  readonly servedUnder: readonly string[];
}

interface TemplateGroup {
  readonly template: PathTemplate;
  readonly specificity: number;
  readonly byMethod: Map<string, Operation>;
  /** Per path parameter: whether a (decoded) value fits its declared type/enum. */
  readonly accepts: Map<string, (value: string) => boolean>;
}

export interface OperationIndex {
  readonly spec: ApiDocument;
  /** Every server base path of the document, its path items and operations, longest first. */
  readonly bases: readonly string[];
  /** The base paths each operation is served under (its effective servers'). */
  readonly basesOf: ReadonlyMap<Operation, ReadonlySet<string>>;
  readonly bySegments: ReadonlyMap<number, readonly TemplateGroup[]>;
  readonly groups: readonly TemplateGroup[];
  readonly trie: TrieNode;
  /** Templates whose last segment is one parameter, longest first (the multi-segment fallback). */
  readonly greedy: readonly TemplateGroup[];
  /**
   * Results by `METHOD raw-path`: traffic repeats its request lines (list endpoints, polling, the same
   * resource fetched again), and a result depends on nothing else. Bounded: emptied when full.
   */
  readonly recent: Map<string, MatchResult>;
}

const RECENT_MATCHES = 8192;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function acceptor(spec: ApiDocument, op: Operation, name: string): ((v: string) => boolean) | null {
  const p = op.parameters.find((x) => x.in === 'path' && x.name === name);
  const raw = p?.node.value.schema;
  if (!p || !isObj(raw)) return null;
  const schema = deref<Obj>(spec.documents, {
    value: raw,
    uri: p.node.uri,
    pointer: `${p.node.pointer}/schema`,
  }).value;
  const { types } = typeFacts(schema);
  const enumValues = Array.isArray(schema.enum) ? schema.enum.map(String) : null;
  const numeric = types.length > 0 && types.every((t) => t === 'integer' || t === 'number');
  const integer = types.length === 1 && types[0] === 'integer';
  if (!numeric && !enumValues) return null;
  return (v) => {
    if (enumValues && !enumValues.includes(v)) return false;
    if (numeric) return integer ? /^-?\d+$/.test(v) : v.trim() !== '' && Number.isFinite(Number(v));
    return true;
  };
}

export function buildOperationIndex(spec: ApiDocument): OperationIndex {
  const byKey = new Map<string, TemplateGroup>();
  const rootBases = new Set(basePaths(spec.root.servers));
  const allBases = new Set(rootBases);
  const basesOf = new Map<Operation, ReadonlySet<string>>();
  for (const op of spec.operations) {
    const servers = effectiveServers(spec.root, op.pathItem.value, op.node);
    if (servers === spec.root.servers) basesOf.set(op, rootBases);
    else {
      const own = new Set(basePaths(servers));
      for (const b of own) allBases.add(b);
      basesOf.set(op, own);
    }
    let g = byKey.get(op.template.key);
    if (!g) {
      g = {
        template: op.template,
        specificity: specificity(op.template),
        byMethod: new Map(),
        accepts: new Map(),
      };
      byKey.set(op.template.key, g);
    }
    g.byMethod.set(op.method.toUpperCase(), op);
    for (const name of op.template.params) {
      if (g.accepts.has(name)) continue;
      const a = acceptor(spec, op, name);
      if (a) g.accepts.set(name, a);
    }
  }
  const groups = [...byKey.values()];
  const bySegments = new Map<number, TemplateGroup[]>();
  for (const g of groups) {
    const n = g.template.segments.length;
    const list = bySegments.get(n) ?? [];
    list.push(g);
    bySegments.set(n, list);
  }
  for (const list of bySegments.values()) list.sort((a, b) => b.specificity - a.specificity);
  const greedy = groups
    .filter((g) => {
      const last = g.template.segments[g.template.segments.length - 1];
      if (last === undefined || last.params.length !== 1 || !last.literals.every((l) => l === ''))
        return false;
      const name = last.params[0]!;
      return [...g.byMethod.values()].some((op) =>
        op.parameters.some(
          (p) => p.in === 'path' && p.name === name && p.node.value['x-multi-segment'] === true,
        ),
      );
    })
    .sort((a, b) => b.template.segments.length - a.template.segments.length || b.specificity - a.specificity);
  return {
    spec,
    bases: longestFirst(allBases),
    basesOf,
    bySegments,
    groups,
    greedy,
    trie: buildTrie(groups),
    recent: new Map(),
  };
}

/** Decoded segments of a path; one trailing slash is not significant. */
export function pathSegments(path: string): string[] {
  const p = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  if (p === '/' || p === '') return [''];
  return p.slice(1).split('/').map(safeDecode);
}

interface Candidate {
  readonly group: TemplateGroup;
  readonly params: Record<string, string>;
  readonly fits: boolean;
}

/**
 * Templates ending in a whole-segment parameter marked `x-multi-segment: true` (GitHub's extension), matched
 * with that parameter taking the rest of the path (`/git/refs/{ref}` for `/git/refs/heads/main`). OpenAPI
 * path parameters are one segment, so this is only a fallback when nothing matches strictly.
 */
function greedyCandidates(index: OperationIndex, segs: readonly string[]): Candidate[] {
  const out: Candidate[] = [];
  for (const group of index.greedy) {
    const n = group.template.segments.length;
    if (segs.length <= n) continue;
    const joined = [...segs.slice(0, n - 1), segs.slice(n - 1).join('/')];
    const params = matchTemplate(group.template, joined);
    if (params) out.push({ group, params, fits: true });
  }
  return out;
}

/** Segment trie over the templates: literal segments by value, any segment holding a parameter as one slot. */
interface TrieNode {
  readonly literal: Map<string, TrieNode>;
  param: TrieNode | null;
  readonly groups: TemplateGroup[];
}

function trieNode(): TrieNode {
  return { literal: new Map(), param: null, groups: [] };
}

function buildTrie(groups: readonly TemplateGroup[]): TrieNode {
  const root = trieNode();
  for (const g of groups) {
    let node = root;
    for (const seg of g.template.segments) {
      if (seg.params.length === 0) {
        const lit = seg.literals[0] ?? '';
        let next = node.literal.get(lit);
        if (!next) {
          next = trieNode();
          node.literal.set(lit, next);
        }
        node = next;
      } else {
        node.param ??= trieNode();
        node = node.param;
      }
    }
    node.groups.push(g);
  }
  return root;
}

/** Templates whose structure can match the segments, most specific first. */
function lookup(root: TrieNode, segs: readonly string[]): TemplateGroup[] {
  const found: TemplateGroup[] = [];
  const walk = (node: TrieNode, i: number): void => {
    if (i === segs.length) {
      found.push(...node.groups);
      return;
    }
    const lit = node.literal.get(segs[i]!);
    if (lit) walk(lit, i + 1);
    if (node.param && segs[i] !== '') walk(node.param, i + 1);
  };
  walk(root, 0);
  return found.length > 1 ? found.sort((a, b) => b.specificity - a.specificity) : found;
}

function candidates(index: OperationIndex, segs: readonly string[]): Candidate[] {
  const out: Candidate[] = [];
  for (const group of lookup(index.trie, segs)) {
    const params = matchTemplate(group.template, segs);
    if (!params) continue;
    let fits = true;
    for (const [name, accept] of group.accepts) {
      const v = params[name];
      if (v !== undefined && !accept(v)) {
        fits = false;
        break;
      }
    }
    out.push({ group, params, fits });
  }
  if (out.length === 0) return greedyCandidates(index, segs);
  // Already ordered by specificity. Templates whose typed parameters reject the values (`{id}` integer for
  // `me`) only count when no template accepts them; then validation reports the parameter.
  const fitting = out.filter((c) => c.fits);
  return fitting.length > 0 ? fitting : out;
}

function pick(group: TemplateGroup, method: string): Operation | undefined {
  return group.byMethod.get(method) ?? (method === 'HEAD' ? group.byMethod.get('GET') : undefined);
}

/**
 * Paths to try: each base path stripped (longest first, with the base it lost), then the path as it is
 * (base null: traffic recorded without its base path still matches, as it always has).
 */
function strippedPaths(index: OperationIndex, raw: string): { path: string; base: string | null }[] {
  const out: { path: string; base: string | null }[] = [];
  for (const base of index.bases) {
    if (raw === base || raw === `${base}/`) out.push({ path: '/', base });
    else if (raw.startsWith(`${base}/`)) out.push({ path: raw.slice(base.length), base });
  }
  out.push({ path: raw, base: null });
  return out;
}

/** Whether the operation is served under the base path that was stripped (any, when none was). */
function servedUnder(index: OperationIndex, op: Operation, base: string | null): boolean {
  return base === null || index.basesOf.get(op)?.has(base) === true;
}

export function matchExchangePath(index: OperationIndex, method: string, rawPath: string): MatchResult {
  const key = `${method} ${rawPath}`;
  let result = index.recent.get(key);
  if (result === undefined) {
    result = matchUncached(index, method, rawPath);
    if (index.recent.size >= RECENT_MATCHES) index.recent.clear();
    index.recent.set(key, result);
  }
  return result;
}

function matchUncached(index: OperationIndex, method: string, rawPath: string): MatchResult {
  const m = method.toUpperCase();
  const paths = strippedPaths(index, rawPath);
  let notAllowed: MatchResult | null = null;
  let elsewhere: OtherBase | null = null;
  const other = (template: string, base: string | null, ops: Iterable<Operation>): OtherBase | null => {
    if (base === null) return null;
    const bases = new Set<string>();
    for (const op of ops) for (const b of index.basesOf.get(op) ?? []) bases.add(b);
    return { template, base, servedUnder: longestFirst(bases) };
  };
  for (const { path, base } of paths) {
    for (const c of candidates(index, pathSegments(path))) {
      // The methods of this template served under the stripped base (an operation with servers of its own
      // is not reached through another operation's base path).
      const served = [...c.group.byMethod].filter(([, op]) => servedUnder(index, op, base));
      if (served.length === 0) {
        elsewhere ??= other(c.group.template.raw, base, c.group.byMethod.values());
        continue;
      }
      const op = pick(c.group, m);
      if (op && servedUnder(index, op, base))
        return { kind: 'matched', operation: op, pathParams: c.params, path };
      if (notAllowed === null) {
        notAllowed =
          m === 'OPTIONS'
            ? { kind: 'skipped', reason: 'options_preflight', path }
            : {
                kind: 'method_not_allowed',
                path,
                template: c.group.template.raw,
                allowed: served.map(([method]) => method).sort(),
                closest: op ?? served[0]?.[1] ?? null,
                otherBase: op ? other(c.group.template.raw, base, [op]) : null,
              };
      }
    }
  }
  if (notAllowed) return notAllowed;
  // Reported as received when the only templates it matched are served under other base paths.
  const path = elsewhere ? rawPath : (paths[0]?.path ?? rawPath);
  return {
    kind: 'unknown_endpoint',
    path,
    closest: closestOperation(index, pathSegments(paths[0]?.path ?? rawPath), m),
    otherBase: elsewhere,
  };
}

/** The operation whose template shares the most leading structure with the path (a hint, not a match). */
export function closestOperation(
  index: OperationIndex,
  segs: readonly string[],
  method: string,
): Operation | null {
  let best: TemplateGroup | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const g of index.groups) {
    const t = g.template.segments;
    let score = -2 * Math.abs(t.length - segs.length);
    const n = Math.min(t.length, segs.length);
    for (let i = 0; i < n; i++) {
      const s = t[i]!;
      if (s.params.length === 0) {
        score += s.literals[0] === segs[i] ? 3 : -1;
      } else score += 1;
    }
    if (pick(g, method)) score += 1;
    if (score > bestScore) {
      bestScore = score;
      best = g;
    }
  }
  if (!best) return null;
  return pick(best, method) ?? [...best.byMethod.values()][0] ?? null;
}
