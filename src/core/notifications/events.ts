// The notification events (PRODUCT.md "Notifications") and the envelope the outbox stores for each:
// `{id, type, occurred_at, data}`, written by app/record-drift.ts and app/notify-incident.ts.
import type { Severity } from '../findings.js';
import type { Incident } from '../incidents/incident.js';

export const NOTIFICATION_EVENTS = [
  'incident.created',
  'incident.updated',
  'incident.acknowledged',
  'incident.resolved',
  'incident.closed',
  'budget.exceeded',
  'pr.opened',
] as const;
export type NotificationEventType = (typeof NOTIFICATION_EVENTS)[number];

export const INCIDENT_EVENTS = [
  'incident.created',
  'incident.updated',
  'incident.acknowledged',
  'incident.resolved',
  'incident.closed',
] as const satisfies readonly NotificationEventType[];
export type IncidentEventType = (typeof INCIDENT_EVENTS)[number];

/** What `budget.exceeded` carries (app/record-drift.ts). */
export interface BudgetExceededData {
  readonly workspace_id: string;
  readonly service: string;
  readonly scope: string;
  readonly operation: string | null;
  readonly budget: { readonly id: string | null; readonly level: string };
  readonly counts: Readonly<Record<string, number>>;
  readonly consumption: readonly unknown[];
  readonly field_churn: unknown;
  readonly incident_id: string | null;
}

/** What `pr.opened` carries (the GitOps use case). */
export interface PullRequestOpenedData {
  readonly url: string;
  readonly number?: number | null;
  /** `github`, `gitlab` or `git`. */
  readonly provider?: string;
  readonly workspace_id: string | null;
  readonly title: string;
  readonly branch: string;
  readonly incident_ids: readonly string[];
}

/** One event as the worker reads it back from the outbox: a tagged union over the event type. */
export type NotificationEvent =
  | {
      readonly id: string;
      readonly type: IncidentEventType;
      readonly occurred_at: string;
      readonly incident: Incident;
      readonly escalated: boolean;
    }
  | {
      readonly id: string;
      readonly type: 'budget.exceeded';
      readonly occurred_at: string;
      readonly budget: BudgetExceededData;
    }
  | {
      readonly id: string;
      readonly type: 'pr.opened';
      readonly occurred_at: string;
      readonly pull_request: PullRequestOpenedData;
    };

export function isNotificationEventType(v: unknown): v is NotificationEventType {
  return typeof v === 'string' && (NOTIFICATION_EVENTS as readonly string[]).includes(v);
}

export function isIncidentEvent(
  e: NotificationEvent,
): e is Extract<NotificationEvent, { readonly type: IncidentEventType }> {
  return (INCIDENT_EVENTS as readonly string[]).includes(e.type);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads an outbox envelope back into a typed event; throws a TypeError naming what is wrong (the worker
 * dead-letters such a row at once: retrying cannot repair it).
 */
export function parseEnvelope(payload: unknown): NotificationEvent {
  if (!isRecord(payload)) throw new TypeError('outbox payload is not an object');
  const { id, type, occurred_at, data } = payload;
  if (typeof id !== 'string' || id === '') throw new TypeError('outbox payload: id must be a string');
  if (!isNotificationEventType(type))
    throw new TypeError(`outbox payload: unknown event type ${String(type)}`);
  if (typeof occurred_at !== 'string') throw new TypeError('outbox payload: occurred_at must be a string');
  if (!isRecord(data)) throw new TypeError('outbox payload: data must be an object');
  if (type === 'budget.exceeded')
    return { id, type, occurred_at, budget: data as unknown as BudgetExceededData };
  if (type === 'pr.opened') {
    if (typeof data.url !== 'string')
      throw new TypeError('outbox payload: pr.opened data.url must be a string');
    return { id, type, occurred_at, pull_request: data as unknown as PullRequestOpenedData };
  }
  const incident = data.incident;
  if (!isRecord(incident) || typeof incident.id !== 'string') {
    throw new TypeError(`outbox payload: ${type} data.incident must be an incident`);
  }
  return {
    id,
    type,
    occurred_at,
    incident: incident as unknown as Incident,
    escalated: data.escalated === true,
  };
}

/** The incident an event is about (ordering key and Jira ticket owner), or null. */
export function eventIncidentId(e: NotificationEvent): string | null {
  if (isIncidentEvent(e)) return e.incident.id;
  if (e.type === 'budget.exceeded') return e.budget.incident_id;
  return e.pull_request.incident_ids[0] ?? null;
}

/** The severity a `min_severity` filter compares with; null for events that carry none. */
export function eventSeverity(e: NotificationEvent): Severity | null {
  return isIncidentEvent(e) ? e.incident.severity : null;
}

export function eventWorkspace(e: NotificationEvent): string | null {
  if (isIncidentEvent(e)) return e.incident.workspace_id;
  if (e.type === 'budget.exceeded') return e.budget.workspace_id;
  return e.pull_request.workspace_id;
}
