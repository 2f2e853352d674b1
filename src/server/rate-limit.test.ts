import { describe, expect, it } from 'vitest';
import { HttpProblem } from './problem.js';
import { RateLimiter } from './rate-limit.js';

describe('RateLimiter', () => {
  it('allows the burst, then 429 with Retry-After, then refills at the rate', () => {
    let now = 0;
    const limiter = new RateLimiter(60, 3, () => now); // 1 per second, burst 3
    for (let i = 0; i < 3; i++) limiter.take('a');
    let err: unknown;
    try {
      limiter.take('a');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HttpProblem);
    expect((err as HttpProblem).status).toBe(429);
    expect((err as HttpProblem).headers).toEqual({ 'retry-after': '1' });
    limiter.take('b'); // other callers have their own bucket
    now = 1000;
    limiter.take('a');
    expect(() => limiter.take('a')).toThrow(HttpProblem);
  });

  it('is off at 0', () => {
    const limiter = new RateLimiter(0);
    for (let i = 0; i < 1000; i++) limiter.take('a');
  });
});
