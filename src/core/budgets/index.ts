// Drift budgets: hierarchy resolution, the shared classifier, and windowed evaluation.
export {
  type BreakingChangeRule,
  type Classification,
  type ClassificationReason,
  classifyFinding,
  POTENTIALLY_BREAKING_TYPES,
  ruleMatches,
} from './classify.js';
export {
  type Allowance,
  type AllowanceKind,
  type BudgetEvaluation,
  type ClassifiedFinding,
  type EvaluateBudgetInput,
  evaluateBudget,
  type FieldChurn,
  fieldChurn,
  type HistoricChange,
  type IncidentType,
  type WindowHistory,
} from './evaluate.js';
export { churnField, countOperationFields, operationFields } from './fields.js';
export { globToRegExp, matchesGlob } from './glob.js';
export {
  BUILTIN_ID,
  type BudgetQuery,
  type BudgetResolution,
  type ChainLink,
  type FieldSource,
  lookupBudget,
  mergeBudgetSets,
  type ResolvedLevel,
} from './hierarchy.js';
export { budgetId, type EndpointKey, formatEndpointKey, parseEndpointKey } from './ids.js';
export { type BudgetCheckReport, budgetScope } from './report.js';
export { matchesTemplate, resolvePathTemplate } from './templates.js';
export {
  BUDGET_FIELDS,
  BUDGET_LEVELS,
  BUILTIN_BUDGET,
  type Budget,
  type BudgetField,
  type BudgetFields,
  type BudgetLevel,
  type BudgetSet,
  type EffectiveBudget,
} from './types.js';
