// One outbound webhook request: configured headers merged with the driftgate headers (event, delivery id,
// timestamp, signature over exactly the body bytes sent), through the Notifier port.
import type { NotificationEvent } from '../core/notifications/events.js';
import {
  HEADER_DELIVERY,
  HEADER_EVENT,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  type HmacSha256Hex,
  signatureHeader,
} from '../core/notifications/signature.js';
import type { WebhookTarget } from '../core/notifications/target.js';
import type { Notifier, OutboundResponse } from '../ports/notifier.js';
import type { OutboxDelivery } from '../ports/outbox.js';

export interface SendDeps {
  readonly notifier: Notifier;
  readonly hmac: HmacSha256Hex;
  /** Epoch ms. */
  readonly now: () => number;
}

export type Attempt = {
  readonly response: OutboundResponse;
  /** Jira skip (nothing to do for this event): recorded delivered without a request. */
  readonly skipped?: string;
};

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

export function skip(reason: string): Attempt {
  return {
    response: { status: null, retryAfter: null, body: '', durationMs: 0, error: null, refused: false },
    skipped: reason,
  };
}

export async function post(
  deps: SendDeps,
  target: WebhookTarget,
  row: OutboxDelivery,
  event: NotificationEvent,
  url: string,
  body: string,
): Promise<OutboundResponse> {
  const timestamp = String(Math.floor(deps.now() / 1000));
  // Merged by lower-cased name (the seed's configs carry `Content-Type` too): one value per header, ours last.
  const merged = new Map<string, [string, string]>();
  const put = (name: string, value: string) => merged.set(name.toLowerCase(), [name, value]);
  for (const [k, v] of Object.entries(JSON_HEADERS)) put(k, v);
  for (const [k, v] of Object.entries(target.headers)) put(k, v);
  put(HEADER_EVENT, event.type);
  put(HEADER_DELIVERY, row.id);
  put(HEADER_TIMESTAMP, timestamp);
  if (target.secret !== null)
    put(HEADER_SIGNATURE, signatureHeader(deps.hmac, target.secret, timestamp, body));
  const headers = Object.fromEntries([...merged.values()]);
  return deps.notifier.send({ url, headers, body, timeoutMs: target.timeoutMs });
}
