import { describe, expect, it } from 'vitest';
import { lookupBudget, mergeBudgetSets } from '../core/budgets/hierarchy.js';
import type { BudgetSet } from '../core/budgets/types.js';
import type { StoredBudget } from '../ports/contract-store.js';
import { budgetFromStored } from './check-stored-budgets.js';

const base = {
  max_breaking_changes: null,
  max_potentially_breaking_changes: null,
  max_non_breaking_changes: 7,
  severity_threshold: null,
  max_field_churn_percent: null,
  time_window_days: 14,
  enabled: null,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
} as const;

describe('budgetFromStored', () => {
  it('maps null fields to absent (inherited) and keeps the stored id', () => {
    const s: StoredBudget = {
      ...base,
      id: 'b1',
      scope_kind: 'endpoint',
      scope_key: 'POST /api/users',
      workspace_id: 'w',
    };
    expect(budgetFromStored(s)).toEqual({
      id: 'b1',
      level: 'endpoint',
      key: 'POST /api/users',
      enabled: true,
      origin: 'stored',
      workspace: 'w',
      max_breaking_changes: undefined,
      max_potentially_breaking_changes: undefined,
      max_non_breaking_changes: 7,
      severity_threshold: undefined,
      max_field_churn_percent: undefined,
      time_window_days: 14,
    });
  });

  it('a workspace-bound stored budget applies only in its workspace and wins over the config one', () => {
    const config: BudgetSet = {
      enabled: true,
      budgets: [
        {
          id: 'service:s',
          level: 'service',
          key: 's',
          enabled: true,
          origin: 'config',
          max_non_breaking_changes: 1,
        },
      ],
    };
    const stored = budgetFromStored({
      ...base,
      id: 'b2',
      scope_kind: 'service',
      scope_key: 's',
      workspace_id: 'w1',
    });
    const set = mergeBudgetSets(config, [stored]);
    const inW1 = lookupBudget(set, { workspace: 'w1', service: 's' });
    const inW2 = lookupBudget(set, { workspace: 'w2', service: 's' });
    expect([inW1.id, inW1.effective.max_non_breaking_changes]).toEqual(['b2', 7]);
    expect([inW2.id, inW2.effective.max_non_breaking_changes]).toEqual(['service:s', 1]);
    expect(inW1.chain.map((c) => `${c.budget_id}:${c.status}`)).toEqual([
      'b2:applied',
      'service:s:shadowed',
      'builtin:applied',
    ]);
  });
});
