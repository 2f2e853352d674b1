// The delivery worker: claims due outbox rows under a lease, fans events out to subscribed webhooks,
// renders (generic JSON / Slack Block Kit / Jira REST), signs, POSTs with the webhook's timeout, and records
// every attempt; failures retry with exponential backoff and full jitter (Retry-After honoured on 429/503)
// up to the webhook's max attempts, then go to the dead letters. Safe with several workers: a row is
// worked by its lease holder only. Receivers get at-least-once delivery and dedupe on X-Driftgate-Delivery.
import { eventIncidentId, type NotificationEvent, parseEnvelope } from '../core/notifications/events.js';
import { classifyAttempt, nextAttemptAt, type RetryPolicy } from '../core/notifications/retry.js';
import type { HmacSha256Hex } from '../core/notifications/signature.js';
import {
  displayUrl,
  redact,
  subscribes,
  targetSecrets,
  type WebhookTarget,
} from '../core/notifications/target.js';
import type { IncidentStore } from '../ports/incident-store.js';
import type { Notifier } from '../ports/notifier.js';
import { ANY_TARGET, type NotificationOutbox, type OutboxDelivery } from '../ports/outbox.js';
import { renderSlackMessage } from '../render/slack.js';
import { type RenderLinks, renderWebhookBody } from '../render/webhook.js';
import { attemptJira } from './notify-jira.js';
import { type Attempt, post } from './notify-send.js';

export interface DeliveryLogEntry {
  readonly level: 'info' | 'warn' | 'error';
  readonly msg: string;
  readonly delivery_id?: string;
  readonly event_id?: string;
  readonly event_type?: string;
  readonly webhook?: string;
  readonly attempt?: number;
  readonly status_code?: number | null;
  readonly duration_ms?: number;
  /** Already redacted. */
  readonly error?: string | null;
}

export interface DeliverNotificationsDeps {
  readonly outbox: NotificationOutbox;
  /** Jira: read the incident's ticket, write the created one back. */
  readonly incidents: Pick<IncidentStore, 'get' | 'update'>;
  readonly notifier: Notifier;
  readonly hmac: HmacSha256Hex;
  /** Epoch ms. */
  readonly now: () => number;
  /** Uniform in [0, 1): backoff jitter. */
  readonly random: () => number;
  readonly log?: (entry: DeliveryLogEntry) => void;
}

export interface DeliverySettings extends RenderLinks {
  readonly workerId: string;
  readonly targets: readonly WebhookTarget[];
  /** Rows claimed (and delivered concurrently) per round; default 16. */
  readonly batchSize?: number;
  /** Lease per claimed row; must exceed the longest timeout. Default: longest timeout + 30s. */
  readonly leaseMs?: number;
  readonly retry: RetryPolicy;
}

export interface RoundResult {
  readonly claimed: number;
  readonly delivered: number;
  readonly retrying: number;
  readonly dead: number;
  readonly fannedOut: number;
  readonly lostLease: number;
}

export function leaseMsFor(settings: Pick<DeliverySettings, 'targets' | 'leaseMs'>): number {
  const longest = Math.max(0, ...settings.targets.map((t) => t.timeoutMs));
  const lease = settings.leaseMs ?? longest + 30_000;
  // A Jira delivery makes up to two calls; the lease must outlive both or another worker may step in.
  if (lease <= 2 * longest)
    throw new RangeError(`lease ${lease}ms must exceed twice the longest webhook timeout (${longest}ms)`);
  return lease;
}

async function attempt(
  deps: DeliverNotificationsDeps,
  settings: DeliverySettings,
  target: WebhookTarget,
  row: OutboxDelivery,
  event: NotificationEvent,
): Promise<Attempt> {
  switch (target.kind) {
    case 'slack':
      return {
        response: await post(
          deps,
          target,
          row,
          event,
          target.url,
          JSON.stringify(renderSlackMessage(event, settings)),
        ),
      };
    case 'jira':
      if (target.jira === null) throw new TypeError(`webhook ${target.id} is kind jira without Jira options`);
      return attemptJira(deps, settings, { ...target, jira: target.jira }, row, event);
    default:
      return {
        response: await post(
          deps,
          target,
          row,
          event,
          target.url,
          JSON.stringify(renderWebhookBody(event, row.id, settings)),
        ),
      };
  }
}

