// The result of one budget check over a run's findings: one evaluation per operation, and the roll-up.
import type { Level } from '../findings.js';
import type { BudgetEvaluation } from './evaluate.js';

export interface BudgetCheckReport {
  readonly workspace: string;
  readonly service: string | null;
  readonly scope: string;
  readonly evaluated_at: string;
  /** True when any operation's budget is exceeded. */
  readonly budget_exceeded: boolean;
  readonly should_create_incident: boolean;
  readonly summary: {
    readonly operations: number;
    readonly exceeded: number;
    /** Distinct changes in this run per level (after classification). */
    readonly findings: Readonly<Record<Level, number>>;
  };
  /** One per operation with findings, by operation; document-level findings (no operation) last. */
  readonly evaluations: readonly BudgetEvaluation[];
}

/** The fingerprint scope of a workspace and service: `workspace` or `workspace/service`. */
export function budgetScope(workspace: string, service: string | null): string {
  return service ? `${workspace}/${service}` : workspace;
}
