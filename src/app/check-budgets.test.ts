import { describe, expect, it } from 'vitest';
import type { BudgetSet } from '../core/budgets/types.js';
import type { Finding } from '../core/findings.js';
import { checkBudgets } from './check-budgets.js';
import { createMemoryDriftHistory } from './check-memory-history.js';

const NOW = new Date('2026-03-01T00:00:00.000Z');

function mismatch(code: string, over: Partial<Finding> = {}): Finding {
  return {
    source: 'traffic',
    code,
    level: null,
    severity: 'low',
    direction: 'response',
    method: 'GET',
    path: '/users/{id}',
    location: `/body/${code}`,
    message: code,
    before: null,
    after: null,
    count: 3,
    field: `schema:/${code}`,
    ...over,
  };
}

const BUDGETS: BudgetSet = {
  enabled: true,
  budgets: [
    {
      id: 'default',
      level: 'default',
      key: null,
      enabled: true,
      origin: 'config',
      max_non_breaking_changes: 1,
    },
    {
      id: 'tag:admin',
      level: 'tag',
      key: 'admin',
      enabled: true,
      origin: 'config',
      max_non_breaking_changes: 0,
    },
  ],
};
const OPERATIONS = [
  { method: 'GET', path: '/users/{id}', tags: ['users'], baselineFields: 4, currentFields: 5 },
  { method: 'GET', path: '/users/me', tags: ['users'], baselineFields: 2, currentFields: 2 },
  { method: 'DELETE', path: '/admin/users/{id}', tags: ['admin'], baselineFields: 1, currentFields: 1 },
];

const input = (findings: Finding[], over = {}) => ({
  budgets: BUDGETS,
  rules: [],
  workspace: 'w',
  service: 's',
  findings,
  operations: OPERATIONS,
  now: NOW,
  ...over,
});

describe('checkBudgets', () => {
  it('evaluates per operation, concrete paths under their template, document-level last', async () => {
    const report = await checkBudgets(
      { history: createMemoryDriftHistory() },
      input([
        mismatch('unexpected_field', { path: '/users/42' }),
        mismatch('unexpected_field', { path: '/users/7' }),
        mismatch('type_mismatch'),
        mismatch('unexpected_field', { method: 'DELETE', path: '/admin/users/{id}' }),
        mismatch('unknown_endpoint', { method: 'GET', path: null, field: null }),
        mismatch('undocumented_status', { path: '/users/me' }),
      ]),
    );
    expect(report.scope).toBe('w/s');
    expect(report.evaluations.map((e) => [e.operation, e.budget.id, e.counts, e.budget_exceeded])).toEqual([
      [
        'DELETE /admin/users/{id}',
        'tag:admin',
        { breaking: 0, potentially_breaking: 0, non_breaking: 1 },
        true,
      ],
      ['GET /users/me', 'default', { breaking: 0, potentially_breaking: 0, non_breaking: 1 }, false],
      ['GET /users/{id}', 'default', { breaking: 0, potentially_breaking: 1, non_breaking: 1 }, true],
      [null, 'default', { breaking: 0, potentially_breaking: 0, non_breaking: 1 }, false],
    ]);
    expect(report.summary).toEqual({
      operations: 4,
      exceeded: 2,
      findings: { breaking: 0, potentially_breaking: 1, non_breaking: 4 },
    });
    expect(report.budget_exceeded).toBe(true);
    // Baselines come from the operations when the history has none.
    expect(report.evaluations[2]?.field_churn).toMatchObject({
      changed_fields: 2,
      baseline_fields: 4,
      percent: 50,
    });
  });

  it('records the run and counts the window across runs', async () => {
    const history = createMemoryDriftHistory();
    const first = await checkBudgets({ history }, input([mismatch('unexpected_field')], { record: true }));
    expect(first.evaluations[0]?.counts.non_breaking).toBe(1);
    const later = new Date('2026-03-02T00:00:00.000Z');
    const second = await checkBudgets(
      { history },
      input([mismatch('field_added')], { record: true, now: later }),
    );
    expect(second.evaluations[0]?.counts.non_breaking).toBe(2);
    expect(second.evaluations[0]?.budget_exceeded).toBe(true);
    // The stored snapshot (5 fields, recorded at the first run) is now the baseline, not the operation's 4.
    const third = await checkBudgets(
      { history },
      input([mismatch('field_added')], { now: new Date('2026-04-15T00:00:00.000Z') }),
    );
    expect(third.evaluations[0]?.field_churn.baseline_fields).toBe(5);
  });

  it('a dry run records nothing', async () => {
    const history = createMemoryDriftHistory();
    await checkBudgets({ history }, input([mismatch('unexpected_field')]));
    expect(history.entries.size).toBe(0);
  });

  it('no findings: no evaluations, within budget', async () => {
    const report = await checkBudgets({ history: createMemoryDriftHistory() }, input([]));
    expect(report).toMatchObject({ budget_exceeded: false, should_create_incident: false, evaluations: [] });
  });
});
