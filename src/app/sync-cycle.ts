// Use case: one API sync cycle (PRODUCT.md "API sync"). Replay every recorded request (bodies included;
// unsafe methods only when allowed) against the upstream with a concurrency limit and bounded retries;
// compare each new response with its fixture BY SHAPE (core/sync) and against the spec (the traffic
// analyzer); every finding carries the cycle id, the recorded exchange as before and the new one as
// after. Findings go through the one pipeline (ingestFindings: classifier, budgets, incidents, outbox),
// then GitOps (`openPullRequest`, when the budget was exceeded and auto_open is on) or the fixtures are
// rewritten in place; the cycle summary is stored (SyncCycleStore).

import { globToRegExp } from '../core/budgets/glob.js';
import type { BreakingChangeRule, BudgetSet } from '../core/budgets/index.js';
import type { Finding } from '../core/findings.js';
import { renderFixture } from '../core/gitops/fixtures.js';
import type { ApiDocument } from '../core/openapi/index.js';
import { compareResponses, fixtureVariantPath, type SyncSample, syncFinding } from '../core/sync/index.js';
import type { ExchangeRequest, ExchangeResponse } from '../core/traffic/exchange.js';
import { analyzeExchange, createTrafficAnalyzer, REDACTED, redactMessage } from '../core/traffic/index.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import { describeOperations, operationsOf } from './check-specs.js';
import { ingestFindings } from './ingest-findings.js';
import type { FixtureStore, Replayer, StoredFixture } from './sync-ports.js';

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

export interface SyncCycleDeps {
  readonly store: Store;
  readonly fixtures: FixtureStore;
  readonly replayer: Replayer;
  readonly clock: Clock;
  readonly newId: () => string;
  readonly configBudgets: BudgetSet;
  readonly rules: readonly BreakingChangeRule[];
  /** GitOps: opens or updates the PR for the incidents (autoOpenPullRequest); null when GitOps is off. */
  readonly openPullRequest?:
    | ((input: { workspace_id: string; incident_ids: readonly string[] }) => Promise<SyncPullRequest | null>)
    | null;
  /** Called as fixtures are replayed (progress bar). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Waits between retries (default setTimeout). */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface SyncPullRequest {
  readonly outcome: string;
  readonly url: string | null;
  readonly branch: string | null;
  readonly reason: string | null;
}

export interface SyncCycleInput {
  readonly workspaceId: string;
  /** '' when the workspace has no named service. */
  readonly service: string;
  readonly spec: ApiDocument;
  /** Globs over message pointers never compared (`/body/**\/updated_at`). */
  readonly ignoreFields?: readonly string[];
  /** Globs over request paths never replayed. */
  readonly ignorePaths?: readonly string[];
  readonly replayUnsafeMethods?: boolean;
  readonly concurrency?: number;
  /** Extra attempts after a network error or timeout (default 2), with exponential backoff. */
  readonly retries?: number;
  readonly retryBackoffMs?: number;
  /** Rewrite fixtures in place with the new responses (when no PR carries them). */
  readonly updateFixtures?: boolean;
  /** Cycle id to use (default a new id). */
  readonly cycleId?: string;
}

export interface SyncChange {
  readonly fixture: string;
  readonly operation: string;
  readonly code: string;
  readonly location: string;
  readonly message: string;
  readonly severity: string;
}

export interface SyncSummary {
  readonly endpoints_checked: number;
  readonly changed: number;
  readonly errors: number;
  readonly skipped: number;
  readonly duration_ms: number;
  readonly findings: number;
  readonly incident_ids: readonly string[];
  readonly budget_exceeded: boolean;
  readonly fixtures_updated: readonly string[];
  readonly pull_request: SyncPullRequest | null;
  readonly error_details: readonly { readonly fixture: string; readonly message: string }[];
}

export interface SyncCycleResult {
  readonly sync_cycle_id: string;
  readonly workspace_id: string;
  readonly status: 'succeeded' | 'failed';
  readonly started_at: string;
  readonly finished_at: string;
  readonly summary: SyncSummary;
  readonly changes: readonly SyncChange[];
}

/** Headers not sent on replay: hop-by-hop, recomputed, and the ones recording redacted. */
const DROP_ON_REPLAY = new Set([
  'host',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
  'accept-encoding',
]);

export function replayRequest(request: ExchangeRequest): ExchangeRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers)) {
    if (DROP_ON_REPLAY.has(k.toLowerCase()) || v === REDACTED) continue;
    headers[k] = v;
  }
  return { ...request, headers };
}

