// The receiver's side of webhook signatures, for library users: recompute HMAC-SHA256 over
// `timestamp + "." + body` and compare in constant time; reject stale timestamps (replay protection).
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  DEFAULT_TOLERANCE_SECONDS,
  parseSignatureHeader,
  signedContent,
  timestampProblem,
} from './core/notifications/signature.js';

export interface VerifyWebhookInput {
  readonly secret: string;
  /** The raw request body exactly as received (bytes or their UTF-8 text), not re-serialised JSON. */
  readonly body: string | Uint8Array;
  /** `X-Driftgate-Timestamp` (Unix seconds). */
  readonly timestamp: string;
  /** `X-Driftgate-Signature` (`sha256=<hex>`). */
  readonly signature: string;
  /** Accepted clock skew, seconds; default 300. */
  readonly toleranceSeconds?: number;
  /** Current time, ms since epoch (tests); default Date.now(). */
  readonly now?: number;
}

export type VerifyWebhookResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export function verifyWebhookSignature(input: VerifyWebhookInput): VerifyWebhookResult {
  const expectedHex = parseSignatureHeader(input.signature ?? '');
  if (expectedHex === null) return { ok: false, reason: 'signature header is not sha256=<64 hex digits>' };
  const nowSeconds = Math.floor((input.now ?? Date.now()) / 1000);
  const problem = timestampProblem(
    input.timestamp ?? '',
    nowSeconds,
    input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
  );
  if (problem !== null) return { ok: false, reason: problem };
  // Bytes are signed as received: `timestamp.` then the body, same as signedContent() on the sender.
  const actual = createHmac('sha256', input.secret)
    .update(signedContent(input.timestamp.trim(), ''), 'utf8')
    .update(typeof input.body === 'string' ? Buffer.from(input.body, 'utf8') : input.body)
    .digest();
  const expected = Buffer.from(expectedHex, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected)
    ? { ok: true }
    : { ok: false, reason: 'signature does not match' };
}
