// Use case: change an incident from the API (acknowledge, resolve, close, reopen, link a ticket), with the
// matching notification event enqueued in the same transaction (PRODUCT.md "Notifications").
import type { Incident, IncidentStatus, IncidentWithTimeline } from '../core/incidents/incident.js';
import type { NotificationEvent } from '../ports/outbox-store.js';
import type { Store } from '../ports/store.js';

export interface UpdateIncidentDeps {
  readonly store: Store;
  readonly newId: () => string;
}

export interface UpdateIncidentInput {
  readonly id: string;
  readonly status?: IncidentStatus;
  readonly external_ticket_id?: string | null;
  readonly external_ticket_url?: string | null;
  readonly note?: string;
  readonly at: string;
  readonly actor: string;
}

const EVENT_OF_STATUS = {
  open: 'incident.updated',
  acknowledged: 'incident.acknowledged',
  resolved: 'incident.resolved',
  closed: 'incident.closed',
} as const satisfies Record<IncidentStatus, NotificationEvent>;

export async function updateIncident(
  deps: UpdateIncidentDeps,
  input: UpdateIncidentInput,
): Promise<IncidentWithTimeline> {
  const id = await deps.store.transaction(async (tx) => {
    let incident: Incident | undefined;
    const events: NotificationEvent[] = [];
    if (input.external_ticket_id !== undefined || input.external_ticket_url !== undefined) {
      incident = await tx.incidents.update(
        input.id,
        {
          ...(input.external_ticket_id !== undefined ? { external_ticket_id: input.external_ticket_id } : {}),
          ...(input.external_ticket_url !== undefined
            ? { external_ticket_url: input.external_ticket_url }
            : {}),
        },
        input.at,
        input.actor,
      );
      events.push('incident.updated');
    }
    if (input.status !== undefined) {
      incident = await tx.incidents.transition(input.id, input.status, input.at, input.actor, input.note);
      events.push(EVENT_OF_STATUS[input.status]);
    }
    if (!incident) return input.id;
    const event = events[events.length - 1]!;
    const eventId = deps.newId();
    await tx.outbox.enqueue([
      {
        event_id: eventId,
        event_type: event,
        target: '*',
        // Per-incident delivery order: the acknowledgement never overtakes the creation (issue 7).
        ordering_key: incident.id,
        at: input.at,
        payload: { id: eventId, type: event, occurred_at: input.at, data: { incident } },
      },
    ]);
    return incident.id;
  });
  const out = await deps.store.incidents.get(id);
  if (!out) throw new Error(`incident ${id} vanished after update`);
  return out;
}
