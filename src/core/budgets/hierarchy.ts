// Budget resolution: most specific wins, field by field (PRODUCT.md "Hierarchy"): endpoint > tag > service
// > workspace > default > built-in. Entries with `enabled: false` are skipped as if absent. The answer
// explains itself: which entry provided each field, and every entry that matched (applied or skipped).
import { operationKey } from '../findings.js';
import { budgetId, formatEndpointKey, parseEndpointKey } from './ids.js';
import { compareSpecificity, matchesTemplate, resolvePathTemplate } from './templates.js';
import {
  BUDGET_FIELDS,
  BUILTIN_BUDGET,
  type Budget,
  type BudgetField,
  type BudgetLevel,
  type BudgetSet,
  type EffectiveBudget,
} from './types.js';

/** What a budget is looked up for: one operation in a workspace/service. Every part optional. */
export interface BudgetQuery {
  readonly workspace?: string | null | undefined;
  readonly service?: string | null | undefined;
  /** The matched operation's OpenAPI tags, in document order. */
  readonly tags?: readonly string[] | undefined;
  readonly method?: string | null | undefined;
  /** An OpenAPI path template, or a concrete request path (resolved through `templates`). */
  readonly path?: string | null | undefined;
  /** The spec's path templates, to resolve a concrete `path` to its template. */
  readonly templates?: readonly string[] | undefined;
}

export type ResolvedLevel = BudgetLevel | 'builtin';

export interface ChainLink {
  readonly level: ResolvedLevel;
  readonly budget_id: string;
  readonly key: string | null;
  /** `applied`: in the chain; `disabled`: matched but `enabled: false`, skipped; `shadowed`: another tag/endpoint entry won. */
  readonly status: 'applied' | 'disabled' | 'shadowed';
  /** The fields this link provided to the effective budget. */
  readonly fields: readonly BudgetField[];
}

export interface FieldSource {
  readonly level: ResolvedLevel;
  readonly budget_id: string;
}

export interface BudgetResolution {
  /** Id of the most specific applied budget (`builtin` when none applied). */
  readonly id: string;
  readonly level: ResolvedLevel;
  /** False when `drift_budget.enabled` is false or no enabled budget matched and the default is disabled. */
  readonly enabled: boolean;
  readonly disabled_reason: 'master_switch_off' | 'no_enabled_budget' | null;
  /** `METHOD /template` the lookup resolved to, null without method and path. */
  readonly operation: string | null;
  readonly effective: EffectiveBudget;
  readonly sources: Readonly<Record<BudgetField, FieldSource>>;
  /** Every matching entry, most specific first, ending with the built-in defaults. */
  readonly chain: readonly ChainLink[];
}

export const BUILTIN_ID = 'builtin';

/** Stored (API-created) budgets replace config budgets at the same level and key; the rest are added. */
export function mergeBudgetSets(config: BudgetSet, stored: readonly Budget[]): BudgetSet {
  const slot = (b: Budget) => `${b.workspace ?? ''}|${budgetId(b.level, b.key)}`;
  const replaced = new Set(stored.map(slot));
  return {
    enabled: config.enabled,
    budgets: [...config.budgets.filter((b) => !replaced.has(slot(b))), ...stored],
  };
}

