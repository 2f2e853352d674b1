// Wording shared by the Slack and Jira renderers: titles, colours, priorities, sample text. Pure.
import type { Severity } from '../core/findings.js';
import type { Incident } from '../core/incidents/incident.js';
import type { IncidentEventType, NotificationEvent } from '../core/notifications/events.js';

export const INCIDENT_EVENT_VERB = {
  'incident.created': 'opened',
  'incident.updated': 'updated',
  'incident.acknowledged': 'acknowledged',
  'incident.resolved': 'resolved',
  'incident.closed': 'closed',
} as const satisfies Record<IncidentEventType, string>;

/** Attachment colour bar per severity (Slack's own palette where it has one). */
export const SEVERITY_COLOR = {
  critical: '#A30200',
  high: '#E01E5A',
  medium: '#ECB22E',
  low: '#2EB67D',
  info: '#439FE0',
} as const satisfies Record<Severity, string>;

/** `METHOD /path`, or `*` for document-level drift. */
export function operationLabel(i: Pick<Incident, 'method' | 'endpoint'>): string {
  return i.method === '*' && i.endpoint === '*' ? '(whole contract)' : `${i.method} ${i.endpoint}`;
}

export function eventTitle(event: NotificationEvent): string {
  switch (event.type) {
    case 'budget.exceeded':
      return `Drift budget exceeded: ${event.budget.operation ?? event.budget.scope}`;
    case 'pr.opened':
      return `Drift fix pull request opened: ${event.pull_request.title}`;
    default:
      return `Drift incident ${INCIDENT_EVENT_VERB[event.type]}: ${operationLabel(event.incident)}`;
  }
}

/** Cuts `text` to at most `max` characters (code points), marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** A before/after sample as pretty JSON, bounded. */
export function sampleText(sample: unknown, max: number): string {
  const text = sample === undefined || sample === null ? 'null' : JSON.stringify(sample, null, 2);
  return truncate(text ?? 'null', max);
}

export function findingsSummary(i: Incident): string[] {
  const findings = i.details.findings;
  if (!Array.isArray(findings)) return [];
  return findings.slice(0, 5).map((f) => {
    const r = (f ?? {}) as Record<string, unknown>;
    return `${String(r.level ?? '')} ${String(r.code ?? '')}: ${String(r.message ?? r.location ?? '')}`.trim();
  });
}
