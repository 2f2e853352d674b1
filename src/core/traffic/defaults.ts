// Default severity of each mismatch type, by direction: the exhaustive table the classifier starts from.
// A response drifting from its contract breaks consumers; a request drifting means the contract is stricter
// (or looser) than what clients really send, which is usually a documentation gap.
import type { Direction, MismatchType, Severity } from '../findings.js';

export const MISMATCH_SEVERITY = {
  missing_required_field: { request: 'high', response: 'high' },
  type_mismatch: { request: 'high', response: 'high' },
  nullability_violation: { request: 'medium', response: 'high' },
  unexpected_field: { request: 'low', response: 'low' },
  format_mismatch: { request: 'medium', response: 'medium' },
  constraint_violation: { request: 'medium', response: 'medium' },
  enum_violation: { request: 'medium', response: 'medium' },
  unknown_endpoint: { request: 'medium', response: 'medium' },
  method_not_allowed: { request: 'medium', response: 'medium' },
  undocumented_status: { request: 'medium', response: 'medium' },
  undocumented_content_type: { request: 'medium', response: 'medium' },
  header_mismatch: { request: 'medium', response: 'medium' },
  query_param_mismatch: { request: 'medium', response: 'medium' },
  path_param_mismatch: { request: 'medium', response: 'medium' },
  field_removed: { request: 'high', response: 'high' },
  field_added: { request: 'low', response: 'low' },
  status_changed: { request: 'high', response: 'high' },
} as const satisfies Record<MismatchType, Record<Direction, Severity>>;

export function defaultSeverity(type: MismatchType, direction: Direction): Severity {
  return MISMATCH_SEVERITY[type][direction];
}
