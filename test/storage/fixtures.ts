// Builders for storage tests: fixed instants and occurrence inputs.
import type { OccurrenceInput } from '../../src/ports/incident-store.js';

export const T0 = Date.parse('2026-03-01T00:00:00.000Z');
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

export const at = (offsetMs: number) => new Date(T0 + offsetMs).toISOString();

export function occurrence(over: Partial<OccurrenceInput> = {}): OccurrenceInput {
  return {
    fingerprint: 'inc_fp_1',
    workspace_id: 'w1',
    service: 'users',
    endpoint: '/api/users',
    method: 'POST',
    incident_type: 'threshold_exceeded',
    severity: 'medium',
    details: { note: 'first' },
    budget_id: 'endpoint:POST /api/users',
    sync_cycle_id: null,
    contract_diff_id: null,
    before_sample: { type: 'string' },
    after_sample: null,
    occurrences: 1,
    at: at(0),
    actor: 'system',
    ...over,
  };
}
