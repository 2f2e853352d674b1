// Jira REST bodies: issue-create for v2 (wiki-markup description) and v3 (Atlassian Document Format),
// comments for later events, and the resolve transition. Field names from the Jira Cloud REST reference
// (POST /rest/api/{2,3}/issue, POST .../issue/{key}/comment, POST .../issue/{key}/transitions).
import type { Severity } from '../core/findings.js';
import type { Incident } from '../core/incidents/incident.js';
import type { NotificationEvent } from '../core/notifications/events.js';
import {
  findingsSummary,
  INCIDENT_EVENT_VERB,
  operationLabel,
  sampleText,
  truncate,
} from './notification-text.js';
import { incidentUrl, type RenderLinks } from './webhook.js';

export const JIRA_PRIORITY = {
  critical: 'Highest',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Lowest',
} as const satisfies Record<Severity, string>;

export interface JiraIssueOptions extends RenderLinks {
  readonly apiVersion: 2 | 3;
  readonly projectKey: string;
  readonly issueType: string;
}

/** ADF node (developer.atlassian.com "Atlassian Document Format"): the subset we emit. */
export type AdfNode =
  | { readonly type: 'doc'; readonly version: 1; readonly content: readonly AdfNode[] }
  | { readonly type: 'paragraph'; readonly content: readonly AdfNode[] }
  | {
      readonly type: 'heading';
      readonly attrs: { readonly level: number };
      readonly content: readonly AdfNode[];
    }
  | { readonly type: 'bulletList'; readonly content: readonly AdfNode[] }
  | { readonly type: 'listItem'; readonly content: readonly AdfNode[] }
  | {
      readonly type: 'codeBlock';
      readonly attrs: { readonly language: string };
      readonly content: readonly AdfNode[];
    }
  | {
      readonly type: 'text';
      readonly text: string;
      readonly marks?: readonly (
        | { readonly type: 'strong' | 'code' }
        | { readonly type: 'link'; readonly attrs: { readonly href: string } }
      )[];
    };

const SUMMARY_MAX = 255;
const SAMPLE_MAX = 8_000;

/** `Drift Incident: POST /api/users - breaking_change` (the seed's summary format). */
export function jiraSummary(i: Incident): string {
  return truncate(`Drift Incident: ${i.method} ${i.endpoint} - ${i.incident_type}`, SUMMARY_MAX);
}

export function jiraLabels(i: Incident): string[] {
  return ['drift-incident', `severity-${i.severity}`, `type-${i.incident_type}`];
}

function detailRows(i: Incident, links: RenderLinks): [string, string][] {
  const rows: [string, string][] = [
    ['Endpoint', operationLabel(i)],
    ['Incident type', i.incident_type],
    ['Severity', i.severity],
    ['Status', i.status],
    ['Workspace', i.workspace_id ?? '-'],
    ['Occurrences', String(i.occurrences)],
    ['First seen', i.first_seen],
    ['Last seen', i.last_seen],
    ['Fingerprint', i.fingerprint],
    ['driftgate', incidentUrl(links.publicUrl, i.id)],
  ];
  if (i.budget_id) rows.push(['Budget', i.budget_id]);
  if (i.sync_cycle_id) rows.push(['Sync cycle', i.sync_cycle_id]);
  if (i.contract_diff_id) rows.push(['Contract diff', i.contract_diff_id]);
  return rows;
}

/** Jira wiki markup must not see a literal `{code}` inside a code block: it would end the block. */
function wikiCode(text: string): string {
  return `{code:json}\n${text.replace(/\{code/gi, '{ code')}\n{code}`;
}

/** Wiki text: `*`, `_`, `{`, `[`, `|`, `^`, `~` start markup; backslash-escape them in plain values. */
function wikiEscape(text: string): string {
  return text.replace(/([*_{}[\]|^~])/g, '\\$1');
}

