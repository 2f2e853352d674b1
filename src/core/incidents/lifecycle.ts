// Incident lifecycle as pure transitions (PRODUCT.md "Incidents"): open -> acknowledged -> resolved | closed,
// open -> resolved | closed, and acknowledged -> open (un-acknowledge, e.g. acked by mistake).
// resolved and closed are terminal: a recurrence opens a new incident linked by `regression_of`.
// Illegal transitions throw DriftgateError('incident.illegal_transition'); a repeat (ack of an acked
// incident) is illegal too, so a caller always learns that nothing changed.
import { DriftgateError } from '../errors.js';
import type { Incident, IncidentStatus, TimelineKind } from './incident.js';

export const TRANSITIONS = {
  open: ['acknowledged', 'resolved', 'closed'],
  acknowledged: ['open', 'resolved', 'closed'],
  resolved: [],
  closed: [],
} as const satisfies Record<IncidentStatus, readonly IncidentStatus[]>;

export function canTransition(from: IncidentStatus, to: IncidentStatus): boolean {
  return (TRANSITIONS[from] as readonly IncidentStatus[]).includes(to);
}

/** The fields a transition changes; the store applies them with a status guard (compare-and-set). */
export interface TransitionPatch {
  readonly status: IncidentStatus;
  readonly updated_at: string;
  readonly acknowledged_at: string | null;
  readonly resolved_at: string | null;
  readonly closed_at: string | null;
  readonly timelineKind: TimelineKind;
}

export function transition(
  incident: Pick<Incident, 'id' | 'status' | 'acknowledged_at' | 'resolved_at' | 'closed_at'>,
  to: IncidentStatus,
  at: string,
): TransitionPatch {
  if (!canTransition(incident.status, to)) {
    throw new DriftgateError(
      'incident.illegal_transition',
      `incident ${incident.id} cannot go from ${incident.status} to ${to}` +
        ` (allowed: ${TRANSITIONS[incident.status].join(', ') || 'none, it is final'})`,
      { pointer: '/status' },
    );
  }
  const timelineKind: TimelineKind =
    to === 'open'
      ? 'reopened'
      : to === 'acknowledged'
        ? 'acknowledged'
        : to === 'resolved'
          ? 'resolved'
          : 'closed';
  return {
    status: to,
    updated_at: at,
    acknowledged_at: to === 'acknowledged' ? at : to === 'open' ? null : incident.acknowledged_at,
    resolved_at: to === 'resolved' ? at : incident.resolved_at,
    closed_at: to === 'closed' ? at : incident.closed_at,
    timelineKind,
  };
}