type RowResult = 'delivered' | 'retrying' | 'dead' | 'fanned_out' | 'lost_lease';

async function deadLetter(
  deps: DeliverNotificationsDeps,
  settings: DeliverySettings,
  row: OutboxDelivery,
  error: string,
) {
  const ok = await deps.outbox.recordAttempt(
    {
      delivery_id: row.id,
      attempt: row.attempts + 1,
      at: new Date(deps.now()).toISOString(),
      status_code: null,
      duration_ms: 0,
      error,
    },
    { delivered: false, nextAttemptAt: null },
    settings.workerId,
  );
  deps.log?.({
    level: 'error',
    msg: 'delivery dead-lettered',
    delivery_id: row.id,
    event_type: row.event_type,
    error,
  });
  return ok ? 'dead' : 'lost_lease';
}

async function processRow(
  deps: DeliverNotificationsDeps,
  settings: DeliverySettings,
  row: OutboxDelivery,
): Promise<RowResult> {
  let event: NotificationEvent;
  try {
    event = parseEnvelope(row.payload);
  } catch (e) {
    return deadLetter(deps, settings, row, e instanceof Error ? e.message : String(e));
  }
  const nowIso = () => new Date(deps.now()).toISOString();
  if (row.target === ANY_TARGET) {
    const orderingKey = eventIncidentId(event);
    const children = settings.targets
      .filter((t) => subscribes(t, event))
      .map((t) => ({ target: t.id, ordering_key: orderingKey }));
    const ok = await deps.outbox.fanOut(row, children, settings.workerId, nowIso());
    deps.log?.({
      level: 'info',
      msg: `event fanned out to ${children.length} webhook(s)`,
      event_id: row.event_id,
      event_type: row.event_type,
    });
    return ok ? 'fanned_out' : 'lost_lease';
  }
  const target = settings.targets.find((t) => t.id === row.target);
  if (target === undefined)
    return deadLetter(deps, settings, row, `webhook ${row.target} is not configured any more`);
  if (!target.enabled) return deadLetter(deps, settings, row, `webhook ${row.target} is disabled`);

  const secrets = targetSecrets(target);
  const attemptNo = row.attempts + 1;
  let result: Attempt;
  try {
    result = await attempt(deps, settings, target, row, event);
  } catch (e) {
    // A bug or a store failure, not the receiver's answer: retried like a network error.
    const message = e instanceof Error ? e.message : String(e);
    result = {
      response: {
        status: null,
        retryAfter: null,
        body: '',
        durationMs: 0,
        error: `internal: ${message}`,
        refused: false,
      },
    };
  }
  const { response } = result;
  const at = deps.now();
  const verdict =
    result.skipped !== undefined
      ? 'delivered'
      : response.refused
        ? 'permanent'
        : classifyAttempt(response.status);
  const error =
    result.skipped !== undefined
      ? `skipped: ${result.skipped}`
      : response.error === null
        ? null
        : redact(response.error, secrets);
  const next =
    verdict === 'retry'
      ? nextAttemptAt({
          attempt: attemptNo,
          maxAttempts: target.maxAttempts,
          status: response.status,
          retryAfter: response.retryAfter,
          nowMs: at,
          policy: settings.retry,
          random: deps.random,
        })
      : null;
  const delivered = verdict === 'delivered';
  const ok = await deps.outbox.recordAttempt(
    {
      delivery_id: row.id,
      attempt: attemptNo,
      at: new Date(at).toISOString(),
      status_code: response.status,
      duration_ms: response.durationMs,
      error,
    },
    delivered
      ? { delivered: true }
      : { delivered: false, nextAttemptAt: next === null ? null : new Date(next).toISOString() },
    settings.workerId,
  );
  const outcome: RowResult = !ok
    ? 'lost_lease'
    : delivered
      ? 'delivered'
      : next === null
        ? 'dead'
        : 'retrying';
  deps.log?.({
    level: outcome === 'delivered' ? 'info' : outcome === 'dead' ? 'error' : 'warn',
    msg: `delivery ${outcome.replace('_', ' ')}`,
    delivery_id: row.id,
    event_id: row.event_id,
    event_type: row.event_type,
    webhook: displayUrl(target),
    attempt: attemptNo,
    status_code: response.status,
    duration_ms: response.durationMs,
    error,
  });
  return outcome;
}

