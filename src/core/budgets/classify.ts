// The one classifier for every source (PRODUCT.md "Classification"): a finding is breaking when an enabled
// rule matches or its severity is at or above the budget's threshold; else potentially breaking when it is
// medium or a type/format/constraint/enum mismatch; else non-breaking. The detecting engine's own level
// (diff checks carry oasdiff's) is a floor: rules and thresholds can raise a finding, never lower it.
import { type Finding, LEVEL_RANK, type Level, SEVERITY_RANK, type Severity } from '../findings.js';
import { matchesGlob } from './glob.js';
import type { EffectiveBudget } from './types.js';

interface RuleCommon {
  /** Absent means enabled. */
  readonly enabled?: boolean | undefined;
  readonly name?: string | undefined;
  readonly description?: string | undefined;
}

/** `breaking_change_rules` entries, in the seed's flat YAML form. */
export type BreakingChangeRule = RuleCommon &
  (
    | {
        readonly type: 'severity';
        readonly severity: Severity;
        readonly include_higher?: boolean | undefined;
      }
    | { readonly type: 'mismatch_type'; readonly mismatch_type: string }
    | { readonly type: 'check_id'; readonly check_id: string }
    | {
        readonly type: 'custom';
        readonly path_pattern?: string | undefined;
        readonly method?: string | undefined;
        readonly severity?: Severity | undefined;
        readonly include_higher?: boolean | undefined;
      }
  );

/** Mismatch types that are potentially breaking by nature (PRODUCT.md "Classification"). */
export const POTENTIALLY_BREAKING_TYPES: ReadonlySet<string> = new Set([
  'type_mismatch',
  'format_mismatch',
  'constraint_violation',
  'enum_violation',
]);

export type ClassificationReason =
  | { readonly kind: 'rule'; readonly rule_index: number; readonly rule_type: BreakingChangeRule['type'] }
  | { readonly kind: 'severity_threshold'; readonly threshold: Severity }
  | { readonly kind: 'engine_level' }
  | { readonly kind: 'medium_severity' }
  | { readonly kind: 'mismatch_type'; readonly mismatch_type: string }
  | { readonly kind: 'default' };

export interface Classification {
  readonly level: Level;
  readonly reason: ClassificationReason;
}

function severityMatches(actual: Severity, wanted: Severity, includeHigher: boolean | undefined): boolean {
  return includeHigher ? SEVERITY_RANK[actual] >= SEVERITY_RANK[wanted] : actual === wanted;
}

/** Whether one rule matches a finding. Disabled rules never match; a `custom` rule with no condition matches nothing. */
export function ruleMatches(rule: BreakingChangeRule, f: Finding): boolean {
  if (rule.enabled === false) return false;
  switch (rule.type) {
    case 'severity':
      return severityMatches(f.severity, rule.severity, rule.include_higher);
    case 'mismatch_type':
      return f.source !== 'spec' && f.code === rule.mismatch_type;
    case 'check_id':
      return f.source === 'spec' && f.code === rule.check_id;
    case 'custom': {
      if (rule.path_pattern === undefined && rule.method === undefined && rule.severity === undefined)
        return false;
      if (rule.path_pattern !== undefined && (f.path === null || !matchesGlob(rule.path_pattern, f.path)))
        return false;
      if (
        rule.method !== undefined &&
        (f.method === null || f.method.toUpperCase() !== rule.method.toUpperCase())
      )
        return false;
      if (rule.severity !== undefined && !severityMatches(f.severity, rule.severity, rule.include_higher))
        return false;
      return true;
    }
  }
}

export function classifyFinding(
  finding: Finding,
  rules: readonly BreakingChangeRule[],
  budget: Pick<EffectiveBudget, 'severity_threshold'>,
): Classification {
  const byRules = classifyByRules(finding, rules, budget);
  if (finding.level !== null && LEVEL_RANK[finding.level] > LEVEL_RANK[byRules.level]) {
    return { level: finding.level, reason: { kind: 'engine_level' } };
  }
  return byRules;
}

function classifyByRules(
  f: Finding,
  rules: readonly BreakingChangeRule[],
  budget: Pick<EffectiveBudget, 'severity_threshold'>,
): Classification {
  const index = rules.findIndex((r) => ruleMatches(r, f));
  const rule = rules[index];
  if (rule) return { level: 'breaking', reason: { kind: 'rule', rule_index: index, rule_type: rule.type } };
  if (SEVERITY_RANK[f.severity] >= SEVERITY_RANK[budget.severity_threshold]) {
    return {
      level: 'breaking',
      reason: { kind: 'severity_threshold', threshold: budget.severity_threshold },
    };
  }
  if (f.severity === 'medium') return { level: 'potentially_breaking', reason: { kind: 'medium_severity' } };
  if (f.source !== 'spec' && POTENTIALLY_BREAKING_TYPES.has(f.code)) {
    return { level: 'potentially_breaking', reason: { kind: 'mismatch_type', mismatch_type: f.code } };
  }
  return { level: 'non_breaking', reason: { kind: 'default' } };
}
