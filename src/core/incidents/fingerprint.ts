// Incident identity: one live incident per (workspace, service, operation). New findings on the same
// operation join that incident (occurrences, samples, escalation) instead of opening another.
import { stableHash } from '../findings.js';

export interface IncidentScope {
  readonly workspaceId: string;
  readonly service: string;
  /** Upper-case method or `*`. */
  readonly method: string;
  /** Path template or `*`. */
  readonly endpoint: string;
}

export function incidentFingerprint(scope: IncidentScope): string {
  return `inc_${stableHash(
    ['incident', scope.workspaceId, scope.service, scope.method.toUpperCase(), scope.endpoint].join('\u0000'),
  )}`;
}
