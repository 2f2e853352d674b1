// Row <-> domain mapping for incidents and their timeline, and the opaque keyset cursor.
import type { Selectable } from 'kysely';
import { DriftgateError } from '../../../core/errors.js';
import type { Severity } from '../../../core/findings.js';
import type {
  Incident,
  IncidentStatus,
  IncidentType,
  TimelineEvent,
  TimelineKind,
} from '../../../core/incidents/incident.js';
import { fromJson, num, toIso, toIsoOrNull } from './context.js';
import type { IncidentEventsTable, IncidentsTable } from './schema.js';

export function incidentFromRow(r: Selectable<IncidentsTable>): Incident {
  return {
    id: r.id,
    endpoint: r.endpoint,
    method: r.method,
    incident_type: r.incident_type as IncidentType,
    severity: r.severity as Severity,
    status: r.status as IncidentStatus,
    details: fromJson<Record<string, unknown>>(r.details) ?? {},
    budget_id: r.budget_id,
    workspace_id: r.workspace_id,
    sync_cycle_id: r.sync_cycle_id,
    contract_diff_id: r.contract_diff_id,
    before_sample: fromJson(r.before_sample),
    after_sample: fromJson(r.after_sample),
    external_ticket_id: r.external_ticket_id,
    external_ticket_url: r.external_ticket_url,
    created_at: toIso(r.created_at),
    updated_at: toIso(r.updated_at),
    acknowledged_at: toIsoOrNull(r.acknowledged_at),
    resolved_at: toIsoOrNull(r.resolved_at),
    closed_at: toIsoOrNull(r.closed_at),
    fingerprint: r.fingerprint,
    occurrences: num(r.occurrences),
    first_seen: toIso(r.first_seen),
    last_seen: toIso(r.last_seen),
    pr_url: r.pr_url,
    regression_of: r.regression_of,
  };
}

export function timelineFromRow(r: Selectable<IncidentEventsTable>): TimelineEvent {
  return {
    id: r.id,
    incident_id: r.incident_id,
    at: toIso(r.at),
    kind: r.kind as TimelineKind,
    actor: r.actor,
    data: fromJson<Record<string, unknown>>(r.data) ?? {},
  };
}

export interface CursorPosition {
  readonly createdAt: number;
  readonly id: string;
}

export function encodeCursor(p: CursorPosition): string {
  return Buffer.from(JSON.stringify([p.createdAt, p.id])).toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string') {
      return { createdAt: v[0], id: v[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new DriftgateError('request.invalid', 'cursor is not one this server returned', {
    pointer: 'cursor',
  });
}
