// Plans the one commit a PR makes from its incidents: the deduplicated spec operations (each remembering
// which incidents asked for it, so a conflict is blamed on the right ones) and the fixture files.
import type { Incident } from '../incidents/incident.js';
import type { ExchangeRequest, ExchangeResponse } from '../traffic/exchange.js';
import type { PatchOperation } from '../traffic/mismatch.js';
import { incidentOperations } from './corrections.js';
import { fixturePath } from './fixtures.js';
import { sampleExchange } from './samples.js';

export type GitopsIncident = Pick<
  Incident,
  | 'id'
  | 'fingerprint'
  | 'method'
  | 'endpoint'
  | 'incident_type'
  | 'severity'
  | 'workspace_id'
  | 'details'
  | 'before_sample'
  | 'after_sample'
  | 'last_seen'
>;

export interface ChangeSetOptions {
  /** Update the spec (`update_openapi_specs`). */
  readonly updateSpec: boolean;
  /** `fixtures_dir` when fixtures are updated (`update_fixtures`), else null. */
  readonly fixturesDir: string | null;
}

export interface PlannedOperation {
  readonly op: PatchOperation;
  readonly incident_ids: readonly string[];
}

export interface PlannedFixture {
  readonly path: string;
  readonly incident_id: string;
  readonly operation: string;
  readonly status: number;
  readonly sample: { readonly request?: ExchangeRequest; readonly response: ExchangeResponse };
}

export interface IncidentPlan {
  readonly incident_id: string;
  readonly origin: 'corrections' | 'patch' | 'spec_sample' | 'none';
  readonly operations: number;
  readonly fixture: string | null;
  readonly reasons: readonly string[];
}

export interface ChangeSetPlan {
  readonly operations: readonly PlannedOperation[];
  readonly fixtures: readonly PlannedFixture[];
  readonly incidents: readonly IncidentPlan[];
  /** Stored operations that are malformed; a plan with problems must not be applied. */
  readonly problems: readonly { readonly incident_id: string; readonly message: string }[];
}

/** Deterministic order: operation, then first seen id. */
export function sortIncidents<T extends GitopsIncident>(incidents: readonly T[]): T[] {
  return [...incidents].sort(
    (a, b) =>
      a.endpoint.localeCompare(b.endpoint) || a.method.localeCompare(b.method) || a.id.localeCompare(b.id),
  );
}

export function operationOf(i: Pick<GitopsIncident, 'method' | 'endpoint'>): string {
  return `${i.method} ${i.endpoint}`;
}

export function planChangeSet(
  incidents: readonly GitopsIncident[],
  options: ChangeSetOptions,
): ChangeSetPlan {
  const byKey = new Map<string, { op: PatchOperation; ids: string[] }>();
  const problems: { incident_id: string; message: string }[] = [];
  const plans: IncidentPlan[] = [];
  const fixtures = new Map<string, PlannedFixture & { last_seen: string }>();

  for (const incident of sortIncidents(incidents)) {
    const found = options.updateSpec ? incidentOperations(incident) : null;
    for (const message of found?.problems ?? []) problems.push({ incident_id: incident.id, message });
    for (const op of found?.ops ?? []) {
      const key = JSON.stringify(op);
      const entry = byKey.get(key);
      if (entry === undefined) byKey.set(key, { op, ids: [incident.id] });
      else if (!entry.ids.includes(incident.id)) entry.ids.push(incident.id);
    }

    let fixture: string | null = null;
    const sample = options.fixturesDir === null ? null : sampleExchange(incident.after_sample);
    if (
      sample !== null &&
      options.fixturesDir !== null &&
      incident.endpoint !== '*' &&
      incident.method !== '*'
    ) {
      fixture = fixturePath(options.fixturesDir, incident.method, incident.endpoint, sample.response.status);
      const prev = fixtures.get(fixture);
      // Two incidents on one operation and status: the newest response wins.
      if (prev === undefined || prev.last_seen < incident.last_seen) {
        fixtures.set(fixture, {
          path: fixture,
          incident_id: incident.id,
          operation: operationOf(incident),
          status: sample.response.status,
          sample,
          last_seen: incident.last_seen,
        });
      }
    }
    plans.push({
      incident_id: incident.id,
      origin: found?.origin ?? 'none',
      operations: found?.ops.length ?? 0,
      fixture,
      reasons: found?.reasons ?? [],
    });
  }
  return {
    operations: [...byKey.values()].map((e) => ({ op: e.op, incident_ids: e.ids })),
    fixtures: [...fixtures.values()]
      .map(({ last_seen: _, ...f }) => f)
      .sort((a, b) => a.path.localeCompare(b.path)),
    incidents: plans,
    problems,
  };
}
