// Incidents and outbox envelopes for notification tests.
import type { Incident } from '../../src/core/incidents/incident.js';
import type { NotificationEvent } from '../../src/core/notifications/events.js';

export function sampleIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-1',
    endpoint: '/api/users',
    method: 'POST',
    incident_type: 'breaking_change',
    severity: 'critical',
    status: 'open',
    details: {
      findings: [
        {
          level: 'breaking',
          code: 'missing_required_field',
          location: '/body/email',
          message: "response lacks required field 'email'",
        },
      ],
    },
    budget_id: 'budget-1',
    workspace_id: 'workspace-1',
    sync_cycle_id: null,
    contract_diff_id: null,
    before_sample: { location: '/body/email', value: { type: 'string', format: 'email' } },
    after_sample: { location: '/body/email', value: null },
    external_ticket_id: null,
    external_ticket_url: null,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    acknowledged_at: null,
    resolved_at: null,
    closed_at: null,
    fingerprint: 'fp-1',
    occurrences: 3,
    first_seen: '2026-01-01T00:00:00.000Z',
    last_seen: '2026-01-01T00:00:00.000Z',
    pr_url: null,
    regression_of: null,
    ...overrides,
  };
}

export function incidentEvent(
  type: Extract<NotificationEvent['type'], `incident.${string}`> = 'incident.created',
  incident: Incident = sampleIncident(),
): NotificationEvent {
  return { id: 'evt-1', type, occurred_at: '2026-01-01T00:00:00.000Z', incident, escalated: false };
}

export function envelopeOf(event: NotificationEvent): Record<string, unknown> {
  const { id, type, occurred_at } = event;
  const data =
    event.type === 'budget.exceeded'
      ? event.budget
      : event.type === 'pr.opened'
        ? event.pull_request
        : { incident: event.incident, escalated: event.escalated };
  return { id, type, occurred_at, data };
}