/** One round: claim a batch and work it concurrently. */
export async function deliverDueNotifications(
  deps: DeliverNotificationsDeps,
  settings: DeliverySettings,
): Promise<RoundResult> {
  const rows = await deps.outbox.claim({
    workerId: settings.workerId,
    now: new Date(deps.now()).toISOString(),
    leaseMs: leaseMsFor(settings),
    limit: settings.batchSize ?? 16,
  });
  const results = await Promise.all(rows.map((r) => processRow(deps, settings, r)));
  const count = (k: RowResult) => results.filter((r) => r === k).length;
  return {
    claimed: rows.length,
    delivered: count('delivered'),
    retrying: count('retrying'),
    dead: count('dead'),
    fannedOut: count('fanned_out'),
    lostLease: count('lost_lease'),
  };
}

export interface DeliveryWorker {
  /** Stops claiming; resolves when the deliveries in flight are done. */
  stop(): Promise<void>;
  readonly done: Promise<void>;
}

/**
 * Runs until stopped, keeping up to `batchSize` deliveries in flight: it claims as many rows as there are
 * free slots, so one slow receiver holds one slot for its timeout, not the whole worker. Claims again at
 * once when a slot frees, every `pollMs` when idle, and after `pollMs` on a store error.
 */
export function startDeliveryWorker(
  deps: DeliverNotificationsDeps,
  settings: DeliverySettings & { readonly pollMs?: number },
): DeliveryWorker {
  const leaseMs = leaseMsFor(settings);
  const pollMs = settings.pollMs ?? 1_000;
  const slots = settings.batchSize ?? 16;
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let woken = false;
  let wake: (() => void) | null = null;
  const signal = () => {
    woken = true;
    wake?.();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken) return resolve();
      const t = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    }).then(() => {
      woken = false;
      wake = null;
    });
  const fail = (msg: string, e: unknown) =>
    deps.log?.({ level: 'error', msg, error: e instanceof Error ? e.message : String(e) });

  const done = (async () => {
    while (!stopped) {
      const free = slots - inFlight.size;
      // Claim in batches (at least half the slots, or whatever is free when idle): one claim per
      // finished delivery would multiply the claim queries by the batch size.
      if (free > 0 && (free >= Math.ceil(slots / 2) || inFlight.size === 0)) {
        let rows: readonly OutboxDelivery[];
        try {
          rows = await deps.outbox.claim({
            workerId: settings.workerId,
            now: new Date(deps.now()).toISOString(),
            leaseMs,
            limit: free,
          });
        } catch (e) {
          fail('claiming deliveries failed', e);
          await sleep(pollMs);
          continue;
        }
        for (const row of rows) {
          const p: Promise<void> = processRow(deps, settings, row)
            .then(
              () => undefined,
              (e: unknown) => fail('delivery failed', e),
            )
            .finally(() => {
              inFlight.delete(p);
              signal();
            });
          inFlight.add(p);
        }
        // A full batch: more may be due (claim again once slots free up).
        if (rows.length === free) continue;
      }
      // Woken early when a delivery finishes.
      await sleep(pollMs);
    }
    await Promise.all(inFlight);
  })();
  return {
    done,
    async stop() {
      stopped = true;
      signal();
      await done;
    },
  };
}
