// Jira delivery: file the incident's issue once (REST v2 or v3 body), write its key back to the incident,
// then comment on it (or apply the resolve transition) for every later event of that incident.
import { eventIncidentId, isIncidentEvent, type NotificationEvent } from '../core/notifications/events.js';
import { jiraApiBase, type WebhookTarget } from '../core/notifications/target.js';
import type { IncidentStore } from '../ports/incident-store.js';
import type { OutboxDelivery } from '../ports/outbox.js';
import { renderJiraComment, renderJiraIssue, renderJiraTransition } from '../render/jira.js';
import type { RenderLinks } from '../render/webhook.js';
import { type Attempt, post, type SendDeps, skip } from './notify-send.js';

export interface JiraDeps extends SendDeps {
  readonly incidents: Pick<IncidentStore, 'get' | 'update'>;
}

export async function attemptJira(
  deps: JiraDeps,
  settings: RenderLinks,
  target: WebhookTarget & { jira: NonNullable<WebhookTarget['jira']> },
  row: OutboxDelivery,
  event: NotificationEvent,
): Promise<Attempt> {
  const incidentId = eventIncidentId(event);
  if (incidentId === null) return skip('no incident to file or comment on');
  // The stored incident is the truth for the ticket link (the event may predate the ticket).
  const current = await deps.incidents.get(incidentId);
  const ticket = current?.external_ticket_id ?? null;
  const base = jiraApiBase(target.url);
  const { apiVersion } = target.jira;
  if (ticket !== null) {
    const key = encodeURIComponent(ticket);
    if (event.type === 'incident.resolved' && target.jira.resolveTransitionId !== null) {
      const body = JSON.stringify(renderJiraTransition(target.jira.resolveTransitionId));
      return { response: await post(deps, target, row, event, `${base}/issue/${key}/transitions`, body) };
    }
    const body = JSON.stringify(renderJiraComment(event, apiVersion, settings));
    return { response: await post(deps, target, row, event, `${base}/issue/${key}/comment`, body) };
  }
  if (!isIncidentEvent(event)) return skip('the incident has no Jira issue to comment on');
  const incident = current ?? event.incident;
  const body = JSON.stringify(
    renderJiraIssue(incident, {
      apiVersion,
      projectKey: target.jira.projectKey,
      issueType: target.jira.issueType,
      publicUrl: settings.publicUrl,
    }),
  );
  const response = await post(deps, target, row, event, target.url, body);
  if (response.status !== null && response.status >= 200 && response.status < 300) {
    let created: { key?: unknown; self?: unknown } = {};
    try {
      created = JSON.parse(response.body) as typeof created;
    } catch {
      // Not JSON: handled below as "no key" (the issue may exist; retrying would file a second one).
    }
    if (typeof created.key !== 'string') {
      return { response: { ...response, error: 'Jira answered without an issue key' } };
    }
    // The browse url is what a person opens; `self` (the REST url) stays in the timeline entry.
    const origin = URL.canParse(String(created.self))
      ? new URL(String(created.self)).origin
      : new URL(target.url).origin;
    await deps.incidents.update(
      incident.id,
      {
        external_ticket_id: created.key,
        external_ticket_url: `${origin}/browse/${encodeURIComponent(created.key)}`,
        details: { jira_issue: { key: created.key, self: created.self ?? null } },
      },
      new Date(deps.now()).toISOString(),
      'notifier',
    );
  }
  return { response };
}
