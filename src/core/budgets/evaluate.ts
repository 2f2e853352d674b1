// Budget evaluation over a window (PRODUCT.md "Budgets"): distinct changes by fingerprint first seen inside
// the window, counted per level against the effective budget, plus field churn %. Pure: the history and
// `now` are passed in; src/app/check-budgets.ts gathers them through the DriftHistory port.
import {
  type Finding,
  findingFingerprint,
  LEVEL_RANK,
  type Level,
  SEVERITY_RANK,
  type Severity,
} from '../findings.js';
import { type BreakingChangeRule, type ClassificationReason, classifyFinding } from './classify.js';
import { churnField } from './fields.js';
import type { BudgetResolution } from './hierarchy.js';

/** A distinct change already known for the scope and operation. */
export interface HistoricChange {
  readonly fingerprint: string;
  readonly level: Level;
  /** Field identity for churn (`Finding.field`), null when the change is not about one field. */
  readonly field: string | null;
  /** ISO 8601 instant the change was first seen. */
  readonly first_seen: string;
}

/** What the evaluation needs from earlier runs. Empty history = a stateless run. */
export interface WindowHistory {
  /** Changes first seen since the window start, plus the earlier first sighting of any change in `findings`. */
  readonly changes: readonly HistoricChange[];
  /** Fields in the operation's contract at the window start; null when unknown. */
  readonly field_baseline: number | null;
}

export interface ClassifiedFinding extends Finding {
  /** The classifier's level (replaces the engine's). */
  readonly level: Level;
  readonly fingerprint: string;
  readonly reason: ClassificationReason;
  /** Whether this change counts in the window (first seen inside it). */
  readonly in_window: boolean;
}

export const ALLOWANCES = [
  'breaking',
  'potentially_breaking',
  'non_breaking',
  'field_churn_percent',
] as const;
export type AllowanceKind = (typeof ALLOWANCES)[number];

export interface Allowance {
  readonly kind: AllowanceKind;
  /** Count (or churn %) spent; for `non_breaking` it includes pooled potentially breaking changes. */
  readonly used: number | null;
  /** null: no limit at this level (churn without `max_field_churn_percent`, or pooled potentially breaking). */
  readonly limit: number | null;
  readonly exceeded: boolean;
  /** `pooled`: potentially breaking spends the non-breaking allowance; `no_baseline`: churn not computable. */
  readonly note: 'pooled' | 'no_baseline' | null;
}

export interface FieldChurn {
  readonly changed_fields: number;
  readonly baseline_fields: number | null;
  /** Rounded to 2 decimals; null when fields changed against a zero or unknown baseline. */
  readonly percent: number | null;
  readonly limit: number | null;
  readonly exceeded: boolean;
}

export type IncidentType = 'breaking_change' | 'threshold_exceeded';

export interface BudgetEvaluation {
  readonly scope: string;
  readonly operation: string | null;
  readonly budget: BudgetResolution;
  readonly window: { readonly days: number; readonly start: string; readonly end: string };
  readonly counts: Readonly<Record<Level, number>>;
  readonly consumption: readonly Allowance[];
  readonly field_churn: FieldChurn;
  readonly budget_exceeded: boolean;
  readonly should_create_incident: boolean;
  readonly incident_type: IncidentType | null;
  readonly severity: Severity | null;
  readonly findings_by_level: Readonly<Record<Level, readonly ClassifiedFinding[]>>;
}

export interface EvaluateBudgetInput {
  /** Scope of fingerprints and history: `workspace` or `workspace/service`. */
  readonly scope: string;
  /** This run's findings for one operation (all share method and path). */
  readonly findings: readonly Finding[];
  readonly rules: readonly BreakingChangeRule[];
  readonly budget: BudgetResolution;
  readonly history: WindowHistory;
  readonly now: Date;
}

const DAY_MS = 86_400_000;

