// Retry policy: which outcomes are retried, exponential backoff with full jitter, and Retry-After
// (RFC 9110 §10.2.3: delay-seconds or an HTTP-date) on 429/503. Pure: time and randomness passed in.

export interface RetryPolicy {
  /** Delay before the 2nd attempt, before jitter. */
  readonly baseMs: number;
  /** Upper bound of the computed (jittered) delay. */
  readonly capMs: number;
  /** Upper bound of a server-requested Retry-After delay; default one hour. */
  readonly maxRetryAfterMs?: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseMs: 1_000,
  capMs: 15 * 60_000,
  maxRetryAfterMs: 60 * 60_000,
};

/** Full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): uniform in [0, min(cap, base·2^(n-1))]. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Milliseconds a Retry-After value asks for, or null when absent or unparseable. */
export function retryAfterMs(value: string | null | undefined, nowMs: number): number | null {
  if (value === null || value === undefined) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // IMF-fixdate and the obsolete forms Date.parse understands; must name a weekday/month to be a date.
  if (!/[a-z]{3}/i.test(v)) return null;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

export type AttemptVerdict = 'delivered' | 'retry' | 'permanent';

/**
 * 2xx delivered; 408, 425, 429 and 5xx, timeouts and network errors retried; any other status (a 4xx the
 * receiver will answer the same way next time) fails permanently and goes to the dead letters at once.
 */
export function classifyAttempt(status: number | null): AttemptVerdict {
  if (status === null) return 'retry';
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 408 || status === 425 || status === 429 || status >= 500) return 'retry';
  return 'permanent';
}

/** When to try again after failed attempt number `attempt` (1-based), or null to dead-letter. */
export function nextAttemptAt(input: {
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly status: number | null;
  readonly retryAfter: string | null;
  readonly nowMs: number;
  readonly policy: RetryPolicy;
  readonly random: () => number;
}): number | null {
  if (classifyAttempt(input.status) !== 'retry' || input.attempt >= input.maxAttempts) return null;
  const jitter = backoffMs(input.attempt, input.policy, input.random);
  const asked =
    input.status === 429 || input.status === 503 ? retryAfterMs(input.retryAfter, input.nowMs) : null;
  // The server's wish wins over our (smaller) jitter; bounded so a hostile header cannot park a row forever.
  const delay =
    asked === null ? jitter : Math.max(jitter, Math.min(asked, input.policy.maxRetryAfterMs ?? 3_600_000));
  return input.nowMs + delay;
}
