import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256Hex } from './adapters/notifiers/hmac.js';
import { signatureHeader } from './core/notifications/signature.js';
import { verifyWebhookSignature } from './verify-webhook.js';

const body = '{"event":"incident.created"}';
const now = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const ts = String(now / 1000);
const secret = 'whsec_abc';

describe('verifyWebhookSignature', () => {
  it('accepts what the sender signs (and matches an independent HMAC)', () => {
    const signature = signatureHeader(hmacSha256Hex, secret, ts, body);
    expect(signature).toBe(`sha256=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`);
    expect(verifyWebhookSignature({ secret, body, timestamp: ts, signature, now })).toEqual({ ok: true });
    expect(
      verifyWebhookSignature({ secret, body: Buffer.from(body), timestamp: ts, signature, now }),
    ).toEqual({ ok: true });
  });

  const good = signatureHeader(hmacSha256Hex, secret, ts, body);
  it.each([
    ['wrong secret', { secret: 'other' }, 'signature does not match'],
    ['changed body', { body: `${body} ` }, 'signature does not match'],
    ['timestamp swapped', { timestamp: String(now / 1000 - 1) }, 'signature does not match'],
    ['stale', { now: now + 301_000 }, 'timestamp is 301s away from now (tolerance 300s)'],
    ['custom tolerance', { now: now + 301_000, toleranceSeconds: 600 }, null],
    ['malformed header', { signature: 'abc' }, 'signature header is not sha256=<64 hex digits>'],
    ['bad timestamp', { timestamp: 'yesterday' }, 'timestamp is not Unix seconds'],
  ])('%s', (_name, over, reason) => {
    const r = verifyWebhookSignature({ secret, body, timestamp: ts, signature: good, now, ...over });
    expect(r).toEqual(reason === null ? { ok: true } : { ok: false, reason });
  });
});