export function jiraWikiDescription(i: Incident, links: RenderLinks): string {
  const lines = ['h3. Drift incident', ''];
  for (const [k, v] of detailRows(i, links))
    lines.push(`* *${k}:* ${k === 'driftgate' ? `[${v}]` : wikiEscape(v)}`);
  const findings = findingsSummary(i);
  if (findings.length > 0) lines.push('', 'h3. Findings', '', ...findings.map((f) => `* ${wikiEscape(f)}`));
  lines.push('', 'h3. Before', wikiCode(sampleText(i.before_sample, SAMPLE_MAX)));
  lines.push('', 'h3. After', wikiCode(sampleText(i.after_sample, SAMPLE_MAX)));
  return lines.join('\n');
}

const text = (t: string, marks?: Extract<AdfNode, { type: 'text' }>['marks']): AdfNode =>
  marks ? { type: 'text', text: t, marks } : { type: 'text', text: t };
const paragraph = (...content: AdfNode[]): AdfNode => ({ type: 'paragraph', content });
const heading = (t: string): AdfNode => ({ type: 'heading', attrs: { level: 3 }, content: [text(t)] });
const code = (t: string): AdfNode => ({ type: 'codeBlock', attrs: { language: 'json' }, content: [text(t)] });
const bullets = (items: AdfNode[][]): AdfNode => ({
  type: 'bulletList',
  content: items.map((c) => ({ type: 'listItem', content: [paragraph(...c)] })),
});

export function jiraAdfDescription(i: Incident, links: RenderLinks): AdfNode {
  const content: AdfNode[] = [
    heading('Drift incident'),
    bullets(
      detailRows(i, links).map(([k, v]) => [
        text(`${k}: `, [{ type: 'strong' }]),
        k === 'driftgate' ? text(v, [{ type: 'link', attrs: { href: v } }]) : text(v === '' ? '-' : v),
      ]),
    ),
  ];
  const findings = findingsSummary(i).filter((f) => f !== '');
  if (findings.length > 0) content.push(heading('Findings'), bullets(findings.map((f) => [text(f)])));
  content.push(heading('Before'), code(sampleText(i.before_sample, SAMPLE_MAX)));
  content.push(heading('After'), code(sampleText(i.after_sample, SAMPLE_MAX)));
  return { type: 'doc', version: 1, content };
}

/** The issue-create body for `POST /rest/api/{2|3}/issue`. */
export function renderJiraIssue(i: Incident, options: JiraIssueOptions) {
  return {
    fields: {
      project: { key: options.projectKey },
      summary: jiraSummary(i),
      description:
        options.apiVersion === 3 ? jiraAdfDescription(i, options) : jiraWikiDescription(i, options),
      issuetype: { name: options.issueType },
      priority: { name: JIRA_PRIORITY[i.severity] },
      labels: jiraLabels(i),
    },
  };
}

/** One-line comment text for an event on an incident that already has a ticket. */
export function jiraCommentText(event: NotificationEvent, links: RenderLinks): string {
  switch (event.type) {
    case 'budget.exceeded': {
      const counts = Object.entries(event.budget.counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      return `driftgate: drift budget exceeded for ${event.budget.operation ?? event.budget.scope} (${counts}).`;
    }
    case 'pr.opened':
      return `driftgate: a pull request fixing this drift was opened: ${event.pull_request.url}`;
    default: {
      const i = event.incident;
      const verb = INCIDENT_EVENT_VERB[event.type];
      const extra =
        event.type === 'incident.updated'
          ? ` Occurrences ${i.occurrences}, last seen ${i.last_seen}, severity ${i.severity}${event.escalated ? ' (escalated)' : ''}.`
          : '';
      return `driftgate: incident ${verb} (status ${i.status}).${extra} ${incidentUrl(links.publicUrl, i.id)}`;
    }
  }
}

/** Body for `POST .../issue/{key}/comment`: a string in v2, an ADF document in v3. */
export function renderJiraComment(event: NotificationEvent, apiVersion: 2 | 3, links: RenderLinks) {
  const t = jiraCommentText(event, links);
  return apiVersion === 3
    ? { body: { type: 'doc', version: 1, content: [paragraph(text(t))] } }
    : { body: t };
}

/** Body for `POST .../issue/{key}/transitions`. */
export function renderJiraTransition(transitionId: string) {
  return { transition: { id: transitionId } };
}
