import { describe, expect, it } from 'vitest';
import { envelopeOf, incidentEvent, sampleIncident } from '../../../test/notifications/fixtures.js';
import { WEBHOOK_EVENTS } from '../../config/index.js';
import { NOTIFICATION_EVENTS as STORE_EVENTS } from '../../ports/outbox-store.js';
import { eventIncidentId, NOTIFICATION_EVENTS, parseEnvelope } from './events.js';
import { backoffMs, classifyAttempt, nextAttemptAt, retryAfterMs } from './retry.js';
import { parseSignatureHeader, signatureHeader, timestampProblem } from './signature.js';
import {
  displayUrl,
  jiraApiBase,
  jiraApiVersion,
  redact,
  subscribes,
  targetSecrets,
  type WebhookTarget,
  webhookId,
} from './target.js';

const target = (over: Partial<WebhookTarget> = {}): WebhookTarget => ({
  id: 'wh_1',
  kind: 'generic',
  url: 'https://example.com/hook',
  enabled: true,
  events: ['incident.created'],
  headers: {},
  secret: null,
  minSeverity: null,
  workspaces: null,
  timeoutMs: 1000,
  maxAttempts: 5,
  jira: null,
  ...over,
});

describe('events', () => {
  it('is one list everywhere (config, outbox port, core)', () => {
    expect([...NOTIFICATION_EVENTS]).toEqual([...WEBHOOK_EVENTS]);
    expect([...NOTIFICATION_EVENTS]).toEqual([...STORE_EVENTS]);
  });

  it('reads an envelope back and rejects broken ones with the reason', () => {
    const ev = incidentEvent('incident.updated');
    expect(parseEnvelope(envelopeOf(ev))).toEqual(ev);
    expect(eventIncidentId(ev)).toBe('inc-1');
    expect(() => parseEnvelope({ id: 'x', type: 'nope', occurred_at: 't', data: {} })).toThrow(
      'unknown event type nope',
    );
    expect(() => parseEnvelope({ id: 'x', type: 'incident.created', occurred_at: 't', data: {} })).toThrow(
      'data.incident must be an incident',
    );
    expect(() => parseEnvelope('x')).toThrow('not an object');
  });
});

describe('subscriptions', () => {
  const created = incidentEvent('incident.created', sampleIncident({ severity: 'medium' }));
  it.each([
    ['subscribed', {}, true],
    ['disabled', { enabled: false }, false],
    ['other event', { events: ['incident.resolved' as const] }, false],
    ['min severity below', { minSeverity: 'low' as const }, true],
    ['min severity equal', { minSeverity: 'medium' as const }, true],
    ['min severity above', { minSeverity: 'high' as const }, false],
    ['workspace listed', { workspaces: ['workspace-1'] }, true],
    ['workspace not listed', { workspaces: ['other'] }, false],
  ])('%s', (_name, over, expected) => {
    expect(subscribes(target(over), created)).toBe(expected);
  });

  it('does not filter events without a severity by min_severity', () => {
    const budget = {
      id: 'e',
      type: 'budget.exceeded' as const,
      occurred_at: 't',
      budget: {
        workspace_id: 'w',
        service: '',
        scope: 's',
        operation: 'GET /x',
        budget: { id: null, level: 'default' },
        counts: {},
        consumption: [],
        field_churn: null,
        incident_id: null,
      },
    };
    expect(subscribes(target({ events: ['budget.exceeded'], minSeverity: 'critical' }), budget)).toBe(true);
  });
});

describe('targets', () => {
  it('ids are stable, short and depend on kind and url', () => {
    expect(webhookId('generic', 'https://a/x')).toMatch(/^wh_[0-9a-f]{16}$/);
    expect(webhookId('generic', 'https://a/x')).toBe(webhookId('generic', 'https://a/x'));
    expect(webhookId('generic', 'https://a/x')).not.toBe(webhookId('slack', 'https://a/x'));
  });

  it.each([
    ['https://x.atlassian.net/rest/api/2/issue', 2],
    ['https://x.atlassian.net/rest/api/3/issue/', 3],
    ['https://x.atlassian.net/rest/api/3/search', null],
  ])('jira version of %s', (url, v) => expect(jiraApiVersion(url)).toBe(v));

  it('jira api base', () => {
    expect(jiraApiBase('https://x.atlassian.net/rest/api/3/issue')).toBe(
      'https://x.atlassian.net/rest/api/3',
    );
  });

  it('display urls hide credentials, queries and Slack paths', () => {
    expect(displayUrl({ kind: 'generic', url: 'https://u:p@h.example/a/b?token=1' })).toBe(
      'https://h.example/a/b',
    );
    expect(displayUrl({ kind: 'slack', url: 'https://hooks.slack.com/services/T/B/X' })).toBe(
      'https://hooks.slack.com/…',
    );
  });

  it('redacts secrets, header credentials and url parts from error text', () => {
    const t = {
      url: 'https://hooks.slack.com/services/T000/B000/XXXXSECRET',
      secret: 'hmac-secret-1',
      headers: { Authorization: 'Basic dXNlcjp0b2tlbg==' },
    };
    const text = `POST https://hooks.slack.com/services/T000/B000/XXXXSECRET failed; key hmac-secret-1; auth dXNlcjp0b2tlbg==`;
    expect(redact(text, targetSecrets(t))).toBe('POST [REDACTED] failed; key [REDACTED]; auth [REDACTED]');
  });
});

