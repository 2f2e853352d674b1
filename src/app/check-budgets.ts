// Use case: spend one run's findings (spec changes, traffic mismatches, sync changes) against the budgets.
// Findings are grouped per operation (budgets resolve per operation, PRODUCT.md "Budgets"); each group is
// looked up, classified and evaluated over its window with the history the DriftHistory port provides,
// and, when asked, recorded so the next run counts the window across runs.

import { churnField } from '../core/budgets/fields.js';
import {
  type BreakingChangeRule,
  type BudgetEvaluation,
  evaluateBudget,
  lookupBudget,
  resolvePathTemplate,
} from '../core/budgets/index.js';
import { type BudgetCheckReport, budgetScope } from '../core/budgets/report.js';
import type { BudgetSet } from '../core/budgets/types.js';
import { type Finding, findingFingerprint, LEVEL_RANK, type Level, operationKey } from '../core/findings.js';
import type { DriftHistory } from '../ports/drift-history.js';

/** What the spec says about one operation: its tags (tag budgets) and its field counts (churn). */
export interface OperationInfo {
  readonly method: string;
  /** OpenAPI path template. */
  readonly path: string;
  readonly tags: readonly string[];
  /** Fields in the operation's contract before this change (the stateless baseline), when known. */
  readonly baselineFields?: number | null | undefined;
  /** Fields in the operation's contract now (recorded as a snapshot for later baselines), when known. */
  readonly currentFields?: number | null | undefined;
}

export interface CheckBudgetsInput {
  readonly budgets: BudgetSet;
  readonly rules: readonly BreakingChangeRule[];
  readonly workspace: string;
  readonly service: string | null;
  readonly findings: readonly Finding[];
  /** The contract's operations (revision first when two versions are known). */
  readonly operations: readonly OperationInfo[];
  readonly now: Date;
  /** Record this run's changes and field snapshots in the history (default false: a dry run). */
  readonly record?: boolean;
}

export interface CheckBudgetsDeps {
  readonly history: DriftHistory;
}

const DAY_MS = 86_400_000;

export async function checkBudgets(
  deps: CheckBudgetsDeps,
  input: CheckBudgetsInput,
): Promise<BudgetCheckReport> {
  const scope = budgetScope(input.workspace, input.service);
  const templates = [...new Set(input.operations.map((o) => o.path))];
  const groups = new Map<string, Finding[]>();
  for (const f of input.findings) {
    // A concrete request path groups (and is fingerprinted) under its template: one operation, one identity.
    const template = f.method && f.path ? (resolvePathTemplate(f.path, templates) ?? f.path) : null;
    const key = f.method && template ? operationKey(f.method, template) : '';
    const group = groups.get(key) ?? [];
    if (group.length === 0) groups.set(key, group);
    group.push(template === f.path ? f : { ...f, path: template });
  }
  const keys = [...groups.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : a > b ? 1 : 0));

  const evaluations: BudgetEvaluation[] = [];
  for (const key of keys) {
    const findings = groups.get(key) ?? [];
    const space = key.indexOf(' ');
    const method = key === '' ? null : key.slice(0, space);
    const path = key === '' ? null : key.slice(space + 1);
    const info =
      method && path
        ? input.operations.find((o) => o.method.toUpperCase() === method.toUpperCase() && o.path === path)
        : undefined;
    const budget = lookupBudget(input.budgets, {
      workspace: input.workspace,
      service: input.service,
      tags: info?.tags ?? [],
      method,
      path,
      templates,
    });
    const since = new Date(input.now.getTime() - budget.effective.time_window_days * DAY_MS).toISOString();
    const history = await deps.history.changes({
      scope,
      operation: budget.operation,
      since,
      fingerprints: findings.map((f) => findingFingerprint(scope, f)),
    });
    const stored = await deps.history.fieldBaseline({ scope, operation: budget.operation, at: since });
    const evaluation = evaluateBudget({
      scope,
      findings,
      rules: input.rules,
      budget,
      history: { changes: history, field_baseline: stored ?? info?.baselineFields ?? null },
      now: input.now,
    });
    evaluations.push(evaluation);
    if (input.record) {
      const classified = [
        ...evaluation.findings_by_level.breaking,
        ...evaluation.findings_by_level.potentially_breaking,
        ...evaluation.findings_by_level.non_breaking,
      ];
      await deps.history.record({
        scope,
        operation: budget.operation,
        at: input.now.toISOString(),
        changes: classified.map((f) => ({
          fingerprint: f.fingerprint,
          level: f.level,
          field: churnField(f),
          first_seen: input.now.toISOString(),
        })),
        fields: info?.currentFields ?? null,
      });
    }
  }

  const findingsPerLevel: Record<Level, number> = { breaking: 0, potentially_breaking: 0, non_breaking: 0 };
  for (const e of evaluations) {
    const seen = new Map<string, Level>();
    for (const level of ['breaking', 'potentially_breaking', 'non_breaking'] as const) {
      for (const f of e.findings_by_level[level]) {
        const prev = seen.get(f.fingerprint);
        if (!prev || LEVEL_RANK[level] > LEVEL_RANK[prev]) seen.set(f.fingerprint, level);
      }
    }
    for (const level of seen.values()) findingsPerLevel[level] += 1;
  }
  return {
    workspace: input.workspace,
    service: input.service,
    scope,
    evaluated_at: input.now.toISOString(),
    budget_exceeded: evaluations.some((e) => e.budget_exceeded),
    should_create_incident: evaluations.some((e) => e.should_create_incident),
    summary: {
      operations: evaluations.length,
      exceeded: evaluations.filter((e) => e.budget_exceeded).length,
      findings: findingsPerLevel,
    },
    evaluations,
  };
}

export { type BudgetCheckReport, budgetScope };
