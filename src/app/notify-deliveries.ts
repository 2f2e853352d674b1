// API-ready use cases over the delivery log (for `GET /api/v1/drift/notifications/deliveries` and
// `POST .../deliveries/{id}/redeliver`): list deliveries with their attempts, show one, redeliver one.
import { DriftgateError } from '../core/errors.js';
import { displayUrl, type WebhookTarget } from '../core/notifications/target.js';
import type {
  DeliveryAttemptRecord,
  DeliveryFilter,
  NotificationOutbox,
  OutboxDelivery,
} from '../ports/outbox.js';

export interface DeliveryView {
  readonly id: string;
  readonly event_id: string;
  readonly event_type: string;
  readonly webhook_id: string;
  /** Printable url of the webhook (no credentials, no Slack path); null when no longer configured. */
  readonly webhook_url: string | null;
  readonly webhook_kind: string | null;
  readonly status: string;
  readonly attempts: number;
  readonly next_attempt_at: string | null;
  readonly last_error: string | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly delivered_at: string | null;
  readonly incident_id: string | null;
}

export interface DeliveryDetail extends DeliveryView {
  readonly attempt_log: readonly DeliveryAttemptRecord[];
}

function view(d: OutboxDelivery, targets: readonly WebhookTarget[]): DeliveryView {
  const t = targets.find((x) => x.id === d.target);
  return {
    id: d.id,
    event_id: d.event_id,
    event_type: d.event_type,
    webhook_id: d.target,
    webhook_url: t ? displayUrl(t) : null,
    webhook_kind: t?.kind ?? null,
    status: d.status,
    attempts: d.attempts,
    next_attempt_at: d.status === 'pending' ? d.next_attempt_at : null,
    last_error: d.last_error,
    created_at: d.created_at,
    updated_at: d.updated_at,
    delivered_at: d.delivered_at,
    incident_id: d.ordering_key,
  };
}

export interface DeliveriesDeps {
  readonly outbox: NotificationOutbox;
  readonly targets: readonly WebhookTarget[];
}

export async function listDeliveries(
  deps: DeliveriesDeps,
  filter: DeliveryFilter,
  page: { readonly limit: number; readonly cursor?: string },
): Promise<{ items: DeliveryView[]; next_cursor: string | null }> {
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > 500) {
    throw new DriftgateError('request.invalid', 'limit must be an integer from 1 to 500', {
      pointer: 'limit',
    });
  }
  let result: Awaited<ReturnType<NotificationOutbox['list']>>;
  try {
    result = await deps.outbox.list(filter, page);
  } catch (e) {
    if (e instanceof TypeError && e.message === 'invalid cursor') {
      throw new DriftgateError('request.invalid', 'cursor is not one this API returned', {
        pointer: 'cursor',
      });
    }
    throw e;
  }
  return { items: result.items.map((d) => view(d, deps.targets)), next_cursor: result.next_cursor };
}

export async function getDelivery(deps: DeliveriesDeps, id: string): Promise<DeliveryDetail> {
  const d = await deps.outbox.get(id);
  if (!d || d.target === '*') throw new DriftgateError('store.not_found', `no delivery ${id}`);
  return { ...view(d, deps.targets), attempt_log: await deps.outbox.attempts(id) };
}

/**
 * Puts a delivered or dead delivery back in the queue, due now, with the SAME delivery id (receivers that
 * already processed it dedupe it; a dead one gets a fresh attempt budget). A pending one is refused.
 */
export async function redeliverDelivery(
  deps: DeliveriesDeps,
  id: string,
  now: string,
): Promise<DeliveryDetail> {
  const d = await deps.outbox.get(id);
  if (!d || d.target === '*') throw new DriftgateError('store.not_found', `no delivery ${id}`);
  if (d.status === 'pending') {
    throw new DriftgateError(
      'store.conflict',
      `delivery ${id} is already pending (next attempt ${d.next_attempt_at})`,
    );
  }
  if (!(await deps.outbox.redeliver(id, now))) {
    throw new DriftgateError('store.conflict', `delivery ${id} changed while redelivering; try again`);
  }
  return getDelivery(deps, id);
}
