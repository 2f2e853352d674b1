import { describe, expect, it } from 'vitest';
import { isDriftgateError } from '../errors.js';
import { INCIDENT_STATUSES, type IncidentStatus } from './incident.js';
import { canTransition, transition } from './lifecycle.js';

const AT = '2026-03-01T12:00:00.000Z';
const base = {
  id: 'i1',
  acknowledged_at: null as string | null,
  resolved_at: null as string | null,
  closed_at: null as string | null,
};

// Every (from, to) pair: the full table, so a change to the lifecycle shows up here.
const ALLOWED: Record<IncidentStatus, readonly IncidentStatus[]> = {
  open: ['acknowledged', 'resolved', 'closed'],
  acknowledged: ['open', 'resolved', 'closed'],
  resolved: [],
  closed: [],
};

describe('incident lifecycle', () => {
  for (const from of INCIDENT_STATUSES) {
    for (const to of INCIDENT_STATUSES) {
      const ok = ALLOWED[from].includes(to);
      it(`${from} -> ${to} is ${ok ? 'allowed' : 'illegal'}`, () => {
        expect(canTransition(from, to)).toBe(ok);
        const run = () => transition({ ...base, status: from }, to, AT);
        if (ok) expect(run().status).toBe(to);
        else {
          expect(run).toThrow(`incident i1 cannot go from ${from} to ${to}`);
          try {
            run();
          } catch (e) {
            expect(isDriftgateError(e) && e.code === 'incident.illegal_transition').toBe(true);
          }
        }
      });
    }
  }

  it.each([
    [
      'open',
      'acknowledged',
      { acknowledged_at: AT, resolved_at: null, closed_at: null, timelineKind: 'acknowledged' },
    ],
    [
      'open',
      'resolved',
      { acknowledged_at: null, resolved_at: AT, closed_at: null, timelineKind: 'resolved' },
    ],
    ['open', 'closed', { acknowledged_at: null, resolved_at: null, closed_at: AT, timelineKind: 'closed' }],
    [
      'acknowledged',
      'open',
      { acknowledged_at: null, resolved_at: null, closed_at: null, timelineKind: 'reopened' },
    ],
    [
      'acknowledged',
      'resolved',
      {
        acknowledged_at: '2026-03-01T00:00:00.000Z',
        resolved_at: AT,
        closed_at: null,
        timelineKind: 'resolved',
      },
    ],
  ] as const)('%s -> %s sets the timestamps', (from, to, want) => {
    const acked = from === 'acknowledged' ? '2026-03-01T00:00:00.000Z' : null;
    expect(transition({ ...base, status: from, acknowledged_at: acked }, to, AT)).toEqual({
      status: to,
      updated_at: AT,
      ...want,
    });
  });

  it('names the allowed targets in the error', () => {
    expect(() => transition({ ...base, status: 'resolved' }, 'open', AT)).toThrow(
      'allowed: none, it is final',
    );
    expect(() => transition({ ...base, status: 'open' }, 'open', AT)).toThrow(
      'allowed: acknowledged, resolved, closed',
    );
  });
});