describe('retry policy', () => {
  const policy = { baseMs: 1000, capMs: 60_000 };
  it('full jitter stays under min(cap, base·2^(n-1))', () => {
    expect(backoffMs(1, policy, () => 0.999)).toBe(999);
    expect(backoffMs(3, policy, () => 0.5)).toBe(2000);
    expect(backoffMs(20, policy, () => 0.999)).toBe(59_940);
    expect(backoffMs(4, policy, () => 0)).toBe(0);
  });

  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Thu, 01 Jan 2026 00:00:30 GMT', 30_000],
    ['Wed, 31 Dec 2025 00:00:00 GMT', 0],
    ['soon', null],
    ['-5', null],
    [null, null],
  ])('Retry-After %s', (value, expected) => {
    expect(retryAfterMs(value, Date.parse('2026-01-01T00:00:00Z'))).toBe(expected);
  });

  it.each([
    [200, 'delivered'],
    [204, 'delivered'],
    [null, 'retry'],
    [408, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
    [400, 'permanent'],
    [401, 'permanent'],
    [404, 'permanent'],
    [410, 'permanent'],
  ] as const)('status %s is %s', (status, verdict) => expect(classifyAttempt(status)).toBe(verdict));

  const base = { maxAttempts: 5, nowMs: 1_000_000, policy, random: () => 0.5, retryAfter: null };
  it('schedules, honours Retry-After on 429/503 only, caps it, and stops at max attempts', () => {
    expect(nextAttemptAt({ ...base, attempt: 1, status: 500 })).toBe(1_000_500);
    expect(nextAttemptAt({ ...base, attempt: 1, status: 503, retryAfter: '30' })).toBe(1_030_000);
    expect(nextAttemptAt({ ...base, attempt: 1, status: 429, retryAfter: '99999' })).toBe(4_600_000);
    expect(
      nextAttemptAt({
        ...base,
        policy: { ...policy, maxRetryAfterMs: 5000 },
        attempt: 1,
        status: 429,
        retryAfter: '99',
      }),
    ).toBe(1_005_000);
    expect(nextAttemptAt({ ...base, attempt: 1, status: 500, retryAfter: '30' })).toBe(1_000_500);
    expect(nextAttemptAt({ ...base, attempt: 5, status: 500 })).toBeNull();
    expect(nextAttemptAt({ ...base, attempt: 1, status: 400 })).toBeNull();
  });
});

describe('signature', () => {
  it('signs timestamp.body and parses the header', () => {
    const seen: string[] = [];
    const fakeHmac = (secret: string, message: string) => {
      seen.push(`${secret}:${message}`);
      return 'ab'.repeat(32);
    };
    const header = signatureHeader(fakeHmac, 's', '1700000000', '{"a":1}');
    expect(seen).toEqual(['s:1700000000.{"a":1}']);
    expect(header).toBe(`sha256=${'ab'.repeat(32)}`);
    expect(parseSignatureHeader(` sha256=${'AB'.repeat(32)} `)).toBe('ab'.repeat(32));
    expect(parseSignatureHeader('sha1=abc')).toBeNull();
    expect(parseSignatureHeader('sha256=abc')).toBeNull();
  });
  it('checks the timestamp window', () => {
    expect(timestampProblem('1000', 1200, 300)).toBeNull();
    expect(timestampProblem('1000', 1400, 300)).toBe('timestamp is 400s away from now (tolerance 300s)');
    expect(timestampProblem('abc', 1400, 300)).toBe('timestamp is not Unix seconds');
  });
});
