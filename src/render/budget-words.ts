// Words shared by the budget presenters (text and markdown), so both say the same thing.
import type { AllowanceKind, ClassificationReason } from '../core/budgets/index.js';
import type { Level } from '../core/findings.js';

export const LABEL = {
  breaking: 'breaking',
  potentially_breaking: 'potentially breaking',
  non_breaking: 'non-breaking',
  field_churn_percent: 'field churn',
} as const satisfies Record<AllowanceKind, string>;

export function levelName(level: Level): string {
  return LABEL[level];
}

export function describeReason(r: ClassificationReason): string {
  switch (r.kind) {
    case 'rule':
      return `rule #${r.rule_index + 1} (${r.rule_type})`;
    case 'severity_threshold':
      return `severity at or above ${r.threshold}`;
    case 'engine_level':
      return 'level of the check';
    case 'medium_severity':
      return 'medium severity';
    case 'mismatch_type':
      return `${r.mismatch_type}`;
    case 'default':
      return 'no rule matched';
  }
}
