// Slack incoming-webhook message in Block Kit: header, section with mrkdwn fields, samples, context, an
// actions block with a button to the incident in the dashboard, the severity colour on an attachment, and a
// top-level `text` fallback (notifications, screen readers). Limits from api.slack.com/reference/block-kit.
import type { NotificationEvent } from '../core/notifications/events.js';
import {
  eventTitle,
  findingsSummary,
  operationLabel,
  SEVERITY_COLOR,
  sampleText,
  truncate,
} from './notification-text.js';
import { incidentUrl, type RenderLinks } from './webhook.js';

export const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  buttonText: 75,
  url: 3000,
} as const;

export interface SlackText {
  readonly type: 'plain_text' | 'mrkdwn';
  readonly text: string;
  readonly emoji?: boolean;
}

export type SlackBlock =
  | { readonly type: 'header'; readonly text: SlackText }
  | { readonly type: 'section'; readonly text?: SlackText; readonly fields?: readonly SlackText[] }
  | { readonly type: 'context'; readonly elements: readonly SlackText[] }
  | { readonly type: 'divider' }
  | {
      readonly type: 'actions';
      readonly elements: readonly {
        readonly type: 'button';
        readonly text: SlackText;
        readonly url: string;
        readonly action_id: string;
        readonly style?: 'primary' | 'danger';
      }[];
    };

export interface SlackMessage {
  readonly text: string;
  readonly attachments: readonly {
    readonly color: string;
    readonly fallback: string;
    readonly blocks: readonly SlackBlock[];
  }[];
}

/** Slack's three control characters in mrkdwn (api.slack.com "Formatting text": escaping). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes, then cuts to `max` characters without leaving half an entity (`&am…`) at the end. */
export function escapedWithin(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (Array.from(escaped).length <= max) return escaped;
  return `${truncate(escaped, max)
    .slice(0, -1)
    .replace(/&[a-z]{0,3}$/, '')}…`;
}

function field(label: string, value: string): SlackText {
  return {
    type: 'mrkdwn',
    text: `*${label}*\n${escapedWithin(value, SLACK_LIMITS.fieldText - label.length - 3)}`,
  };
}

function codeSection(label: string, sample: unknown): SlackBlock {
  // Budget: 3000 minus the label and the fences.
  const body = escapedWithin(
    sampleText(sample, SLACK_LIMITS.sectionText),
    SLACK_LIMITS.sectionText - label.length - 10,
  );
  return { type: 'section', text: { type: 'mrkdwn', text: `*${label}*\n\`\`\`${body}\`\`\`` } };
}

function button(text: string, url: string, actionId: string): SlackBlock {
  return {
    type: 'actions',
    elements: [
      {
        type: 'button',
        text: { type: 'plain_text', text: truncate(text, SLACK_LIMITS.buttonText) },
        url,
        action_id: actionId,
      },
    ],
  };
}

function bodyBlocks(event: NotificationEvent, links: RenderLinks): { color: string; blocks: SlackBlock[] } {
  switch (event.type) {
    case 'budget.exceeded': {
      const b = event.budget;
      const counts = Object.entries(b.counts)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ');
      return {
        color: SEVERITY_COLOR.high,
        blocks: [
          {
            type: 'section',
            fields: [
              field('Scope', b.scope),
              field('Operation', b.operation ?? '(whole contract)'),
              field('Workspace', b.workspace_id),
              field('Service', b.service === '' ? '-' : b.service),
              field('Budget', `${b.budget.level}${b.budget.id ? ` (${b.budget.id})` : ''}`),
              field('Counts', counts === '' ? '-' : counts),
            ],
          },
          button(
            b.incident_id ? 'View incident' : 'Open dashboard',
            b.incident_id ? incidentUrl(links.publicUrl, b.incident_id) : links.publicUrl,
            'view_incident',
          ),
        ],
      };
    }
    case 'pr.opened': {
      const p = event.pull_request;
      return {
        color: SEVERITY_COLOR.info,
        blocks: [
          {
            type: 'section',
            fields: [
              field('Branch', p.branch),
              field('Incidents', p.incident_ids.length === 0 ? '-' : p.incident_ids.join(', ')),
            ],
          },
          button('View pull request', p.url, 'view_pull_request'),
        ],
      };
    }
    default: {
      const i = event.incident;
      const fields = [
        field('Severity', i.severity),
        field('Type', i.incident_type),
        field('Status', i.status),
        field('Endpoint', operationLabel(i)),
        field('Workspace', i.workspace_id ?? '-'),
        field('Occurrences', String(i.occurrences)),
        field('First seen', i.first_seen),
        field('Last seen', i.last_seen),
      ];
      if (i.external_ticket_id) fields.push(field('Ticket', i.external_ticket_url ?? i.external_ticket_id));
      if (i.pr_url) fields.push(field('Pull request', i.pr_url));
      const findings = findingsSummary(i);
      const blocks: SlackBlock[] = [{ type: 'section', fields: fields.slice(0, SLACK_LIMITS.fields) }];
      if (findings.length > 0) {
        blocks.push({
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: escapedWithin(findings.map((f) => `• ${f}`).join('\n'), SLACK_LIMITS.sectionText),
          },
        });
      }
      blocks.push(codeSection('Before', i.before_sample), codeSection('After', i.after_sample));
      blocks.push(button('View incident', incidentUrl(links.publicUrl, i.id), 'view_incident'));
      return { color: SEVERITY_COLOR[i.severity], blocks };
    }
  }
}

export function renderSlackMessage(event: NotificationEvent, links: RenderLinks): SlackMessage {
  const title = eventTitle(event);
  const { color, blocks } = bodyBlocks(event, links);
  // Order: header, sections, context, then the actions (the button closes the message).
  const all: SlackBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncate(title, SLACK_LIMITS.headerText), emoji: true },
    },
    ...blocks.filter((b) => b.type !== 'actions'),
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: escapeMrkdwn(`driftgate · ${event.type} · ${event.occurred_at}`) }],
    },
    ...blocks.filter((b) => b.type === 'actions'),
  ];
  const text = truncate(title, 3000);
  return { text, attachments: [{ color, fallback: text, blocks: all.slice(0, SLACK_LIMITS.blocks) }] };
}