/** Resolves the effective budget for one operation. Pure; deterministic for a given set and query. */
export function lookupBudget(set: BudgetSet, query: BudgetQuery): BudgetResolution {
  const method = query.method ? query.method.toUpperCase() : null;
  // Workspace-bound budgets of other workspaces do not exist for this query; bound ones sort first.
  const usable = set.budgets
    .filter((b) => !b.workspace || b.workspace === query.workspace)
    .sort((x, y) => (x.workspace ? 0 : 1) - (y.workspace ? 0 : 1));
  const endpointBudgets = usable.filter((b) => b.level === 'endpoint');
  const path = resolveQueryPath(query, endpointBudgets);
  const candidates: { link: Omit<ChainLink, 'fields'>; budget: Budget }[] = [];

  // Endpoint: method-specific keys before method-less ones, then the most specific template.
  const endpoints = endpointBudgets
    .map((b) => ({ b, k: parseEndpointKey(b.key ?? '') }))
    .filter(({ k }) => k !== null && path !== null && (k.method === null || k.method === method))
    .filter(({ k }) => matchesTemplate(k!.path, path!))
    .sort(
      (x, y) => (x.k!.method ? 0 : 1) - (y.k!.method ? 0 : 1) || compareSpecificity(x.k!.path, y.k!.path),
    );
  pushFirstEnabled(
    candidates,
    endpoints.map((e) => e.b),
  );

  // Tag: the operation's tags in document order; the first tag with an enabled budget is the tag level.
  const tagBudgets = (query.tags ?? []).flatMap((t) =>
    usable.filter((b) => b.level === 'tag' && b.key === t),
  );
  pushFirstEnabled(candidates, tagBudgets);

  for (const [level, key] of [
    ['service', query.service],
    ['workspace', query.workspace],
  ] as const) {
    if (!key) continue;
    pushFirstEnabled(
      candidates,
      usable.filter((b) => b.level === level && b.key === key),
    );
  }
  pushFirstEnabled(
    candidates,
    usable.filter((b) => b.level === 'default'),
  );

  const provided = new Map<string, BudgetField[]>();
  const sources = {} as Record<BudgetField, FieldSource>;
  const effective: Record<string, unknown> = {};
  for (const field of BUDGET_FIELDS) {
    const from = candidates.find((c) => c.link.status === 'applied' && c.budget[field] !== undefined);
    if (from) {
      effective[field] = from.budget[field];
      sources[field] = { level: from.link.level, budget_id: from.link.budget_id };
      provided.set(from.link.budget_id, [...(provided.get(from.link.budget_id) ?? []), field]);
    } else {
      effective[field] = BUILTIN_BUDGET[field];
      sources[field] = { level: 'builtin', budget_id: BUILTIN_ID };
      provided.set(BUILTIN_ID, [...(provided.get(BUILTIN_ID) ?? []), field]);
    }
  }

  const chain: ChainLink[] = [
    ...candidates.map((c) => ({ ...c.link, fields: provided.get(c.link.budget_id) ?? [] })),
    {
      level: 'builtin',
      budget_id: BUILTIN_ID,
      key: null,
      status: 'applied',
      fields: provided.get(BUILTIN_ID) ?? [],
    },
  ];
  const top = candidates.find((c) => c.link.status === 'applied');
  // With no matching entry at all the built-in default applies and gates (PRODUCT.md: "with no config at
  // all, the default budget is the seed's ... enabled"); only matching entries that are all disabled ungate.
  const disabledReason = !set.enabled
    ? 'master_switch_off'
    : top || candidates.length === 0
      ? null
      : 'no_enabled_budget';
  return {
    id: top ? top.link.budget_id : BUILTIN_ID,
    level: top ? top.link.level : 'builtin',
    enabled: disabledReason === null,
    disabled_reason: disabledReason,
    operation: method && path ? operationKey(method, path) : null,
    effective: effective as unknown as EffectiveBudget,
    sources,
    chain,
  };
}

/** The query's path as a template: itself when it is a spec template, else its template among the spec's or the endpoint keys'. */
function resolveQueryPath(query: BudgetQuery, endpointBudgets: readonly Budget[]): string | null {
  if (!query.path) return null;
  const templates =
    query.templates && query.templates.length > 0
      ? query.templates
      : endpointBudgets.flatMap((b) => parseEndpointKey(b.key ?? '')?.path ?? []);
  return resolvePathTemplate(query.path, templates) ?? query.path;
}

function pushFirstEnabled(
  into: { link: Omit<ChainLink, 'fields'>; budget: Budget }[],
  matches: readonly Budget[],
): void {
  let applied = false;
  for (const b of matches) {
    const link = {
      level: b.level,
      budget_id: b.id,
      key: b.level === 'endpoint' && b.key ? formatKey(b.key) : b.key,
    };
    if (!b.enabled) into.push({ link: { ...link, status: 'disabled' }, budget: b });
    else if (applied) into.push({ link: { ...link, status: 'shadowed' }, budget: b });
    else {
      into.push({ link: { ...link, status: 'applied' }, budget: b });
      applied = true;
    }
  }
}

function formatKey(key: string): string {
  const k = parseEndpointKey(key);
  return k ? formatEndpointKey(k) : key;
}
