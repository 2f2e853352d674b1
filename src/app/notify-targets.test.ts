import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/index.js';
import { DriftgateError } from '../core/errors.js';
import { webhookTargets } from './notify-targets.js';

const seed = readFileSync(new URL('../../../shared/design/seed-config.yaml', import.meta.url), 'utf8');

describe('webhook targets from config', () => {
  it('reads the seed verbatim: Slack by host, Jira by path with the project from X-Jira-Project (not sent on)', () => {
    const targets = webhookTargets(parseConfig(seed).incidents.webhooks, {});
    expect(
      targets.map((t) => [t.kind, t.events, t.jira?.projectKey ?? null, t.jira?.apiVersion ?? null]),
    ).toEqual([
      ['slack', ['incident.created'], null, null],
      ['jira', ['incident.created'], 'PROJ', 2],
    ]);
    expect(targets[1]?.headers).toEqual({ 'Content-Type': 'application/json', Authorization: 'Basic ...' });
    expect(targets[1]?.jira).toEqual({
      apiVersion: 2,
      projectKey: 'PROJ',
      issueType: 'Bug',
      resolveTransitionId: null,
    });
    expect(targets[0]?.id).toMatch(/^wh_[0-9a-f]{16}$/);
  });

  const yaml = (entry: string) => `incidents:\n  webhooks:\n${entry}`;

  it('takes the HMAC secret from the env var named by secret_env, and env interpolation in headers', () => {
    const config = parseConfig(
      yaml(`    - url: https://example.com/hook
      secret_env: HOOK_SECRET
      min_severity: high
      headers: { Authorization: "Bearer \${HOOK_TOKEN}" }
`),
      { env: { HOOK_TOKEN: 'tok-123' } },
    );
    const [t] = webhookTargets(config.incidents.webhooks, { HOOK_SECRET: 's3cret' });
    expect(t).toMatchObject({
      kind: 'generic',
      secret: 's3cret',
      minSeverity: 'high',
      headers: { Authorization: 'Bearer tok-123' },
      timeoutMs: 10_000,
      maxAttempts: 8,
    });
  });

  it.each([
    [
      `    - url: https://example.com/hook\n      secret_env: MISSING\n`,
      'incidents.webhooks[0].secret_env',
      'environment variable MISSING is not set',
    ],
    [
      `    - url: https://x.atlassian.net/rest/api/2/issue\n`,
      'incidents.webhooks[0].project_key',
      'a Jira webhook needs project_key (or an X-Jira-Project header)',
    ],
    [
      `    - url: https://x.atlassian.net/jira\n      kind: jira\n      project_key: P\n`,
      'incidents.webhooks[0].url',
      'a Jira webhook url must be the issue-create endpoint: .../rest/api/2/issue or .../rest/api/3/issue',
    ],
  ])('rejects a bad entry naming the key (%#)', (entry, pointer, message) => {
    const config = parseConfig(yaml(entry));
    try {
      webhookTargets(config.incidents.webhooks, {});
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DriftgateError);
      expect((e as DriftgateError).location.pointer).toBe(pointer);
      expect((e as DriftgateError).message).toBe(message);
    }
  });

  it('project_key wins over the header; v3 from the url', () => {
    const config = parseConfig(
      yaml(`    - url: https://x.atlassian.net/rest/api/3/issue
      project_key: OPS
      headers: { X-Jira-Project: PROJ }
`),
    );
    const [t] = webhookTargets(config.incidents.webhooks, {});
    expect(t?.jira).toMatchObject({ apiVersion: 3, projectKey: 'OPS' });
    expect(t?.headers).toEqual({});
  });
});
