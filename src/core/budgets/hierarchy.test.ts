import { describe, expect, it } from 'vitest';
import { lookupBudget, mergeBudgetSets } from './hierarchy.js';
import { budgetId } from './ids.js';
import type { Budget, BudgetFields, BudgetLevel, BudgetSet } from './types.js';

function b(level: BudgetLevel, key: string | null, fields: BudgetFields, enabled = true): Budget {
  return { id: budgetId(level, key), level, key, enabled, origin: 'config', ...fields };
}

// Each level sets max_non_breaking_changes to a distinct value, so the winner is visible.
const ALL: Record<BudgetLevel, Budget> = {
  default: b('default', null, { max_non_breaking_changes: 10, max_breaking_changes: 1 }),
  workspace: b('workspace', 'ws', { max_non_breaking_changes: 5, time_window_days: 7 }),
  service: b('service', 'users-svc', { max_non_breaking_changes: 15, max_field_churn_percent: 5 }),
  tag: b('tag', 'users', { max_non_breaking_changes: 8, severity_threshold: 'critical' }),
  endpoint: b('endpoint', 'POST /api/users', { max_non_breaking_changes: 3 }),
};
const QUERY = { workspace: 'ws', service: 'users-svc', tags: ['users'], method: 'post', path: '/api/users' };
const NBC: Record<BudgetLevel | 'builtin', number> = {
  default: 10,
  workspace: 5,
  service: 15,
  tag: 8,
  endpoint: 3,
  builtin: 10,
};
const ORDER: BudgetLevel[] = ['endpoint', 'tag', 'service', 'workspace', 'default'];

function set(levels: readonly BudgetLevel[], disabled: readonly BudgetLevel[] = []): BudgetSet {
  return {
    enabled: true,
    budgets: levels.map((l) => ({ ...ALL[l], enabled: !disabled.includes(l) })),
  };
}

const subsets: BudgetLevel[][] = [[]];
for (const l of ORDER) subsets.push(...subsets.map((s) => [...s, l]));
const alone = ORDER.map((l) => [l]);
const pairs = ORDER.flatMap((a, i) => ORDER.slice(i + 1).map((c) => [a, c] as BudgetLevel[]));

describe('lookupBudget: most specific wins', () => {
  it.each([[[] as BudgetLevel[]], ...alone, ...pairs])('levels %j', (...levels) => {
    const present = levels as BudgetLevel[];
    const r = lookupBudget(set(present), QUERY);
    const winner = ORDER.find((l) => present.includes(l)) ?? 'builtin';
    expect(r.level).toBe(winner);
    expect(r.effective.max_non_breaking_changes).toBe(NBC[winner]);
    expect(r.sources.max_non_breaking_changes.level).toBe(winner);
    expect(r.enabled).toBe(true); // the built-in default gates too (PRODUCT.md "Budgets")
    expect(r.chain.map((c) => c.level)).toEqual([...ORDER.filter((l) => present.includes(l)), 'builtin']);
  });

  it.each(subsets.map((s) => [s]))(
    'every subset %j: each field comes from the most specific level setting it',
    (present) => {
      const r = lookupBudget(set(present), QUERY);
      const from = (_field: keyof BudgetFields, levels: BudgetLevel[]) =>
        ORDER.find((l) => present.includes(l) && levels.includes(l)) ?? 'builtin';
      expect(r.sources.max_breaking_changes.level).toBe(from('max_breaking_changes', ['default']));
      expect(r.sources.time_window_days.level).toBe(from('time_window_days', ['workspace']));
      expect(r.sources.max_field_churn_percent.level).toBe(from('max_field_churn_percent', ['service']));
      expect(r.sources.severity_threshold.level).toBe(from('severity_threshold', ['tag']));
    },
  );

  it('inherits field by field and explains the chain', () => {
    const r = lookupBudget(set(ORDER), QUERY);
    expect(r.id).toBe('endpoint:POST /api/users');
    expect(r.operation).toBe('POST /api/users');
    expect(r.effective).toEqual({
      max_breaking_changes: 1,
      max_potentially_breaking_changes: null,
      max_non_breaking_changes: 3,
      severity_threshold: 'critical',
      max_field_churn_percent: 5,
      time_window_days: 7,
    });
    expect(r.chain).toEqual([
      {
        level: 'endpoint',
        budget_id: 'endpoint:POST /api/users',
        key: 'POST /api/users',
        status: 'applied',
        fields: ['max_non_breaking_changes'],
      },
      {
        level: 'tag',
        budget_id: 'tag:users',
        key: 'users',
        status: 'applied',
        fields: ['severity_threshold'],
      },
      {
        level: 'service',
        budget_id: 'service:users-svc',
        key: 'users-svc',
        status: 'applied',
        fields: ['max_field_churn_percent'],
      },
      {
        level: 'workspace',
        budget_id: 'workspace:ws',
        key: 'ws',
        status: 'applied',
        fields: ['time_window_days'],
      },
      {
        level: 'default',
        budget_id: 'default',
        key: null,
        status: 'applied',
        fields: ['max_breaking_changes'],
      },
      {
        level: 'builtin',
        budget_id: 'builtin',
        key: null,
        status: 'applied',
        fields: ['max_potentially_breaking_changes'],
      },
    ]);
  });
});

