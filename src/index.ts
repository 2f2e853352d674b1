// driftgate's library API: named exports only, curated (STYLE.md).
import { type LoadSpecOptions, loadSpec } from './adapters/spec-source.js';
import { readTextFile } from './adapters/text-file.js';
import { type DiffSpecFilesOptions, type DiffSpecFilesResult, diffSpecFilesWith } from './app/diff-specs.js';

export { FixtureRecorder, fsFixtureStore } from './adapters/fixtures/fs-fixtures.js';
// GitOps (docs/gitops.md): adapters from config; the use case, fixture layout and PR renderer below.
export { gitopsAdapters } from './adapters/git/from-config.js';
export { RecorderThread, type RecorderThreadOptions } from './adapters/proxy/recorder-thread.js';
export {
  type ExchangeBytes,
  exchangeFromBytes,
  type RecordingProxy,
  type RecordingProxyOptions,
  startRecordingProxy,
} from './adapters/proxy/recording-proxy.js';
export { httpReplayer } from './adapters/proxy/replayer.js';
export { deliverPending, runConfiguredSync, syncSettings } from './adapters/proxy/sync-runner.js';
export { guardRegExpBacktracking } from './adapters/regexp-guard.js';
export type { LoadSpecOptions } from './adapters/spec-source.js';
export { loadSpec, loadSpecText } from './adapters/spec-source.js';
export type { OpenStoreOptions } from './adapters/storage/open-store.js';
export { openStore } from './adapters/storage/open-store.js';
export { openLeaseStore } from './adapters/storage/sql/leases.js';
export type { CheckBudgetsDeps, CheckBudgetsInput, OperationInfo } from './app/check-budgets.js';
export { checkBudgets } from './app/check-budgets.js';
export { createMemoryDriftHistory, type MemoryDriftHistory } from './app/check-memory-history.js';
export { describeOperations, specCheckInput } from './app/check-specs.js';
export { budgetFromStored } from './app/check-stored-budgets.js';
export { type TrafficCheckInput, trafficCheckInput } from './app/check-traffic.js';
export type { DiffSpecFilesOptions, DiffSpecFilesResult, SpecFiles } from './app/diff-specs.js';
export { diffSpecFilesWith } from './app/diff-specs.js';
export type {
  DriftMark,
  GeneratePrDeps,
  GeneratePrInput,
  GeneratePrOutcome,
  GeneratePrResult,
  Reanalyze,
} from './app/generate-pr.js';
export { autoOpenPullRequest, generatePr } from './app/generate-pr.js';
export type { RecordDriftDeps, RecordDriftInput, RecordDriftResult } from './app/record-drift.js';
export { recordDrift } from './app/record-drift.js';
export { ingestRecorded, TrafficRecorder } from './app/record-traffic.js';
export type { IntervalTimer, RetentionDeps, RetentionSchedulerOptions } from './app/retention.js';
export { purgeExpiredIncidents, RetentionScheduler } from './app/retention.js';
export type {
  SyncChange,
  SyncCycleDeps,
  SyncCycleInput,
  SyncCycleResult,
  SyncSummary,
} from './app/sync-cycle.js';
export { runSyncCycle } from './app/sync-cycle.js';
export type { FixtureStore, Replayer, StoredFixture } from './app/sync-ports.js';
export { SyncScheduler, withSyncLease } from './app/sync-schedule.js';
export type {
  BreakingChangeRuleConfig,
  BudgetFieldsConfig,
  Config,
  Env,
  WebhookConfig,
} from './config/index.js';
export {
  budgetSetFromConfig,
  ConfigSchema,
  configJsonSchema,
  defaultConfig,
  parseConfig,
  readConfigFile,
  rulesFromConfig,
  webhookKind,
} from './config/index.js';
export type {
  Allowance,
  BreakingChangeRule,
  Budget,
  BudgetCheckReport,
  BudgetEvaluation,
  BudgetFields,
  BudgetLevel,
  BudgetQuery,
  BudgetResolution,
  BudgetSet,
  ChainLink,
  Classification,
  ClassifiedFinding,
  EffectiveBudget,
  EvaluateBudgetInput,
  FieldChurn,
  HistoricChange,
  IncidentType,
  WindowHistory,
} from './core/budgets/index.js';
export {
  BUILTIN_BUDGET,
  budgetId,
  budgetScope,
  classifyFinding,
  countOperationFields,
  evaluateBudget,
  fieldChurn,
  lookupBudget,
  mergeBudgetSets,
} from './core/budgets/index.js';
export type { IgnoreOutcome, IgnoreRule } from './core/diff/ignore.js';
export { applyIgnore, parseIgnoreFile } from './core/diff/ignore.js';
export type {
  CheckDirection,
  CheckId,
  CheckSpec,
  DiffOptions,
  DiffResult,
  DocumentSummary,
} from './core/diff/index.js';
export { CHECK_IDS, CHECKS, diffSpecs } from './core/diff/index.js';
export type { ErrorCode, ErrorLocation } from './core/errors.js';
export { DriftgateError, formatError } from './core/errors.js';
export type {
  Change,
  Direction,
  Finding,
  FindingSource,
  Level,
  MismatchType,
  Severity,
} from './core/findings.js';
export {
  changeToFinding,
  findingFingerprint,
  LEVELS,
  MISMATCH_TYPES,
  SEVERITIES,
  SEVERITY_RANK,
} from './core/findings.js';
export {
  fingerprintSet,
  fixturePath,
  operationsFromChanges,
  pathSlug,
  prBranchName,
  renderFixture,
  templateOfSlug,
} from './core/gitops/index.js';
export type {
  Incident,
  IncidentStatus,
  IncidentWithTimeline,
  TimelineEvent,
  TimelineKind,
} from './core/incidents/incident.js';
export { INCIDENT_STATUSES, INCIDENT_TYPES } from './core/incidents/incident.js';
export { canTransition } from './core/incidents/lifecycle.js';
export type { ApiDocument, Operation } from './core/openapi/index.js';
export { compareResponses, responseShapeHash, shapeOf } from './core/sync/index.js';
export type { Clock } from './ports/clock.js';
export type {
  DriftEvent,
  MetricBucket,
  MetricsPoint,
  MetricsQuery,
  MetricsSeries,
  ScopeMetricsPoint,
} from './ports/drift-event-store.js';
export type { DriftHistory, HistoryChangesQuery, HistoryRecord } from './ports/drift-history.js';
export type {
  CommitAuthor,
  GitHost,
  GitRepository,
  PullRequestDraft,
  PullRequestRef,
  WorkingCopy,
} from './ports/git-host.js';
export type { IncidentFilter, IncidentPage, IncidentStats, IncidentStore } from './ports/incident-store.js';
export type { Store } from './ports/store.js';
export { renderBudgetJson } from './render/budget-json.js';
export { renderBudgetMarkdown } from './render/budget-markdown.js';
export { renderBudgetText } from './render/budget-text.js';
export type { DiffFormat, DiffRenderContext, FailOn } from './render/diff-format.js';
export { DIFF_FORMATS, FAIL_ON, failsGate, gatedChanges } from './render/diff-format.js';
export { renderDiffGithub } from './render/diff-github.js';
export { renderDiffJson } from './render/diff-json.js';
export { renderDiffJunit } from './render/diff-junit.js';
export { renderDiffMarkdown } from './render/diff-markdown.js';
export { renderDiff } from './render/diff-render.js';
export { renderDiffSarif } from './render/diff-sarif.js';
export { renderDiffText } from './render/diff-text.js';
export { renderPrBody, renderPrTitle } from './render/pr-body.js';