function requestPath(url: string): string {
  const noScheme = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  const q = noScheme.search(/[?#]/);
  return q < 0 ? noScheme || '/' : noScheme.slice(0, q) || '/';
}

async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

interface Replayed {
  readonly fixture: StoredFixture;
  readonly before: SyncSample;
  readonly after: SyncSample;
  readonly findings: Finding[];
}

export async function runSyncCycle(deps: SyncCycleDeps, input: SyncCycleInput): Promise<SyncCycleResult> {
  const startedMs = deps.clock.now().getTime();
  const started = await deps.store.syncCycles.start({
    ...(input.cycleId !== undefined ? { id: input.cycleId } : {}),
    workspace_id: input.workspaceId,
    at: new Date(startedMs).toISOString(),
  });
  const cycleId = started.id;
  try {
    return await cycle(deps, input, cycleId, started.started_at, startedMs);
  } catch (e) {
    const at = deps.clock.now().toISOString();
    await deps.store.syncCycles.finish(cycleId, {
      status: 'failed',
      summary: { error: (e as Error).message },
      at,
    });
    throw e;
  }
}

async function cycle(
  deps: SyncCycleDeps,
  input: SyncCycleInput,
  cycleId: string,
  startedAt: string,
  startedMs: number,
): Promise<SyncCycleResult> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const { fixtures: all, problems } = await deps.fixtures.list();
  const ignorePaths = (input.ignorePaths ?? []).map((g) => globToRegExp(g));
  const errors: { fixture: string; message: string }[] = problems.map((p) => ({
    fixture: p.path,
    message: p.message,
  }));
  let skipped = 0;
  const todo: { fixture: StoredFixture; request: ExchangeRequest }[] = [];
  for (const f of all) {
    const request = f.file.request;
    if (request === undefined) {
      skipped++;
      continue;
    }
    const method = request.method.toUpperCase();
    if (!input.replayUnsafeMethods && !SAFE_METHODS.has(method)) {
      skipped++;
      continue;
    }
    const path = requestPath(request.url);
    if (ignorePaths.some((re) => re.test(path))) {
      skipped++;
      continue;
    }
    todo.push({ fixture: f, request });
  }

  const analyzer = createTrafficAnalyzer(input.spec);
  const retries = Math.max(0, input.retries ?? 2);
  const backoff = input.retryBackoffMs ?? 200;
  const replayed: Replayed[] = [];
  let done = 0;
  deps.onProgress?.(0, todo.length);
  await pool(todo, input.concurrency ?? 4, async ({ fixture, request }) => {
    let response: ExchangeResponse | null = null;
    let lastError = '';
    for (let attempt = 0; attempt <= retries && response === null; attempt++) {
      if (attempt > 0) await sleep(backoff * 2 ** (attempt - 1));
      try {
        response = await deps.replayer.send(replayRequest(request));
      } catch (e) {
        lastError = (e as Error).message;
      }
    }
    done++;
    deps.onProgress?.(done, todo.length);
    if (response === null) {
      errors.push({ fixture: fixture.path, message: `${request.method} ${request.url}: ${lastError}` });
      return;
    }
    const current = redactMessage(response);
    const before: SyncSample = { request, response: fixture.file.response };
    const after: SyncSample = { request, response: current };
    const { match, mismatches: specMismatches } = analyzeExchange(analyzer, {
      id: fixture.path,
      request,
      response: current,
    });
    const method = match.kind === 'matched' ? match.operation.method.toUpperCase() : fixture.method;
    const template = match.kind === 'matched' ? match.operation.path : fixture.template;
    const shape = compareResponses({
      method,
      path: template,
      recorded: fixture.file.response,
      current,
      ...(input.ignoreFields ? { ignore: input.ignoreFields } : {}),
    });
    const ignoreFields = (input.ignoreFields ?? []).map((g) => globToRegExp(g));
    const spec = specMismatches.filter((m) => !ignoreFields.some((re) => re.test(m.location)));
    const findings = [...shape, ...spec].map((m) => syncFinding(m, { before, after }, cycleId));
    replayed.push({ fixture, before, after, findings });
  });
  replayed.sort((a, b) => (a.fixture.path < b.fixture.path ? -1 : a.fixture.path > b.fixture.path ? 1 : 0));
  errors.sort((a, b) => (a.fixture < b.fixture ? -1 : a.fixture > b.fixture ? 1 : 0));

  const findings = replayed.flatMap((r) => r.findings);
  const changedFixtures = replayed.filter((r) => r.findings.length > 0);
  let incidentIds: readonly string[] = [];
  let exceeded = false;
  if (findings.length > 0) {
    const ingested = await ingestFindings(
      { store: deps.store, newId: deps.newId, configBudgets: deps.configBudgets, rules: deps.rules },
      {
        workspaceId: input.workspaceId,
        service: input.service,
        findings,
        operations: describeOperations(null, input.spec, operationsOf(findings)),
        now: deps.clock.now(),
        syncCycleId: cycleId,
        actor: 'sync',
      },
    );
    incidentIds = ingested.incident_ids;
    exceeded = ingested.report.evaluations.some((e) => e.budget_exceeded);
  }

  let pr: SyncPullRequest | null = null;
  if (exceeded && incidentIds.length > 0 && deps.openPullRequest) {
    try {
      pr = await deps.openPullRequest({ workspace_id: input.workspaceId, incident_ids: incidentIds });
    } catch (e) {
      pr = { outcome: 'not_opened', url: null, branch: null, reason: (e as Error).message };
    }
  }
  const updated: string[] = [];
  // With GitOps on, fixtures change only through the PR (never behind its back in the working tree).
  if (input.updateFixtures && !deps.openPullRequest) {
    for (const r of changedFixtures) {
      const status = r.after.response.status;
      const path =
        status === r.fixture.status
          ? r.fixture.path
          : fixtureVariantPath('', r.fixture.method, r.fixture.template, status, null);
      await deps.fixtures.write(path, renderFixture(r.after, null));
      if (path !== r.fixture.path) await deps.fixtures.remove(r.fixture.path);
      updated.push(path);
    }
  }

  const changes: SyncChange[] = replayed.flatMap((r) =>
    r.findings.map((f) => ({
      fixture: r.fixture.path,
      operation: f.method !== null && f.path !== null ? `${f.method} ${f.path}` : '',
      code: f.code,
      location: f.location,
      message: f.message,
      severity: f.severity,
    })),
  );
  const finishedMs = deps.clock.now().getTime();
  const summary: SyncSummary = {
    endpoints_checked: replayed.length,
    changed: changedFixtures.length,
    errors: errors.length,
    skipped,
    duration_ms: Math.max(0, finishedMs - startedMs),
    findings: findings.length,
    incident_ids: incidentIds,
    budget_exceeded: exceeded,
    fixtures_updated: updated,
    pull_request: pr,
    error_details: errors,
  };
  const status = replayed.length === 0 && errors.length > 0 ? 'failed' : 'succeeded';
  const finishedAt = new Date(finishedMs).toISOString();
  await deps.store.syncCycles.finish(cycleId, { status, summary: { ...summary, changes }, at: finishedAt });
  return {
    sync_cycle_id: cycleId,
    workspace_id: input.workspaceId,
    status,
    started_at: startedAt,
    finished_at: finishedAt,
    summary,
    changes,
  };
}