describe('lookupBudget: disabled levels are skipped', () => {
  it.each(ORDER.map((l) => [l]))('%s disabled: the next enabled level provides its fields', (off) => {
    const r = lookupBudget(set(ORDER, [off]), QUERY);
    const winner = ORDER.find((l) => l !== off)!;
    expect(r.level).toBe(winner);
    expect(r.effective.max_non_breaking_changes).toBe(NBC[winner]);
    expect(r.chain.find((c) => c.level === off)).toMatchObject({ status: 'disabled', fields: [] });
  });

  it('a disabled default with nothing else applying leaves the operation ungated', () => {
    const r = lookupBudget(set(['default'], ['default']), QUERY);
    expect(r).toMatchObject({ enabled: false, disabled_reason: 'no_enabled_budget', id: 'builtin' });
    expect(r.effective.max_non_breaking_changes).toBe(10);
  });

  it('a disabled default does not disable a more specific enabled budget', () => {
    const r = lookupBudget(set(['default', 'service'], ['default']), QUERY);
    expect(r).toMatchObject({ enabled: true, id: 'service:users-svc' });
    expect(r.sources.max_breaking_changes.level).toBe('builtin');
  });

  it('the master switch disables everything but still explains the budget', () => {
    const r = lookupBudget({ ...set(ORDER), enabled: false }, QUERY);
    expect(r).toMatchObject({
      enabled: false,
      disabled_reason: 'master_switch_off',
      id: 'endpoint:POST /api/users',
    });
  });
});

describe('lookupBudget: endpoint and tag matching', () => {
  const s: BudgetSet = {
    enabled: true,
    budgets: [
      b('endpoint', 'GET /api/users/{id}', { max_non_breaking_changes: 1 }),
      b('endpoint', 'GET /api/users/me', { max_non_breaking_changes: 2 }),
      b('endpoint', '/api/users/{id}', { max_non_breaking_changes: 3 }),
      b('tag', 'admin', { max_non_breaking_changes: 4 }),
      b('tag', 'users', { max_non_breaking_changes: 5 }),
      b('tag', 'off', { max_non_breaking_changes: 6 }, false),
    ],
  };
  it.each([
    ['GET', '/api/users/{id}', undefined, 1, 'GET /api/users/{id}'],
    ['get', '/api/users/42', undefined, 1, 'GET /api/users/{id}'],
    ['GET', '/api/users/me', undefined, 2, 'GET /api/users/me'],
    ['DELETE', '/api/users/42', undefined, 3, 'DELETE /api/users/{id}'],
    ['GET', '/api/users/42', ['/api/users/{userId}', '/api/users/me'], 1, 'GET /api/users/{userId}'],
    ['GET', '/api/users/42/', undefined, 1, 'GET /api/users/{id}'],
    ['GET', '/api/orders/1', undefined, 10, 'GET /api/orders/1'],
  ])('%s %s (templates %j) -> max_non_breaking %i as %s', (method, path, templates, nbc, op) => {
    const r = lookupBudget(s, { method, path, templates });
    expect(r.effective.max_non_breaking_changes).toBe(nbc);
    expect(r.operation).toBe(op);
  });

  it.each([
    [['users', 'admin'], 5, 'tag:users'],
    [['admin', 'users'], 4, 'tag:admin'],
    [['off', 'users'], 5, 'tag:users'],
    [['nothing'], 10, 'builtin'],
  ])('tags %j: the first listed tag with an enabled budget wins', (tags, nbc, id) => {
    const r = lookupBudget(s, { tags });
    expect(r.effective.max_non_breaking_changes).toBe(nbc);
    expect(r.id).toBe(id);
  });

  it('reports the other matching tags as shadowed', () => {
    const r = lookupBudget(s, { tags: ['users', 'admin'] });
    expect(r.chain.map((c) => [c.budget_id, c.status])).toEqual([
      ['tag:users', 'applied'],
      ['tag:admin', 'shadowed'],
      ['builtin', 'applied'],
    ]);
  });
});

describe('mergeBudgetSets', () => {
  it('stored budgets replace config budgets at the same level and key', () => {
    const config = set(['default', 'workspace']);
    const stored: Budget = {
      ...b('workspace', 'ws', { max_non_breaking_changes: 99 }),
      id: 'b-1',
      origin: 'stored',
    };
    const merged = mergeBudgetSets(config, [stored]);
    expect(merged.budgets.map((x) => x.id)).toEqual(['default', 'b-1']);
    expect(lookupBudget(merged, { workspace: 'ws' }).effective.max_non_breaking_changes).toBe(99);
  });
});
