// API-created (stored) budgets as core budgets, so evaluation uses them at once (INTERFACES.md "HTTP API").
import type { Budget } from '../core/budgets/types.js';
import type { StoredBudget } from '../ports/contract-store.js';

export function budgetFromStored(s: StoredBudget): Budget {
  const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);
  return {
    id: s.id,
    level: s.scope_kind,
    key: s.scope_key,
    enabled: s.enabled ?? true,
    origin: 'stored',
    workspace: s.workspace_id === '' || s.scope_kind === 'workspace' ? null : s.workspace_id,
    max_breaking_changes: opt(s.max_breaking_changes),
    max_potentially_breaking_changes: opt(s.max_potentially_breaking_changes),
    max_non_breaking_changes: opt(s.max_non_breaking_changes),
    severity_threshold: opt(s.severity_threshold),
    max_field_churn_percent: opt(s.max_field_churn_percent),
    time_window_days: opt(s.time_window_days),
  };
}
