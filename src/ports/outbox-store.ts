// The webhook outbox (written in the same transaction as the incident change) and its delivery log.
// Delivery itself is the notifier's (issue 7): it claims due rows with a lease, attempts, and records.

export const NOTIFICATION_EVENTS = [
  'incident.created',
  'incident.updated',
  'incident.acknowledged',
  'incident.resolved',
  'incident.closed',
  'budget.exceeded',
  'pr.opened',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

export const OUTBOX_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface OutboxInput {
  /** The id receivers see (idempotency header); shared by the rows of one event fanned out to targets. */
  readonly event_id: string;
  readonly event_type: NotificationEvent;
  readonly payload: unknown;
  /** Webhook url/name, or `*` for "every subscribed webhook" (resolved by the notifier). */
  readonly target: string;
  /** Deliveries with the same key go to one target in order (the incident id); null when unordered. */
  readonly ordering_key?: string | null;
  readonly at: string;
}

export interface OutboxRow {
  readonly id: string;
  readonly event_id: string;
  readonly event_type: NotificationEvent;
  readonly payload: unknown;
  readonly target: string;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly next_attempt_at: string;
  readonly locked_by: string | null;
  readonly locked_until: string | null;
  readonly last_error: string | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly delivered_at: string | null;
  readonly ordering_key: string | null;
}

export interface DeliveryAttempt {
  readonly outbox_id: string;
  readonly attempt: number;
  readonly at: string;
  readonly status_code: number | null;
  readonly duration_ms: number;
  readonly error: string | null;
}

export interface OutboxStore {
  /** Duplicate (event_id, target) pairs are ignored. */
  enqueue(rows: readonly OutboxInput[]): Promise<number>;
  /** Leases up to `limit` pending rows due at `now` and not leased by someone else (SKIP LOCKED on PostgreSQL). */
  claimDue(input: {
    readonly workerId: string;
    readonly now: string;
    readonly leaseMs: number;
    readonly limit: number;
  }): Promise<readonly OutboxRow[]>;
  /** Logs the attempt and sets the row delivered, back to pending at `nextAttemptAt`, or dead (null). */
  complete(
    attempt: DeliveryAttempt,
    outcome:
      | { readonly delivered: true }
      | { readonly delivered: false; readonly nextAttemptAt: string | null },
  ): Promise<void>;
  list(filter?: {
    readonly status?: OutboxStatus;
    readonly event_type?: NotificationEvent;
  }): Promise<readonly OutboxRow[]>;
  attempts(outboxId: string): Promise<readonly DeliveryAttempt[]>;
}
