// The delivery side of the outbox (issue 7): claim due rows under a lease, fan an event out to its
// webhooks, record each attempt (fenced by the lease), list deliveries and redeliver one. The enqueue
// side is OutboxStore.enqueue (ports/outbox-store.ts), written inside the incident's own transaction.
import type { NotificationEventType } from '../core/notifications/events.js';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Rows with this target are events not yet fanned out to the subscribed webhooks. */
export const ANY_TARGET = '*';

export interface OutboxDelivery {
  /** The delivery id (`X-Driftgate-Delivery`): stable across retries and redeliveries of this row. */
  readonly id: string;
  readonly event_id: string;
  readonly event_type: NotificationEventType;
  readonly payload: unknown;
  /** A webhook id (`wh_...`) or `*`. */
  readonly target: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly next_attempt_at: string;
  readonly locked_by: string | null;
  readonly locked_until: string | null;
  readonly last_error: string | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly delivered_at: string | null;
  /** The incident the event is about: deliveries of one incident to one target go in order. */
  readonly ordering_key: string | null;
}

export interface DeliveryAttemptRecord {
  readonly delivery_id: string;
  readonly attempt: number;
  readonly at: string;
  readonly status_code: number | null;
  readonly duration_ms: number;
  readonly error: string | null;
}

export type AttemptOutcome =
  | { readonly delivered: true }
  | { readonly delivered: false; readonly nextAttemptAt: string | null };

export interface DeliveryFilter {
  readonly status?: DeliveryStatus;
  readonly event_type?: NotificationEventType;
  readonly target?: string;
  readonly event_id?: string;
}

export interface DeliveryPage {
  readonly items: readonly OutboxDelivery[];
  readonly next_cursor: string | null;
}

export interface FanOutChild {
  readonly target: string;
  readonly ordering_key: string | null;
}

export interface NotificationOutbox {
  /**
   * Leases up to `limit` pending rows due at `now` whose lease is free, skipping a row while an older
   * pending row of the same (target, ordering_key) exists (per-incident order per webhook).
   */
  claim(input: {
    readonly workerId: string;
    readonly now: string;
    readonly leaseMs: number;
    readonly limit: number;
  }): Promise<readonly OutboxDelivery[]>;
  /**
   * Replaces a `*` row by one row per target (same event id, payload and created_at), in one transaction,
   * only while `workerId` still holds the lease; returns false when the lease was lost.
   */
  fanOut(
    row: OutboxDelivery,
    children: readonly FanOutChild[],
    workerId: string,
    now: string,
  ): Promise<boolean>;
  /**
   * Logs the attempt and sets the row delivered / pending at `nextAttemptAt` / dead (null), only while
   * `workerId` holds the lease (the attempt is logged either way); returns false when the lease was lost.
   */
  recordAttempt(attempt: DeliveryAttemptRecord, outcome: AttemptOutcome, workerId: string): Promise<boolean>;
  get(id: string): Promise<OutboxDelivery | undefined>;
  /** Deliveries (not `*` rows), newest first, keyset-paged. */
  list(
    filter: DeliveryFilter,
    page: { readonly limit: number; readonly cursor?: string },
  ): Promise<DeliveryPage>;
  attempts(deliveryId: string): Promise<readonly DeliveryAttemptRecord[]>;
  /** Puts a delivered or dead row back to pending, due at `now`, same delivery id; false when unknown or `*`. */
  redeliver(id: string, now: string): Promise<boolean>;
  close(): Promise<void>;
}
