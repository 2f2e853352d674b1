// Use case: persist one budget evaluation of one operation's findings (any source) in ONE transaction:
// drift events (upsert by fingerprint), the evaluation snapshot, the field snapshot for churn, the
// incident (create or join the live one, with real before/after samples), its timeline, and outbox rows
// for incident.created / incident.updated / budget.exceeded that the notifier delivers later.
import type { BudgetEvaluation, ClassifiedFinding } from '../core/budgets/index.js';
import { LEVELS } from '../core/findings.js';
import { incidentFingerprint } from '../core/incidents/fingerprint.js';
import type { Incident } from '../core/incidents/incident.js';
import { representativeFinding } from '../core/incidents/occurrence.js';
import type { NotificationEvent, OutboxInput } from '../ports/outbox-store.js';
import type { Store } from '../ports/store.js';

export interface RecordDriftDeps {
  readonly store: Store;
  /** Ids for notification events (crypto.randomUUID in compose.ts). */
  readonly newId: () => string;
}

export interface RecordDriftInput {
  readonly workspaceId: string;
  /** '' when the workspace has no named service. */
  readonly service: string;
  /** `evaluateBudget` output for this run's findings of one operation (src/core/budgets). */
  readonly evaluation: BudgetEvaluation;
  /** Fields in the operation's contract now (churn baseline snapshot), when known. */
  readonly fields?: number | null;
  readonly syncCycleId?: string | null;
  readonly contractDiffId?: string | null;
  /** ISO time of this run. */
  readonly at: string;
  readonly actor?: string;
  /**
   * Engine-specific facts merged into the incident's details (e.g. the analyzer's `corrections`, a spec
   * diff's `patch`: what GitOps applies, docs/gitops.md).
   */
  readonly extraDetails?: Readonly<Record<string, unknown>>;
  /** The observed exchange or response to keep as the after sample's value (traffic, sync), instead of the finding's `after`. */
  readonly afterSample?: unknown;
  /** Webhook targets to enqueue for; default `['*']` (the notifier fans out to subscribed webhooks). */
  readonly targets?: readonly string[];
}

export interface RecordDriftResult {
  readonly incident: Incident | null;
  readonly created: boolean;
  readonly evaluationId: string;
  readonly driftEvents: { readonly inserted: number; readonly updated: number };
  readonly events: readonly { readonly event_id: string; readonly event_type: NotificationEvent }[];
}

/** The highest share of any limited allowance, in %; a zero allowance counts as one unit. */
export function consumptionPercent(evaluation: BudgetEvaluation): number | null {
  let max: number | null = null;
  for (const a of evaluation.consumption) {
    if (a.limit === null || a.used === null) continue;
    const pct = Math.round((a.used / Math.max(a.limit, 1)) * 10_000) / 100;
    max = max === null ? pct : Math.max(max, pct);
  }
  return max;
}

function splitOperation(operation: string | null): { method: string; endpoint: string } {
  if (operation === null) return { method: '*', endpoint: '*' };
  const i = operation.indexOf(' ');
  return i < 0
    ? { method: operation.toUpperCase(), endpoint: '*' }
    : { method: operation.slice(0, i).toUpperCase(), endpoint: operation.slice(i + 1) };
}

