// Webhook entries of the config (`incidents.webhooks`) resolved for delivery: kind (explicit or from the
// url), secret read from the environment named by `secret_env`, Jira project key from `project_key` or the
// seed's `X-Jira-Project` header (then not sent on), stable ids. Bad entries are DriftgateErrors naming the key.
import { type WebhookConfig, webhookKind } from '../config/index.js';
import { DriftgateError } from '../core/errors.js';
import { jiraApiVersion, type WebhookTarget, webhookId } from '../core/notifications/target.js';

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_ATTEMPTS = 8;
export const DEFAULT_JIRA_ISSUE_TYPE = 'Bug';

/**
 * Keys this module understands beyond issue 4's schema (read when present; see docs/notifications.md):
 * `timeout_ms`, `max_attempts`, `workspaces`, `issue_type`, `resolve_transition_id`.
 */
export interface WebhookExtras {
  readonly timeout_ms?: number;
  readonly max_attempts?: number;
  readonly workspaces?: readonly string[];
  readonly issue_type?: string;
  readonly resolve_transition_id?: string;
}

export interface WebhookDefaults {
  readonly timeoutMs?: number;
  readonly maxAttempts?: number;
}

const JIRA_PROJECT_HEADER = 'x-jira-project';

export function webhookTargets(
  webhooks: readonly WebhookConfig[],
  env: Readonly<Record<string, string | undefined>>,
  defaults: WebhookDefaults = {},
): WebhookTarget[] {
  return webhooks.map((w, i) => {
    const at = `incidents.webhooks[${i}]`;
    const x = w as WebhookConfig & WebhookExtras;
    const kind = webhookKind(w);
    let secret: string | null = null;
    if (w.secret_env !== undefined) {
      const v = env[w.secret_env];
      if (v === undefined || v === '') {
        throw new DriftgateError('config.invalid', `environment variable ${w.secret_env} is not set`, {
          pointer: `${at}.secret_env`,
        });
      }
      secret = v;
    }
    const headers: Record<string, string> = {};
    let headerProject: string | undefined;
    for (const [k, v] of Object.entries(w.headers)) {
      if (k.toLowerCase() === JIRA_PROJECT_HEADER && kind === 'jira') headerProject = v;
      else headers[k] = v;
    }
    let jira: WebhookTarget['jira'] = null;
    if (kind === 'jira') {
      const apiVersion = jiraApiVersion(w.url);
      if (apiVersion === null) {
        throw new DriftgateError(
          'config.invalid',
          'a Jira webhook url must be the issue-create endpoint: .../rest/api/2/issue or .../rest/api/3/issue',
          { pointer: `${at}.url` },
        );
      }
      const projectKey = w.project_key ?? headerProject;
      if (projectKey === undefined || projectKey === '') {
        throw new DriftgateError(
          'config.invalid',
          'a Jira webhook needs project_key (or an X-Jira-Project header)',
          {
            pointer: `${at}.project_key`,
          },
        );
      }
      jira = {
        apiVersion,
        projectKey,
        issueType: x.issue_type ?? DEFAULT_JIRA_ISSUE_TYPE,
        resolveTransitionId: x.resolve_transition_id ?? null,
      };
    }
    return {
      id: webhookId(kind, w.url),
      kind,
      url: w.url,
      enabled: w.enabled,
      events: w.events,
      headers,
      secret,
      minSeverity: w.min_severity ?? null,
      workspaces: x.workspaces ?? null,
      timeoutMs: x.timeout_ms ?? defaults.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS,
      maxAttempts: x.max_attempts ?? defaults.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      jira,
    };
  });
}