export function evaluateBudget(input: EvaluateBudgetInput): BudgetEvaluation {
  const { budget, history, now } = input;
  const eff = budget.effective;
  const start = new Date(now.getTime() - eff.time_window_days * DAY_MS);
  const startIso = start.toISOString();
  const nowIso = now.toISOString();

  // Distinct changes: the earliest sighting and the highest level per fingerprint.
  const known = new Map<string, { level: Level; field: string | null; first_seen: string }>();
  const note = (fp: string, level: Level, field: string | null, firstSeen: string) => {
    const prev = known.get(fp);
    if (!prev) known.set(fp, { level, field, first_seen: firstSeen });
    else
      known.set(fp, {
        level: LEVEL_RANK[level] > LEVEL_RANK[prev.level] ? level : prev.level,
        field: prev.field ?? field,
        first_seen: firstSeen < prev.first_seen ? firstSeen : prev.first_seen,
      });
  };
  for (const h of history.changes)
    note(h.fingerprint, h.level, h.field, new Date(h.first_seen).toISOString());

  const classified = input.findings.map((f) => {
    const c = classifyFinding(f, input.rules, eff);
    const fingerprint = findingFingerprint(input.scope, f);
    note(fingerprint, c.level, churnField(f), nowIso);
    return { ...f, level: c.level, reason: c.reason, fingerprint };
  });

  const inWindow = [...known.values()].filter((k) => k.first_seen >= startIso && k.first_seen <= nowIso);
  const counts = { breaking: 0, potentially_breaking: 0, non_breaking: 0 } as Record<Level, number>;
  for (const k of inWindow) counts[k.level] += 1;

  const consumption: Allowance[] = [];
  consumption.push(allowance('breaking', counts.breaking, eff.max_breaking_changes));
  const pooled = eff.max_potentially_breaking_changes === null;
  consumption.push(
    pooled
      ? {
          kind: 'potentially_breaking',
          used: counts.potentially_breaking,
          limit: null,
          exceeded: false,
          note: 'pooled',
        }
      : allowance('potentially_breaking', counts.potentially_breaking, eff.max_potentially_breaking_changes),
  );
  consumption.push(
    allowance(
      'non_breaking',
      counts.non_breaking + (pooled ? counts.potentially_breaking : 0),
      eff.max_non_breaking_changes,
    ),
  );
  const churn = fieldChurn(inWindow, history.field_baseline, eff.max_field_churn_percent);
  consumption.push({
    kind: 'field_churn_percent',
    used: churn.percent,
    limit: churn.limit,
    exceeded: churn.exceeded,
    note: churn.percent === null ? 'no_baseline' : null,
  });

  const exceeded = budget.enabled && consumption.some((a) => a.exceeded);
  const breakingExceeded = exceeded && consumption[0]?.exceeded === true;
  const findingsByLevel = { breaking: [], potentially_breaking: [], non_breaking: [] } as Record<
    Level,
    ClassifiedFinding[]
  >;
  for (const f of classified) {
    const k = known.get(f.fingerprint);
    findingsByLevel[f.level].push({
      ...f,
      in_window: k !== undefined && k.first_seen >= startIso && k.first_seen <= nowIso,
    });
  }
  return {
    scope: input.scope,
    operation: budget.operation,
    budget,
    window: { days: eff.time_window_days, start: startIso, end: nowIso },
    counts,
    consumption,
    field_churn: churn,
    budget_exceeded: exceeded,
    should_create_incident: exceeded && classified.length > 0,
    incident_type: !exceeded ? null : breakingExceeded ? 'breaking_change' : 'threshold_exceeded',
    severity: !exceeded ? null : breakingExceeded ? maxSeverity('high', findingsByLevel.breaking) : 'medium',
    findings_by_level: findingsByLevel,
  };
}

function allowance(kind: AllowanceKind, used: number, limit: number): Allowance {
  return { kind, used, limit, exceeded: used > limit, note: null };
}

/** Churn % = distinct fields changed in the window ÷ fields at the window start × 100 (PRODUCT.md). */
export function fieldChurn(
  changes: readonly { readonly field: string | null }[],
  baseline: number | null,
  limit: number | null,
): FieldChurn {
  const changed = new Set(changes.flatMap((c) => (c.field === null ? [] : [c.field]))).size;
  let percent: number | null;
  if (changed === 0) percent = 0;
  else if (baseline === null || baseline <= 0) percent = null;
  else percent = Math.round((changed / baseline) * 10_000) / 100;
  return {
    changed_fields: changed,
    baseline_fields: baseline,
    percent,
    limit,
    exceeded: limit !== null && percent !== null && percent > limit,
  };
}

function maxSeverity(floor: Severity, findings: readonly { readonly severity: Severity }[]): Severity {
  return findings.reduce<Severity>(
    (m, f) => (SEVERITY_RANK[f.severity] > SEVERITY_RANK[m] ? f.severity : m),
    floor,
  );
}
