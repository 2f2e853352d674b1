// Budget data: the fields a budget sets, a budget at one level of the hierarchy, and the set of budgets
// (config + stored) that resolution runs over. Plain data, so API-created budgets merge in (PRODUCT.md "Budgets").
import type { Severity } from '../findings.js';

/** Most specific first (PRODUCT.md: endpoint > tag > service > workspace > default). */
export const BUDGET_LEVELS = ['endpoint', 'tag', 'service', 'workspace', 'default'] as const;
export type BudgetLevel = (typeof BUDGET_LEVELS)[number];

/** The inheritable fields. `enabled` is not among them: it switches one entry on or off. */
export const BUDGET_FIELDS = [
  'max_breaking_changes',
  'max_potentially_breaking_changes',
  'max_non_breaking_changes',
  'severity_threshold',
  'max_field_churn_percent',
  'time_window_days',
] as const;
export type BudgetField = (typeof BUDGET_FIELDS)[number];

export interface BudgetFields {
  readonly max_breaking_changes?: number | undefined;
  readonly max_potentially_breaking_changes?: number | undefined;
  readonly max_non_breaking_changes?: number | undefined;
  readonly severity_threshold?: Severity | undefined;
  readonly max_field_churn_percent?: number | undefined;
  readonly time_window_days?: number | undefined;
}

/** One budget at one level. `key` is the workspace id, service name, tag or endpoint key; null for the default. */
export interface Budget extends BudgetFields {
  readonly id: string;
  readonly level: BudgetLevel;
  readonly key: string | null;
  readonly enabled: boolean;
  readonly origin: 'config' | 'stored';
  readonly description?: string | undefined;
  /**
   * Binds a service/tag/endpoint budget to one workspace (API-created budgets carry one). Unbound
   * budgets apply in every workspace; at the same level a bound budget wins over an unbound one.
   */
  readonly workspace?: string | null | undefined;
}

export interface BudgetSet {
  /** The master switch (`drift_budget.enabled`). */
  readonly enabled: boolean;
  readonly budgets: readonly Budget[];
}

/** Every field resolved. Optional limits stay null when no level sets them. */
export interface EffectiveBudget {
  readonly max_breaking_changes: number;
  readonly max_potentially_breaking_changes: number | null;
  readonly max_non_breaking_changes: number;
  readonly severity_threshold: Severity;
  readonly max_field_churn_percent: number | null;
  readonly time_window_days: number;
}

/** What applies when no level sets a field (PRODUCT.md: the seed's default budget, window 30 days). */
export const BUILTIN_BUDGET: EffectiveBudget = Object.freeze({
  max_breaking_changes: 0,
  max_potentially_breaking_changes: null,
  max_non_breaking_changes: 10,
  severity_threshold: 'high',
  max_field_churn_percent: null,
  time_window_days: 30,
});