/**
 * Loads two contract files (one may be `-` for stdin), diffs them and drops what `options.ignore` names:
 * `driftgate diff` as a function. `options.load` passes loader options (stdin stream, remote refs).
 */
export function diffSpecFiles(
  basePath: string,
  revisionPath: string,
  options: DiffSpecFilesOptions & { readonly load?: LoadSpecOptions },
): Promise<DiffSpecFilesResult> {
  const files = {
    loadSpec: (source: string) => loadSpec(source, options.load ?? {}),
    readText: readTextFile,
  };
  return diffSpecFilesWith(files, basePath, revisionPath, options);
}
export type { OpenAiCompatibleOptions } from './adapters/llm/openai-compatible.js';
export { openAiCompatibleLlm } from './adapters/llm/openai-compatible.js';
export type { AnalyzeFilesOptions, FilesAnalysis } from './adapters/traffic/parallel-analyze.js';
export { analyzeTrafficFiles } from './adapters/traffic/parallel-analyze.js';
export type { MalformedRecord, ReadTrafficOptions } from './adapters/traffic/read-traffic.js';
export { readTraffic } from './adapters/traffic/read-traffic.js';
export type {
  AnalyzeTrafficOptions,
  TrafficAnalysis,
  TrafficSummary,
} from './app/analyze-traffic.js';
export { analyzeTraffic } from './app/analyze-traffic.js';
export type { AiNote, DriftExplanation, ExplainOptions } from './app/explain-drift.js';
export { ExplainCache, explainDrift, withAiNote } from './app/explain-drift.js';
export type { NotificationEventType } from './core/notifications/events.js';
export { NOTIFICATION_EVENTS } from './core/notifications/events.js';
export {
  HEADER_DELIVERY,
  HEADER_EVENT,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
} from './core/notifications/signature.js';
export type { TextFormat, TextPatchOptions, TextPatchResult } from './core/spec-patch/index.js';
export { applyPatch, applyPatchToText } from './core/spec-patch/index.js';
export type { CorrectionOptions, CorrectionReport, SkippedMismatch } from './core/traffic/corrections.js';
export { planCorrections, proposeCorrections } from './core/traffic/corrections.js';
export type {
  AggregatedMismatch,
  Correction,
  Exchange,
  ExchangeRequest,
  ExchangeResponse,
  MatchResult,
  Mismatch,
  PatchOperation,
  TrafficAnalyzer,
} from './core/traffic/index.js';
export {
  analyzeExchange,
  createTrafficAnalyzer,
  MismatchAggregator,
  matchExchange,
  mismatchKey,
  mismatchToFinding,
} from './core/traffic/index.js';
export type { CorrectionKind } from './core/traffic/mismatch.js';
export { CORRECTION_KINDS } from './core/traffic/mismatch.js';
export type { ChatMessage, CompleteOptions, Llm } from './ports/llm.js';
export { LlmError } from './ports/llm.js';
export { renderAnalysis } from './render/analyze-render.js';
export { WEBHOOK_SCHEMA } from './render/webhook.js';
export type { VerifyWebhookInput, VerifyWebhookResult } from './verify-webhook.js';
export { verifyWebhookSignature } from './verify-webhook.js';
