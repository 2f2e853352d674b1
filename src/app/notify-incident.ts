// Enqueueing notification events inside the caller's transaction (the transactional outbox): incident
// status changes (acknowledged/resolved/closed/reopened) and opened pull requests. The envelope is the one
// app/record-drift.ts writes: `{id, type, occurred_at, data}`, one `*` row the worker fans out.
import type { Incident, IncidentStatus } from '../core/incidents/incident.js';
import type { NotificationEventType, PullRequestOpenedData } from '../core/notifications/events.js';
import type { Store } from '../ports/store.js';

export interface EnqueueInput {
  readonly event_type: NotificationEventType;
  readonly data: Readonly<Record<string, unknown>>;
  /** ISO time of the change. */
  readonly at: string;
  /** Default `['*']`: every subscribed webhook. */
  readonly targets?: readonly string[];
}

/** Writes the outbox rows for one event through `tx` (call it inside `store.transaction`); returns the event id. */
export async function enqueueNotifications(
  tx: Store,
  newId: () => string,
  input: EnqueueInput,
): Promise<string> {
  const eventId = newId();
  const payload = { id: eventId, type: input.event_type, occurred_at: input.at, data: input.data };
  await tx.outbox.enqueue(
    (input.targets ?? ['*']).map((target) => ({
      event_id: eventId,
      event_type: input.event_type,
      payload,
      target,
      at: input.at,
    })),
  );
  return eventId;
}

export const STATUS_EVENT = {
  open: 'incident.updated',
  acknowledged: 'incident.acknowledged',
  resolved: 'incident.resolved',
  closed: 'incident.closed',
} as const satisfies Record<IncidentStatus, NotificationEventType>;

export interface TransitionInput {
  readonly id: string;
  readonly to: IncidentStatus;
  readonly at: string;
  readonly actor: string;
  readonly note?: string;
}

/** The incident's validated transition and its `incident.<status>` event, committed together. */
export async function transitionIncident(
  deps: { readonly store: Store; readonly newId: () => string },
  input: TransitionInput,
): Promise<{ incident: Incident; event_id: string }> {
  return deps.store.transaction(async (tx) => {
    const incident = await tx.incidents.transition(input.id, input.to, input.at, input.actor, input.note);
    const event_id = await enqueueNotifications(tx, deps.newId, {
      event_type: STATUS_EVENT[input.to],
      data: { incident, escalated: false },
      at: input.at,
    });
    return { incident, event_id };
  });
}

/** `pr.opened`, for the GitOps use case to call inside the transaction that records the PR. */
export function enqueuePullRequestOpened(
  tx: Store,
  newId: () => string,
  pullRequest: PullRequestOpenedData,
  at: string,
): Promise<string> {
  return enqueueNotifications(tx, newId, { event_type: 'pr.opened', data: { ...pullRequest }, at });
}
