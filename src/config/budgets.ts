// The config's budgets and rules as the plain data core/budgets resolves over (stored budgets merge in later).
import type { BreakingChangeRule } from '../core/budgets/classify.js';
import { budgetId } from '../core/budgets/ids.js';
import type { Budget, BudgetFields, BudgetLevel, BudgetSet } from '../core/budgets/types.js';
import type { BudgetFieldsConfig, Config } from './schema.js';

export function budgetSetFromConfig(config: Config): BudgetSet {
  const db = config.drift_budget;
  const budgets: Budget[] = [];
  const add = (level: BudgetLevel, key: string | null, fields: BudgetFieldsConfig) => {
    const { enabled, description, ...limits } = fields;
    budgets.push({
      ...(limits satisfies BudgetFields),
      id: budgetId(level, key),
      level,
      key,
      enabled: enabled ?? true,
      origin: 'config',
      ...(description !== undefined ? { description } : {}),
    });
  };
  if (db.default_budget) add('default', null, db.default_budget);
  for (const [k, v] of Object.entries(db.per_workspace_budgets)) add('workspace', k, v);
  for (const [k, v] of Object.entries(db.per_service_budgets)) add('service', k, v);
  for (const [k, v] of Object.entries(db.per_tag_budgets)) add('tag', k, v);
  for (const [k, v] of Object.entries(db.per_endpoint_budgets)) add('endpoint', k, v);
  return { enabled: db.enabled, budgets };
}

export function rulesFromConfig(config: Config): readonly BreakingChangeRule[] {
  return config.drift_budget.breaking_change_rules satisfies readonly BreakingChangeRule[];
}
