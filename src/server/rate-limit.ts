// Token-bucket rate limit for ingestion, per caller (token name, or client address without tokens).
// Per process: with several instances each allows the configured rate (documented in the README).
import { HttpProblem } from './problem.js';

export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  /** `perMinute` requests per caller per minute, bursting up to `burst`. 0 disables the limit. */
  constructor(
    private readonly perMinute: number,
    private readonly burst: number = Math.max(1, Math.ceil(perMinute / 6)),
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token or throws 429 problem with Retry-After (seconds). */
  take(key: string): void {
    if (this.perMinute <= 0) return;
    const t = this.now();
    const rate = this.perMinute / 60_000;
    const b = this.#buckets.get(key) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + (t - b.at) * rate);
    b.at = t;
    if (b.tokens < 1) {
      this.#buckets.set(key, b);
      const retry = Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000));
      throw new HttpProblem(
        429,
        'Too Many Requests',
        `ingestion rate limit: ${this.perMinute} requests per minute`,
        'rate_limited',
        undefined,
        { 'retry-after': String(retry) },
      );
    }
    b.tokens -= 1;
    this.#buckets.set(key, b);
    if (this.#buckets.size > 10_000) this.#buckets.clear(); // bounded memory under key churn
  }
}
