// What a repeat of a live incident changes: severity and type only ever escalate (breaking_change
// outranks threshold_exceeded), samples are replaced by the newest, occurrences add up.
import { type Finding, LEVEL_RANK, SEVERITY_RANK, type Severity } from '../findings.js';
import type { IncidentType } from './incident.js';

export function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

export function escalateType(a: IncidentType, b: IncidentType): IncidentType {
  return a === 'breaking_change' || b === 'breaking_change' ? 'breaking_change' : 'threshold_exceeded';
}

/**
 * The finding an incident shows as its before/after sample: the most breaking, then most severe, then
 * first in input order (deterministic). Its before/after are the real old/new schema fragment (spec),
 * expected schema/observed exchange (traffic) or recorded/new response (sync) the engines put there.
 */
export function representativeFinding<F extends Finding>(findings: readonly F[]): F | undefined {
  let best: F | undefined;
  for (const f of findings) {
    if (best === undefined || rank(f) > rank(best)) best = f;
  }
  return best;
}

function rank(f: Finding): number {
  return (f.level === null ? -1 : LEVEL_RANK[f.level]) * 10 + SEVERITY_RANK[f.severity];
}
