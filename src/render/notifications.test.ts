import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateSlackMessage } from '../../test/notifications/block-kit.js';
import { incidentEvent, sampleIncident } from '../../test/notifications/fixtures.js';
import { validateJiraComment, validateJiraIssue } from '../../test/notifications/jira-shape.js';
import { SEVERITIES } from '../core/findings.js';
import type { NotificationEvent } from '../core/notifications/events.js';
import { JIRA_PRIORITY, renderJiraComment, renderJiraIssue } from './jira.js';
import { renderSlackMessage } from './slack.js';
import { renderWebhookBody } from './webhook.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), '../../test/notifications/golden');
const links = { publicUrl: 'https://driftgate.example.com' };

/** Compares with test/notifications/golden/NAME.json; UPDATE_GOLDEN=1 rewrites it. */
function golden(name: string, value: unknown) {
  const file = join(GOLDEN, `${name}.json`);
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, text);
  }
  if (!existsSync(file)) throw new Error(`missing golden ${file}: run with UPDATE_GOLDEN=1 and review it`);
  // Compared as data: Biome may reformat the golden files.
  expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}

const budgetEvent: NotificationEvent = {
  id: 'evt-2',
  type: 'budget.exceeded',
  occurred_at: '2026-01-01T00:00:00.000Z',
  budget: {
    workspace_id: 'workspace-1',
    service: 'user-service',
    scope: 'workspace-1/user-service',
    operation: 'POST /api/users',
    budget: { id: 'budget-1', level: 'endpoint' },
    counts: { breaking: 1, potentially_breaking: 0, non_breaking: 4 },
    consumption: [],
    field_churn: { percent: 12.5 },
    incident_id: 'inc-1',
  },
};
const prEvent: NotificationEvent = {
  id: 'evt-3',
  type: 'pr.opened',
  occurred_at: '2026-01-01T00:00:00.000Z',
  pull_request: {
    url: 'https://github.com/acme/api/pull/7',
    workspace_id: 'workspace-1',
    title: 'Fix drift in POST /api/users',
    branch: 'mockforge/drift-fix/abc',
    incident_ids: ['inc-1'],
  },
};
const ALL_EVENTS: NotificationEvent[] = [
  incidentEvent('incident.created'),
  incidentEvent('incident.updated'),
  incidentEvent('incident.acknowledged'),
  incidentEvent('incident.resolved'),
  incidentEvent('incident.closed'),
  budgetEvent,
  prEvent,
];

describe('generic webhook body', () => {
  it('matches the documented schema (golden)', () => {
    golden('webhook-incident.created', renderWebhookBody(incidentEvent(), 'dlv-1', links));
    golden('webhook-budget.exceeded', renderWebhookBody(budgetEvent, 'dlv-2', links));
    golden('webhook-pr.opened', renderWebhookBody(prEvent, 'dlv-3', links));
  });
});

describe('Slack Block Kit', () => {
  it('matches the golden message', () =>
    golden('slack-incident.created', renderSlackMessage(incidentEvent(), links)));

  it.each(ALL_EVENTS.map((e) => [e.type, e] as const))('%s is valid Block Kit', (_t, event) => {
    const msg = renderSlackMessage(event, links);
    expect(validateSlackMessage(msg)).toEqual([]);
    const blocks = msg.attachments[0]?.blocks ?? [];
    expect(blocks.map((b) => b.type)[0]).toBe('header');
    expect(blocks.some((b) => b.type === 'context')).toBe(true);
    expect(blocks.at(-1)?.type).toBe('actions');
  });

  it('stays within limits for huge values and links the button to the incident', () => {
    const big = sampleIncident({
      endpoint: `/api/${'x'.repeat(500)}`,
      workspace_id: 'w'.repeat(5000),
      before_sample: { blob: 'y'.repeat(20_000) },
      after_sample: { blob: '<&>'.repeat(5000) },
      external_ticket_id: 'PROJ-1',
      external_ticket_url: 'https://x.atlassian.net/browse/PROJ-1',
      pr_url: 'https://github.com/a/b/pull/1',
    });
    const msg = renderSlackMessage(incidentEvent('incident.updated', big), links);
    expect(validateSlackMessage(msg)).toEqual([]);
    const actions = msg.attachments[0]?.blocks.at(-1);
    expect(actions).toMatchObject({
      type: 'actions',
      elements: [{ type: 'button', url: 'https://driftgate.example.com/incidents/inc-1' }],
    });
  });

  it('colours the attachment by severity', () => {
    const colors = SEVERITIES.map(
      (severity) =>
        renderSlackMessage(incidentEvent('incident.created', sampleIncident({ severity })), links)
          .attachments[0]?.color,
    );
    expect(colors).toEqual(['#A30200', '#E01E5A', '#ECB22E', '#2EB67D', '#439FE0']);
  });

  it('the validator catches what Slack rejects', () => {
    expect(
      validateSlackMessage({
        blocks: [
          { type: 'header', text: { type: 'mrkdwn', text: 'x'.repeat(151) } },
          { type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'a' })) },
          { type: 'section', fields: ['plain string'] },
          {
            type: 'actions',
            elements: [{ type: 'button', text: { type: 'plain_text', text: 'Go' }, url: 'x' }],
          },
          ...Array.from({ length: 47 }, () => ({ type: 'divider' })),
        ],
      }),
    ).toEqual([
      'text: a top-level fallback text is required',
      'blocks: 51 blocks > 50',
      'blocks[0].text.type: must be plain_text',
      'blocks[0].text.text: 151 chars > 150',
      'blocks[1].fields: 11 > 10',
      'blocks[2].fields[0]: text object required',
      'blocks[3].elements[0].action_id: ≤255 chars required',
      'blocks[3].elements[0].url: http(s) url ≤3000 chars',
    ]);
  });
});

describe('Jira bodies', () => {
  const opts = { ...links, projectKey: 'PROJ', issueType: 'Bug' };
  it('v2: wiki-markup issue (golden) with summary, priority, labels', () => {
    const body = renderJiraIssue(sampleIncident(), { ...opts, apiVersion: 2 });
    expect(validateJiraIssue(body, 2)).toEqual([]);
    expect(body.fields.summary).toBe('Drift Incident: POST /api/users - breaking_change');
    expect(body.fields.labels).toEqual(['drift-incident', 'severity-critical', 'type-breaking_change']);
    golden('jira-v2-issue', body);
  });

  it('v3: ADF issue (golden)', () => {
    const body = renderJiraIssue(sampleIncident(), { ...opts, apiVersion: 3 });
    expect(validateJiraIssue(body, 3)).toEqual([]);
    golden('jira-v3-issue', body);
  });

  it('maps every severity to a priority', () => {
    expect(SEVERITIES.map((s) => JIRA_PRIORITY[s])).toEqual(['Highest', 'High', 'Medium', 'Low', 'Lowest']);
    for (const severity of SEVERITIES) {
      const body = renderJiraIssue(sampleIncident({ severity }), { ...opts, apiVersion: 3 });
      expect(body.fields.priority.name).toBe(JIRA_PRIORITY[severity]);
    }
  });

  it.each(ALL_EVENTS.map((e) => [e.type, e] as const))('%s comment is valid in v2 and v3', (_t, event) => {
    expect(validateJiraComment(renderJiraComment(event, 2, links), 2)).toEqual([]);
    expect(validateJiraComment(renderJiraComment(event, 3, links), 3)).toEqual([]);
  });
});
