// Use case: the one pipeline every drift source feeds (PRODUCT.md "three sources, one pipeline"):
// findings → budget lookup per operation (config + API-created budgets) → evaluation over the window →
// per operation, in one transaction: drift events, evaluation, incident, timeline, outbox rows.
import type { BreakingChangeRule, BudgetSet } from '../core/budgets/index.js';
import { mergeBudgetSets } from '../core/budgets/index.js';
import type { Finding } from '../core/findings.js';
import type { Store } from '../ports/store.js';
import { type BudgetCheckReport, checkBudgets, type OperationInfo } from './check-budgets.js';
import { budgetFromStored } from './check-stored-budgets.js';
import { recordDrift } from './record-drift.js';

export interface IngestFindingsDeps {
  readonly store: Store;
  readonly newId: () => string;
  /** Budgets from the config file; API-created budgets are read from the store on every run. */
  readonly configBudgets: BudgetSet;
  readonly rules: readonly BreakingChangeRule[];
}

export interface IngestFindingsInput {
  readonly workspaceId: string;
  /** '' when the workspace has a single unnamed service. */
  readonly service: string;
  readonly findings: readonly Finding[];
  readonly operations: readonly OperationInfo[];
  readonly now: Date;
  readonly syncCycleId?: string | null;
  readonly contractDiffId?: string | null;
  readonly actor?: string;
  /** Per operation (`METHOD /template`, or null for document-level), facts for its incident: details to merge, the after sample. */
  readonly incidentExtras?: (
    operation: string | null,
  ) => { details?: Record<string, unknown>; afterSample?: unknown } | undefined;
}

export interface IngestFindingsResult {
  readonly report: BudgetCheckReport;
  readonly incident_ids: readonly string[];
  readonly created_incident_ids: readonly string[];
}

/** Config budgets plus the stored budgets that apply to this workspace (global ones and its own). */
export async function effectiveBudgetSet(
  store: Store,
  configBudgets: BudgetSet,
  workspaceId: string,
): Promise<BudgetSet> {
  const stored = (await store.budgets.list()).filter(
    (b) => b.workspace_id === '' || b.workspace_id === workspaceId,
  );
  return mergeBudgetSets(configBudgets, stored.map(budgetFromStored));
}

export async function ingestFindings(
  deps: IngestFindingsDeps,
  input: IngestFindingsInput,
): Promise<IngestFindingsResult> {
  const at = input.now.toISOString();
  await deps.store.workspaces.ensure(input.workspaceId, at);
  const budgets = await effectiveBudgetSet(deps.store, deps.configBudgets, input.workspaceId);
  const report = await checkBudgets(
    { history: deps.store.history },
    {
      budgets,
      rules: deps.rules,
      workspace: input.workspaceId,
      service: input.service === '' ? null : input.service,
      findings: input.findings,
      operations: input.operations,
      now: input.now,
      record: false,
    },
  );
  const incidentIds: string[] = [];
  const created: string[] = [];
  // One transaction for the whole run: every operation's drift, evaluation, incident and outbox rows
  // commit together (and in operation order, so concurrent runs lock incidents in the same order).
  await deps.store.transaction(async (tx) => {
    for (const evaluation of report.evaluations) {
      const info = input.operations.find(
        (o) => evaluation.operation === `${o.method.toUpperCase()} ${o.path}`,
      );
      const extras = input.incidentExtras?.(evaluation.operation);
      const result = await recordDrift(
        { store: tx, newId: deps.newId },
        {
          ...(extras?.details ? { extraDetails: extras.details } : {}),
          ...(extras && 'afterSample' in extras ? { afterSample: extras.afterSample } : {}),
          workspaceId: input.workspaceId,
          service: input.service,
          evaluation,
          fields: info?.currentFields ?? null,
          syncCycleId: input.syncCycleId ?? null,
          contractDiffId: input.contractDiffId ?? null,
          at,
          ...(input.actor !== undefined ? { actor: input.actor } : {}),
        },
      );
      if (result.incident) {
        incidentIds.push(result.incident.id);
        if (result.created) created.push(result.incident.id);
      }
    }
  });
  return { report, incident_ids: incidentIds, created_incident_ids: created };
}
