// The generic webhook body: a stable, documented JSON schema (docs/notifications.md), snake_case with
// the REST API's enum spellings. Fields are listed explicitly so a new Incident column never leaks into
// the wire format by accident.

import type { Incident } from '../core/incidents/incident.js';
import type { NotificationEvent } from '../core/notifications/events.js';

export const WEBHOOK_SCHEMA = 'driftgate.webhook.v1';

export interface RenderLinks {
  /** The dashboard's public base url (no trailing slash), e.g. `https://driftgate.example.com`. */
  readonly publicUrl: string;
}

export function incidentUrl(publicUrl: string, incidentId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/incidents/${encodeURIComponent(incidentId)}`;
}

export function webhookIncident(i: Incident, links: RenderLinks) {
  return {
    id: i.id,
    url: incidentUrl(links.publicUrl, i.id),
    workspace_id: i.workspace_id,
    method: i.method,
    endpoint: i.endpoint,
    incident_type: i.incident_type,
    severity: i.severity,
    status: i.status,
    fingerprint: i.fingerprint,
    occurrences: i.occurrences,
    first_seen: i.first_seen,
    last_seen: i.last_seen,
    details: i.details,
    before_sample: i.before_sample ?? null,
    after_sample: i.after_sample ?? null,
    budget_id: i.budget_id,
    sync_cycle_id: i.sync_cycle_id,
    contract_diff_id: i.contract_diff_id,
    external_ticket_id: i.external_ticket_id,
    external_ticket_url: i.external_ticket_url,
    pr_url: i.pr_url,
    regression_of: i.regression_of,
    created_at: i.created_at,
    updated_at: i.updated_at,
    acknowledged_at: i.acknowledged_at,
    resolved_at: i.resolved_at,
    closed_at: i.closed_at,
  };
}

function eventData(event: NotificationEvent, links: RenderLinks): Record<string, unknown> {
  switch (event.type) {
    case 'budget.exceeded': {
      const b = event.budget;
      return {
        budget: {
          id: b.budget.id,
          level: b.budget.level,
          workspace_id: b.workspace_id,
          service: b.service,
          scope: b.scope,
          operation: b.operation,
          counts: b.counts,
          consumption: b.consumption,
          field_churn: b.field_churn,
          incident_id: b.incident_id,
          incident_url: b.incident_id === null ? null : incidentUrl(links.publicUrl, b.incident_id),
        },
      };
    }
    case 'pr.opened': {
      const p = event.pull_request;
      return {
        pull_request: {
          url: p.url,
          number: p.number ?? null,
          provider: p.provider ?? null,
          title: p.title,
          branch: p.branch,
          workspace_id: p.workspace_id,
          incident_ids: p.incident_ids,
        },
      };
    }
    default:
      return { incident: webhookIncident(event.incident, links), escalated: event.escalated };
  }
}

/** The body object; the notifier serialises it once and signs exactly those bytes. */
export function renderWebhookBody(event: NotificationEvent, deliveryId: string, links: RenderLinks) {
  return {
    schema: WEBHOOK_SCHEMA,
    event: event.type,
    event_id: event.id,
    delivery_id: deliveryId,
    occurred_at: event.occurred_at,
    data: eventData(event, links),
  };
}
