// Builders for storage tests: fixed instants and occurrence inputs.
import { evaluateBudget, lookupBudget } from '../../src/core/budgets/index.js';
import type { Finding } from '../../src/core/findings.js';
import type { OccurrenceInput } from '../../src/ports/incident-store.js';

export const T0 = Date.parse('2026-03-01T00:00:00.000Z');
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

export const at = (offsetMs: number) => new Date(T0 + offsetMs).toISOString();

export function occurrence(over: Partial<OccurrenceInput> = {}): OccurrenceInput {
  return {
    fingerprint: 'inc_fp_1',
    workspace_id: 'w1',
    service: 'users',
    endpoint: '/api/users',
    method: 'POST',
    incident_type: 'threshold_exceeded',
    severity: 'medium',
    details: { note: 'first' },
    budget_id: 'endpoint:POST /api/users',
    sync_cycle_id: null,
    contract_diff_id: null,
    before_sample: { type: 'string' },
    after_sample: null,
    occurrences: 1,
    at: at(0),
    actor: 'system',
    ...over,
  };
}

/** A budget evaluation of `findings` for `POST /api/users` in workspace `w` (no breaking change allowed, 10 non-breaking). */
export function evaluation(findings: Finding[], now: string) {
  const budget = lookupBudget(
    {
      enabled: true,
      budgets: [
        {
          id: 'default',
          level: 'default',
          key: null,
          enabled: true,
          origin: 'config',
          max_breaking_changes: 0,
          max_non_breaking_changes: 10,
          severity_threshold: 'high',
        },
      ],
    },
    { workspace: 'w', method: 'POST', path: '/api/users' },
  );
  return evaluateBudget({
    scope: 'w/users',
    findings,
    rules: [],
    budget,
    history: { changes: [], field_baseline: null },
    now: new Date(now),
  });
}
