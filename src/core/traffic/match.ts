// Operation matching: which operation of the contract an exchange is for. Server base paths are stripped,
// trailing slashes and percent-encoding normalised, the method compared case-insensitively; among templates
// that match, those whose typed path parameters accept the values win, then the most literal one
// (`/users/me` over `/users/{id}`). HEAD falls back to GET when no HEAD is declared (RFC 9110 §9.3.2);
// an undeclared OPTIONS on a known path is a CORS preflight and is skipped, not reported.
import type { ApiDocument, Operation, PathTemplate } from '../openapi/index.js';
import { deref, matchTemplate, specificity, typeFacts } from '../openapi/index.js';
import { safeDecode } from './message.js';
import { basePaths } from './servers.js';

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
  | { readonly kind: 'unknown_endpoint'; readonly path: string; readonly closest: Operation | null }
  | {
      readonly kind: 'method_not_allowed';
      readonly path: string;
      /** The template that matched the path. */
      readonly template: string;
      readonly allowed: readonly string[];
      readonly closest: Operation | null;
    };

interface TemplateGroup {
  readonly template: PathTemplate;
  readonly specificity: number;
  readonly byMethod: Map<string, Operation>;
  /** Per path parameter: whether a (decoded) value fits its declared type/enum. */
  readonly accepts: Map<string, (value: string) => boolean>;
}

export interface OperationIndex {
  readonly spec: ApiDocument;
  readonly bases: readonly string[];
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
  for (const op of spec.operations) {
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
    bases: basePaths(spec),
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

/** Paths to try: each base path stripped (longest first), then the path as it is. */
function strippedPaths(index: OperationIndex, raw: string): string[] {
  const out: string[] = [];
  for (const base of index.bases) {
    if (raw === base || raw === `${base}/`) out.push('/');
    else if (raw.startsWith(`${base}/`)) out.push(raw.slice(base.length));
  }
  out.push(raw);
  return out;
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
  for (const path of paths) {
    const cands = candidates(index, pathSegments(path));
    for (const c of cands) {
      const op = pick(c.group, m);
      if (op) return { kind: 'matched', operation: op, pathParams: c.params, path };
    }
    const best = cands[0];
    if (best && notAllowed === null) {
      notAllowed =
        m === 'OPTIONS'
          ? { kind: 'skipped', reason: 'options_preflight', path }
          : {
              kind: 'method_not_allowed',
              path,
              template: best.group.template.raw,
              allowed: [...best.group.byMethod.keys()].sort(),
              closest: [...best.group.byMethod.values()][0] ?? null,
            };
    }
  }
  if (notAllowed) return notAllowed;
  const path = paths[0] ?? rawPath;
  return { kind: 'unknown_endpoint', path, closest: closestOperation(index, pathSegments(path), m) };
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
