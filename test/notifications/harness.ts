// Wiring for outbox tests: a store and a notification outbox on one database, incidents with their
// events enqueued in one transaction, and a worker's dependencies over real HTTP.
import { randomUUID } from 'node:crypto';
import { hmacSha256Hex } from '../../src/adapters/notifiers/hmac.js';
import { createHttpNotifier } from '../../src/adapters/notifiers/http.js';
import { openNotificationOutbox } from '../../src/adapters/storage/outbox-open.js';
import {
  type DeliverNotificationsDeps,
  type DeliverySettings,
  deliverDueNotifications,
} from '../../src/app/deliver-notifications.js';
import { enqueueNotifications } from '../../src/app/notify-incident.js';
import type { Incident } from '../../src/core/incidents/incident.js';
import type { NotificationEventType } from '../../src/core/notifications/events.js';
import type { WebhookTarget } from '../../src/core/notifications/target.js';
import type { NotificationOutbox } from '../../src/ports/outbox.js';
import type { Store } from '../../src/ports/store.js';
import type { StoreLocation } from '../storage/targets.js';

export async function openBoth(loc: StoreLocation): Promise<{ store: Store; outbox: NotificationOutbox }> {
  const store = await loc.open();
  const outbox = await openNotificationOutbox({
    url: loc.url,
    dataDir: loc.dataDir,
    ...(loc.schema === undefined ? {} : { schema: loc.schema }),
  });
  return { store, outbox };
}

let seq = 0;

/** Opens an incident (fresh fingerprint) and enqueues `incident.created` in the same transaction. */
export async function openIncident(
  store: Store,
  at: string,
  over: { severity?: Incident['severity']; workspace?: string; endpoint?: string } = {},
): Promise<{ incident: Incident; eventId: string }> {
  return store.transaction(async (tx) => {
    const { incident } = await tx.incidents.recordOccurrence({
      fingerprint: `fp-${randomUUID()}`,
      workspace_id: over.workspace ?? 'workspace-1',
      service: 'user-service',
      endpoint: over.endpoint ?? `/api/users/${++seq}`,
      method: 'POST',
      incident_type: 'breaking_change',
      severity: over.severity ?? 'critical',
      details: {
        findings: [
          {
            level: 'breaking',
            code: 'missing_required_field',
            location: '/body/email',
            message: 'email missing',
          },
        ],
      },
      budget_id: null,
      sync_cycle_id: null,
      contract_diff_id: null,
      before_sample: { type: 'string' },
      after_sample: null,
      occurrences: 1,
      at,
      actor: 'test',
    });
    const eventId = await enqueueNotifications(tx, randomUUID, {
      event_type: 'incident.created',
      data: { incident, escalated: false },
      at,
      incident_id: incident.id,
    });
    return { incident, eventId };
  });
}

/** Enqueues another event about an incident (as the later use cases would). */
export async function emit(
  store: Store,
  type: NotificationEventType,
  incident: Incident,
  at: string,
): Promise<string> {
  return store.transaction((tx) =>
    enqueueNotifications(tx, randomUUID, {
      event_type: type,
      data: { incident, escalated: false },
      at,
      incident_id: incident.id,
    }),
  );
}

export function workerDeps(
  store: Store,
  outbox: NotificationOutbox,
  allowPrivateTargets = true,
): DeliverNotificationsDeps {
  return {
    outbox,
    incidents: store.incidents,
    notifier: createHttpNotifier({ allowPrivateTargets }),
    hmac: hmacSha256Hex,
    now: Date.now,
    random: Math.random,
  };
}

export function target(over: Partial<WebhookTarget> & Pick<WebhookTarget, 'url'>): WebhookTarget {
  return {
    id: `wh_${randomUUID().slice(0, 8)}`,
    kind: 'generic',
    enabled: true,
    events: ['incident.created', 'incident.updated', 'incident.resolved'],
    headers: {},
    secret: null,
    minSeverity: null,
    workspaces: null,
    timeoutMs: 2_000,
    maxAttempts: 5,
    jira: null,
    ...over,
  };
}

export function settings(targets: WebhookTarget[], over: Partial<DeliverySettings> = {}): DeliverySettings {
  return {
    workerId: `test-${randomUUID().slice(0, 8)}`,
    targets,
    publicUrl: 'https://driftgate.example.com',
    retry: { baseMs: 20, capMs: 100 },
    ...over,
  };
}

/** Runs delivery rounds until `done()` holds (or throws after `timeoutMs`). */
export async function drain(
  deps: DeliverNotificationsDeps,
  s: DeliverySettings,
  done: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > end) throw new Error('delivery did not finish in time');
    const r = await deliverDueNotifications(deps, s);
    if (r.claimed === 0) await new Promise((res) => setTimeout(res, 15));
  }
}
