// Enqueueing a notification event inside the caller's transaction (the transactional outbox), for use
// cases that change state and must announce it atomically. The envelope is the one app/record-drift.ts,
// app/update-incident.ts and app/generate-pr.ts write: `{id, type, occurred_at, data}`, `*` rows the
// worker fans out to subscribed webhooks; `ordering_key` (the incident id) keeps one incident's events in order.
import type { NotificationEventType } from '../core/notifications/events.js';
import type { Store } from '../ports/store.js';

export interface EnqueueInput {
  readonly event_type: NotificationEventType;
  readonly data: Readonly<Record<string, unknown>>;
  /** ISO time of the change. */
  readonly at: string;
  /** Default `['*']`: every subscribed webhook. */
  readonly targets?: readonly string[];
  /** The incident the event is about, when there is one. */
  readonly incident_id?: string | null;
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
      ordering_key: input.incident_id ?? null,
    })),
  );
  return eventId;
}