export async function recordDrift(
  deps: RecordDriftDeps,
  input: RecordDriftInput,
): Promise<RecordDriftResult> {
  const { evaluation: ev, at } = input;
  const actor = input.actor ?? 'system';
  const findings: ClassifiedFinding[] = LEVELS.flatMap((l) => ev.findings_by_level[l]);
  const { method, endpoint } = splitOperation(ev.operation);

  return deps.store.transaction(async (tx) => {
    const driftEvents = await tx.driftEvents.record(
      findings.map((f) => ({
        workspace_id: input.workspaceId,
        service: input.service,
        scope: ev.scope,
        fingerprint: f.fingerprint,
        source: f.source,
        level: f.level,
        severity: f.severity,
        code: f.code,
        direction: f.direction,
        field: f.field,
        // Keyed by the evaluated operation (what DriftHistory.changes queries), not each finding's spelling.
        method: method === '*' ? null : method,
        path: endpoint === '*' ? null : endpoint,
        location: f.location,
        seen_at: at,
        count: Math.max(1, f.count),
      })),
    );
    if (input.fields !== undefined && input.fields !== null) {
      await tx.history.record({
        scope: ev.scope,
        operation: ev.operation,
        at,
        changes: [],
        fields: input.fields,
      });
    }
    const { id: evaluationId } = await tx.evaluations.record({
      workspace_id: input.workspaceId,
      service: input.service,
      scope_kind: ev.budget.level,
      scope_key: ev.operation ?? ev.scope,
      method: method === '*' ? null : method,
      path: endpoint === '*' ? null : endpoint,
      budget_id: ev.budget.id,
      at,
      exceeded: ev.budget_exceeded,
      should_create_incident: ev.should_create_incident,
      incident_type: ev.incident_type,
      severity: ev.severity,
      counts: ev.counts,
      churn_percent: ev.field_churn.percent,
      consumption_percent: consumptionPercent(ev),
      result: { ...ev, findings_by_level: undefined },
    });

    const events: { event_id: string; event_type: NotificationEvent; payload: unknown }[] = [];
    let incident: Incident | null = null;
    let created = false;
    const sample = representativeFinding(findings);
    if (ev.should_create_incident && ev.incident_type !== null && ev.severity !== null && sample) {
      const syncCycleId = input.syncCycleId ?? findings.find((f) => f.syncCycleId)?.syncCycleId ?? null;
      const contractDiffId =
        input.contractDiffId ?? findings.find((f) => f.contractDiffId)?.contractDiffId ?? null;
      const result = await tx.incidents.recordOccurrence({
        fingerprint: incidentFingerprint({
          workspaceId: input.workspaceId,
          service: input.service,
          method,
          endpoint,
        }),
        workspace_id: input.workspaceId,
        service: input.service,
        endpoint,
        method,
        incident_type: ev.incident_type,
        severity: ev.severity,
        details: {
          scope: ev.scope,
          operation: ev.operation,
          evaluation_id: evaluationId,
          budget: { id: ev.budget.id, level: ev.budget.level },
          window: ev.window,
          counts: ev.counts,
          consumption: ev.consumption,
          field_churn: ev.field_churn,
          findings: findings.map((f) => ({
            fingerprint: f.fingerprint,
            level: f.level,
            severity: f.severity,
            code: f.code,
            location: f.location,
            message: f.message,
            count: f.count,
          })),
          ...input.extraDetails,
        },
        budget_id: ev.budget.id,
        sync_cycle_id: syncCycleId,
        contract_diff_id: contractDiffId,
        before_sample: {
          finding: sample.fingerprint,
          location: sample.location,
          value: sample.before ?? null,
        },
        after_sample: {
          finding: sample.fingerprint,
          location: sample.location,
          value: input.afterSample !== undefined ? input.afterSample : (sample.after ?? null),
        },
        occurrences: findings.reduce((n, f) => n + Math.max(1, f.count), 0),
        at,
        actor,
      });
      incident = result.incident;
      created = result.created;
      events.push({
        event_id: deps.newId(),
        event_type: created ? 'incident.created' : 'incident.updated',
        payload: { incident, escalated: result.escalated },
      });
    }
    if (ev.budget_exceeded) {
      events.push({
        event_id: deps.newId(),
        event_type: 'budget.exceeded',
        payload: {
          workspace_id: input.workspaceId,
          service: input.service,
          scope: ev.scope,
          operation: ev.operation,
          budget: { id: ev.budget.id, level: ev.budget.level },
          counts: ev.counts,
          consumption: ev.consumption,
          field_churn: ev.field_churn,
          incident_id: incident?.id ?? null,
        },
      });
    }
    const targets = input.targets ?? ['*'];
    const rows: OutboxInput[] = events.flatMap((e) =>
      targets.map((target) => ({
        event_id: e.event_id,
        event_type: e.event_type,
        target,
        ordering_key: incident?.id ?? null,
        at,
        payload: { id: e.event_id, type: e.event_type, occurred_at: at, data: e.payload },
      })),
    );
    await tx.outbox.enqueue(rows);
    return {
      incident,
      created,
      evaluationId,
      driftEvents,
      events: events.map(({ event_id, event_type }) => ({ event_id, event_type })),
    };
  });
}
