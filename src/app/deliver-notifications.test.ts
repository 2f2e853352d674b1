import { describe, expect, it } from 'vitest';
import { leaseMsFor } from './deliver-notifications.js';

describe('lease length', () => {
  const targets = [{ timeoutMs: 10_000 }, { timeoutMs: 2_000 }] as never[];
  it('defaults to the longest timeout + 30s', () => expect(leaseMsFor({ targets })).toBe(40_000));
  it('refuses a lease a Jira delivery (two calls) could outlive', () => {
    expect(() => leaseMsFor({ targets, leaseMs: 20_000 })).toThrow(
      'lease 20000ms must exceed twice the longest webhook timeout (10000ms)',
    );
    expect(leaseMsFor({ targets, leaseMs: 20_001 })).toBe(20_001);
  });
});
