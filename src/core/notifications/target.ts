// A configured webhook resolved for delivery (secrets already read from the environment by the caller),
// its stable id, and subscription matching: event list, minimum severity, workspace filter.
import { SEVERITY_RANK, type Severity } from '../findings.js';
import {
  eventSeverity,
  eventWorkspace,
  type NotificationEvent,
  type NotificationEventType,
} from './events.js';

export const WEBHOOK_KINDS = ['generic', 'slack', 'jira'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

export interface JiraOptions {
  readonly apiVersion: 2 | 3;
  readonly projectKey: string;
  /** Issue type name; default `Bug`. */
  readonly issueType: string;
  /** Transition id applied on `incident.resolved` instead of a comment; null: comment. */
  readonly resolveTransitionId: string | null;
}

export interface WebhookTarget {
  /** Stable across restarts and config reordering: derived from kind and url (`webhookId`). */
  readonly id: string;
  readonly kind: WebhookKind;
  readonly url: string;
  readonly enabled: boolean;
  readonly events: readonly NotificationEventType[];
  /** Sent with every request (after removing `X-Jira-Project` for Jira); values are secrets for logs. */
  readonly headers: Readonly<Record<string, string>>;
  /** HMAC-SHA256 key for `X-Driftgate-Signature`; null: unsigned. */
  readonly secret: string | null;
  readonly minSeverity: Severity | null;
  /** Only events of these workspaces; null: all. */
  readonly workspaces: readonly string[] | null;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly jira: JiraOptions | null;
}

/** FNV-1a 64-bit as hex: a short, stable, non-reversible id (the url may itself be a secret, e.g. Slack). */
export function webhookId(kind: WebhookKind, url: string): string {
  let h = 0xcbf29ce484222325n;
  const text = `${kind}|${url}`;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return `wh_${h.toString(16).padStart(16, '0')}`;
}

/** Whether a target wants an event: enabled, subscribed to its type, at or above min severity, workspace. */
export function subscribes(target: WebhookTarget, event: NotificationEvent): boolean {
  if (!target.enabled || !target.events.includes(event.type)) return false;
  const severity = eventSeverity(event);
  // Events without a severity (budget.exceeded, pr.opened) are not filtered by min_severity.
  if (
    target.minSeverity !== null &&
    severity !== null &&
    SEVERITY_RANK[severity] < SEVERITY_RANK[target.minSeverity]
  ) {
    return false;
  }
  if (target.workspaces !== null) {
    const ws = eventWorkspace(event);
    if (ws === null || !target.workspaces.includes(ws)) return false;
  }
  return true;
}

/** REST API version from a Jira issue-create url (`.../rest/api/2/issue` or `.../rest/api/3/issue`). */
export function jiraApiVersion(url: string): 2 | 3 | null {
  const m = /\/rest\/api\/([23])\/issue\/?$/.exec(url.split('?')[0] ?? '');
  return m ? (Number(m[1]) as 2 | 3) : null;
}

/** The `.../rest/api/N` base of a Jira issue-create url, for comment and transition endpoints. */
export function jiraApiBase(url: string): string {
  return (url.split('?')[0] ?? url).replace(/\/issue\/?$/, '');
}

/**
 * A url safe to print: no credentials, no query, no path for Slack (the path is the secret), and any
 * token-like path segment (≥ 12 characters, or ≥ 8 mixing letters and digits) shown as `…`.
 */
export function displayUrl(target: Pick<WebhookTarget, 'kind' | 'url'>): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)(?:[^@/]*@)?([^/?#]*)([^?#]*)/i.exec(target.url);
  if (!m) return '[invalid url]';
  const tokenLike = (seg: string) =>
    seg.length >= 12 || (seg.length >= 8 && /\d/.test(seg) && /[a-z]/i.test(seg));
  const path =
    target.kind === 'slack'
      ? '/…'
      : (m[3] ?? '')
          .split('/')
          .map((seg) => (tokenLike(seg) ? '…' : seg))
          .join('/');
  return `${m[1]}${m[2]}${path}`;
}

/** Every string of a target that must never reach a log: secret, header values, url, url path/query. */
export function targetSecrets(target: Pick<WebhookTarget, 'url' | 'secret' | 'headers'>): string[] {
  const out = [target.url];
  if (target.secret) out.push(target.secret);
  for (const v of Object.values(target.headers)) {
    out.push(v);
    // `Basic xxx` / `Bearer xxx`: the credential alone may appear too.
    const cred = /^\S+\s+(\S{6,})$/.exec(v)?.[1];
    if (cred) out.push(cred);
  }
  const q = target.url.indexOf('?');
  if (q >= 0 && target.url.length - q > 1) out.push(target.url.slice(q + 1));
  const path = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]+)/i.exec(target.url)?.[1];
  if (path && path.length > 1) out.push(path);
  return out.filter((s) => s.length >= 4);
}

/** Replaces every secret occurrence in `text` with `[REDACTED]` (longest first, so overlaps go whole). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
    if (s.length > 0) out = out.split(s).join('[REDACTED]');
  }
  return out;
}
