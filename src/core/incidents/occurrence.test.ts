import { describe, expect, it } from 'vitest';
import type { Finding } from '../findings.js';
import { incidentFingerprint } from './fingerprint.js';
import { escalateType, maxSeverity, representativeFinding } from './occurrence.js';

const f = (over: Partial<Finding>): Finding => ({
  source: 'traffic',
  code: 'x',
  level: 'non_breaking',
  severity: 'low',
  direction: 'response',
  method: 'GET',
  path: '/a',
  location: '/body/a',
  message: '',
  before: null,
  after: null,
  count: 1,
  field: null,
  ...over,
});

describe('occurrence rules', () => {
  it.each([
    ['low', 'high', 'high'],
    ['critical', 'info', 'critical'],
    ['medium', 'medium', 'medium'],
  ] as const)('maxSeverity(%s, %s) = %s', (a, b, want) => expect(maxSeverity(a, b)).toBe(want));

  it('breaking_change outranks threshold_exceeded', () => {
    expect(escalateType('threshold_exceeded', 'breaking_change')).toBe('breaking_change');
    expect(escalateType('breaking_change', 'threshold_exceeded')).toBe('breaking_change');
    expect(escalateType('threshold_exceeded', 'threshold_exceeded')).toBe('threshold_exceeded');
  });

  it('samples the most breaking, then most severe, then first finding', () => {
    const a = f({ code: 'a', level: 'potentially_breaking', severity: 'critical' });
    const b = f({ code: 'b', level: 'breaking', severity: 'medium' });
    const c = f({ code: 'c', level: 'breaking', severity: 'high' });
    const d = f({ code: 'd', level: 'breaking', severity: 'high' });
    expect(representativeFinding([a, b, c, d])?.code).toBe('c');
    expect(representativeFinding([])).toBeUndefined();
  });

  it('fingerprints an incident by workspace, service and operation, method case-insensitive', () => {
    const k = { workspaceId: 'w', service: 's', method: 'post', endpoint: '/u' };
    expect(incidentFingerprint(k)).toBe(incidentFingerprint({ ...k, method: 'POST' }));
    expect(incidentFingerprint(k)).not.toBe(incidentFingerprint({ ...k, service: 't' }));
    expect(incidentFingerprint(k)).toMatch(/^inc_[0-9a-f]{16}$/);
  });
});
