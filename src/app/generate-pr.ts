// Use case: turn incidents into one reviewable pull request that fixes the contract and the fixtures.
// Plan the change set (core/gitops), apply the corrections to the real spec text in a fresh clone
// (core/spec-patch keeps YAML comments and JSON indentation), check the patched spec loads and the drift is
// gone, write the fixtures, run the configured commands, make one commit on our branch, push it without
// ever overwriting someone else's work, then create or update the one open PR for the fingerprint set and
// link it from every incident (timeline + `pr.opened` through the outbox).
import type { GitopsConfig } from '../config/schema.js';
import { DriftgateError, isDriftgateError } from '../core/errors.js';
import {
  type ChangeSetPlan,
  fingerprintSet,
  type GitopsIncident,
  operationOf,
  planChangeSet,
  prBranchName,
  renderFixture,
  sampleExchange,
  sortIncidents,
} from '../core/gitops/index.js';
import type { Incident, IncidentStatus } from '../core/incidents/incident.js';
import { LIVE_STATUSES } from '../core/incidents/incident.js';
import { type ApiDocument, buildApiDocument, parseSpecText, scanRefs } from '../core/openapi/index.js';
import { applyOperation, applyPatchToText } from '../core/spec-patch/index.js';
import type { Exchange } from '../core/traffic/exchange.js';
import type { Clock } from '../ports/clock.js';
import type { CommitAuthor, GitHost, GitRepository, PullRequestRef, WorkingCopy } from '../ports/git-host.js';
import type { Store } from '../ports/store.js';
import {
  type CommandReport,
  type PrBodyInput,
  renderCommitMessage,
  renderPrBody,
  renderPrTitle,
  type VerificationReport,
} from '../render/pr-body.js';
import { analyzeTraffic } from './analyze-traffic.js';

export const DEFAULT_AUTHOR: CommitAuthor = { name: 'driftgate', email: 'driftgate@localhost' };

/** One drift the analyzer still sees in a sample exchange: `type` and message `location` (and operation). */
export interface DriftMark {
  readonly type: string;
  readonly location: string;
  readonly operation: string | null;
}

/** Re-validates exchanges against a spec; default: our traffic analyzer (`analyzeTraffic`). */
export type Reanalyze = (spec: ApiDocument, exchanges: readonly Exchange[]) => Promise<readonly DriftMark[]>;

export const analyzerReanalyze: Reanalyze = async (spec, exchanges) =>
  (await analyzeTraffic(spec, exchanges, { proposeCorrections: false })).mismatches.map((m) => ({
    type: m.type,
    location: m.location,
    operation: m.method !== null && m.path !== null ? `${m.method} ${m.path}` : null,
  }));

export interface GeneratePrDeps {
  readonly store: Store;
  readonly gitops: GitopsConfig;
  readonly host: GitHost;
  readonly repository: GitRepository;
  readonly clock: Clock;
  /** Ids for notification events. */
  readonly newId: () => string;
  readonly author?: CommitAuthor;
  /** Default `analyzerReanalyze`. */
  readonly reanalyze?: Reanalyze;
  /** Per configured command; default 10 minutes. */
  readonly commandTimeoutMs?: number;
  readonly actor?: string;
  /** Outbox targets for `pr.opened`; default `['*']`. */
  readonly targets?: readonly string[];
}

export type GeneratePrInput =
  | { readonly incident_ids: readonly string[]; readonly workspace_id?: string }
  | { readonly status: IncidentStatus | readonly IncidentStatus[]; readonly workspace_id: string };

export type GeneratePrOutcome = 'opened' | 'updated' | 'unchanged' | 'not_opened' | 'nothing_to_do';

export interface GeneratePrResult {
  readonly outcome: GeneratePrOutcome;
  /** Why no PR was opened or updated (null on success). */
  readonly reason: string | null;
  readonly incident_ids: readonly string[];
  /** Incidents asked for but not included (not live). */
  readonly skipped: readonly { readonly id: string; readonly reason: string }[];
  readonly fingerprint_set_hash: string | null;
  readonly branch: string | null;
  readonly pr: {
    readonly url: string;
    readonly number: number;
    readonly provider: string;
    readonly created: boolean;
    readonly record_id: string;
  } | null;
  readonly commit: {
    readonly sha: string;
    readonly files: readonly string[];
    readonly pushed: boolean;
  } | null;
  readonly title: string | null;
  readonly body: string | null;
  /** Incidents whose corrections conflicted with the spec (on `not_opened` for a patch conflict). */
  readonly conflicts: readonly { readonly incident_ids: readonly string[]; readonly message: string }[];
  /** What the host refused while decorating an opened PR (labels, reviewers). */
  readonly warnings: readonly string[];
}

const PAGE = 500;

/** The incidents a trigger selects: every live incident matching, paged to the end (no cap). */
export async function selectIncidents(
  store: Store,
  input: GeneratePrInput,
): Promise<{ incidents: Incident[]; skipped: { id: string; reason: string }[] }> {
  const skipped: { id: string; reason: string }[] = [];
  if ('incident_ids' in input) {
    if (input.incident_ids.length === 0) throw new DriftgateError('request.invalid', 'incident_ids is empty');
    const incidents: Incident[] = [];
    for (const id of new Set(input.incident_ids)) {
      const found = await store.incidents.get(id);
      if (found === undefined) throw new DriftgateError('store.not_found', `no incident '${id}'`);
      const { timeline: _, ...incident } = found;
      if (input.workspace_id !== undefined && incident.workspace_id !== input.workspace_id) {
        skipped.push({ id, reason: `belongs to workspace '${incident.workspace_id}'` });
      } else if (!(LIVE_STATUSES as readonly string[]).includes(incident.status)) {
        skipped.push({ id, reason: `is ${incident.status}` });
      } else incidents.push(incident);
    }
    return { incidents, skipped };
  }
  const status = typeof input.status === 'string' ? [input.status] : [...input.status];
  const incidents: Incident[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await store.incidents.list(
      { status, workspace_id: input.workspace_id },
      cursor === undefined ? { limit: PAGE } : { limit: PAGE, cursor },
    );
    incidents.push(...page.items);
    if (page.next_cursor === null) break;
    cursor = page.next_cursor;
  }
  return { incidents, skipped };
}

/** Repository-relative path of the spec: `openapi_spec_dir/spec_file`, or the one spec file in the dir. */
export async function resolveSpecPath(wc: WorkingCopy, gitops: GitopsConfig): Promise<string> {
  const dir = gitops.openapi_spec_dir.replace(/^\.\/|\/+$/g, '');
  const join = (name: string) => (dir === '' || dir === '.' ? name : `${dir}/${name}`);
  if (gitops.spec_file !== undefined) return join(gitops.spec_file.replace(/^\.\//, ''));
  const candidates = (await wc.listFiles(dir)).filter((f) => /\.(ya?ml|json)$/i.test(f));
  if (candidates.length === 1) return join(candidates[0]!);
  throw new DriftgateError(
    'config.invalid',
    candidates.length === 0
      ? `no spec file (*.yaml, *.yml, *.json) in '${gitops.openapi_spec_dir}' of the repository`
      : `'${gitops.openapi_spec_dir}' holds ${candidates.length} spec files (${candidates.join(', ')}); set spec_file`,
    { pointer: 'drift_budget.gitops.spec_file' },
  );
}

/** The patched spec must load: parse, resolve (external files read from the checkout), build. */
async function loadInCheckout(wc: WorkingCopy, specPath: string, text: string): Promise<ApiDocument> {
  const root = `${wc.dir}/`;
  const entry = `${root}${specPath}`;
  const docs = new Map<string, unknown>([[entry, parseSpecText(text, specPath)]]);
  const queue = [entry];
  while (queue.length > 0) {
    const uri = queue.shift()!;
    for (const ext of scanRefs(docs, uri).external) {
      if (docs.has(ext) || !ext.startsWith(root)) continue;
      const rel = ext.slice(root.length);
      const extText = await wc.readFile(rel);
      if (extText === null)
        throw new DriftgateError('spec.ref_dangling', `$ref target file '${rel}' does not exist`, {
          file: specPath,
        });
      docs.set(ext, parseSpecText(extText, rel));
      queue.push(ext);
    }
  }
  return buildApiDocument(entry, docs);
}

/** Which operation of the deduplicated list fails first (the text patcher names only the error). */
function conflictCulprit(value: unknown, plan: ChangeSetPlan): number {
  let cur = value;
  for (let i = 0; i < plan.operations.length; i++) {
    try {
      cur = applyOperation(cur, plan.operations[i]!.op, i);
    } catch {
      return i;
    }
  }
  return -1;
}

function sampleExchanges(incidents: readonly GitopsIncident[]): Exchange[] {
  const out: Exchange[] = [];
  for (const i of incidents) {
    const s = sampleExchange(i.after_sample);
    if (s?.request !== undefined) out.push({ id: i.id, request: s.request, response: s.response });
  }
  return out;
}

function markKey(m: DriftMark): string {
  return `${m.operation ?? ''} ${m.type} ${m.location}`;
}

class NotOpened extends Error {
  constructor(
    readonly reason: string,
    readonly conflicts: readonly { incident_ids: readonly string[]; message: string }[] = [],
    readonly outcome: 'not_opened' | 'nothing_to_do' = 'not_opened',
  ) {
    super(reason);
  }
}

export async function generatePr(deps: GeneratePrDeps, input: GeneratePrInput): Promise<GeneratePrResult> {
  const { gitops, store } = deps;
  if (!gitops.enabled) {
    throw new DriftgateError('config.invalid', 'GitOps is disabled: set drift_budget.gitops.enabled: true', {
      pointer: 'drift_budget.gitops.enabled',
    });
  }
  const { incidents: selected, skipped } = await selectIncidents(store, input);
  const incidents = sortIncidents(selected);
  const empty = {
    fingerprint_set_hash: null,
    branch: null,
    pr: null,
    commit: null,
    title: null,
    body: null,
    conflicts: [],
    warnings: [],
  };
  if (incidents.length === 0) {
    return {
      ...empty,
      outcome: 'nothing_to_do',
      reason: 'no live incidents selected',
      incident_ids: [],
      skipped,
    };
  }
  const ids = incidents.map((i) => i.id);
  const set = fingerprintSet(incidents.map((i) => i.fingerprint));
  const branch = prBranchName(gitops.branch_prefix, { operations: incidents.map(operationOf) }, set.hash);
  const title = renderPrTitle(incidents);
  const actor = deps.actor ?? 'driftgate';
  const now = deps.clock.now();
  const at = now.toISOString();
  const base = { incident_ids: ids, skipped, fingerprint_set_hash: set.hash, branch, title };

  try {
    const plan = planChangeSet(incidents, {
      updateSpec: gitops.update_openapi_specs,
      fixturesDir: gitops.update_fixtures ? gitops.fixtures_dir : null,
    });
    if (plan.problems.length > 0) {
      throw new NotOpened(
        `stored corrections are malformed: ${plan.problems.map((p) => `incident ${p.incident_id}: ${p.message}`).join('; ')}`,
      );
    }
    if (plan.operations.length === 0 && plan.fixtures.length === 0) {
      throw new NotOpened(
        'nothing to change: the incidents carry no spec corrections and no response samples',
        [],
        'nothing_to_do',
      );
    }
    const wc = await deps.repository.checkout(gitops.base_branch);
    try {
      const staged = await stageChanges(deps, wc, incidents, plan);
      const body = renderPrBody({ ...staged.body, fingerprintSetHash: set.hash });
      const message = renderCommitMessage({
        title,
        incidents,
        specFile: staged.body.specFile,
        operations: plan.operations.length,
        fixtures: staged.body.fixtures,
        fingerprintSetHash: set.hash,
      });

      const remote = await wc.remoteBranch(branch);
      if (remote !== null && remote.foreignCommits.length > 0) {
        throw new NotOpened(
          `branch '${branch}' exists on the remote with ${remote.foreignCommits.length} commit(s) driftgate did not make (${remote.foreignCommits
            .map((s) => s.slice(0, 12))
            .join(', ')}); not overwriting it`,
        );
      }
      const commit = await wc.commit(branch, message, deps.author ?? DEFAULT_AUTHOR, now);
      if (commit === null) {
        throw new NotOpened(
          `nothing to change: '${gitops.base_branch}' already has these corrections and fixtures`,
          [],
          'nothing_to_do',
        );
      }
      let unchanged = remote !== null && (await wc.sameTreeAs(remote.sha));
      if (!unchanged) {
        try {
          await wc.push(branch, remote?.sha ?? null);
        } catch (e) {
          // Lost a race (another instance pushed the same set first): fine when what is there now is
          // ours and has exactly our content; anything else stays a failure.
          const current = await wc.remoteBranch(branch);
          if (current === null || current.foreignCommits.length > 0 || !(await wc.sameTreeAs(current.sha))) {
            throw e;
          }
          unchanged = true;
        }
      }

      const draft = {
        title,
        body,
        head: branch,
        base: gitops.base_branch,
        labels: gitops.labels,
        reviewers: gitops.reviewers,
      };
      let existing: PullRequestRef | null = await deps.host.findOpen(branch, gitops.base_branch);
      let pr: PullRequestRef;
      if (existing !== null) pr = await deps.host.update(existing, draft);
      else {
        try {
          pr = await deps.host.create(draft);
        } catch (e) {
          // Another instance opened it between our lookup and our create: update that one instead.
          existing = await deps.host.findOpen(branch, gitops.base_branch);
          if (existing === null) throw e;
          pr = await deps.host.update(existing, draft);
        }
      }
      const record = await linkPullRequest(deps, incidents, {
        workspace: input.workspace_id ?? incidents[0]!.workspace_id ?? 'default',
        hash: set.hash,
        branch,
        pr,
        created: existing === null,
        title,
        commit: { sha: commit.sha, files: commit.files, pushed: !unchanged },
        at,
        actor,
      });
      return {
        ...base,
        outcome: existing === null ? 'opened' : unchanged ? 'unchanged' : 'updated',
        reason: null,
        pr: {
          url: pr.url,
          number: pr.number,
          provider: deps.host.provider,
          created: existing === null,
          record_id: record,
        },
        commit: { sha: commit.sha, files: commit.files, pushed: !unchanged },
        body,
        conflicts: [],
        warnings: pr.warnings ?? [],
      };
    } finally {
      await wc.dispose();
    }
  } catch (e) {
    const failure =
      e instanceof NotOpened
        ? e
        : isDriftgateError(e) && e.code !== 'config.invalid'
          ? new NotOpened(e.message)
          : null;
    if (failure === null) throw e;
    if (failure.outcome === 'not_opened') {
      for (const incident of incidents) {
        const conflict = failure.conflicts.find((c) => c.incident_ids.includes(incident.id));
        await store.incidents.update(
          incident.id,
          {
            details: {
              gitops: {
                status: 'not_opened',
                reason: failure.reason,
                branch,
                at,
                ...(conflict ? { conflict: conflict.message } : {}),
              },
            },
          },
          at,
          actor,
        );
      }
    }
    return {
      ...empty,
      ...base,
      outcome: failure.outcome,
      reason: failure.reason,
      conflicts: failure.conflicts,
    };
  }
}

/** Writes the spec and fixtures, regenerates clients, stages it all, runs the tests; returns what the body reports. */
async function stageChanges(
  deps: GeneratePrDeps,
  wc: WorkingCopy,
  incidents: readonly Incident[],
  plan: ChangeSetPlan,
): Promise<{ body: Omit<PrBodyInput, 'fingerprintSetHash'> }> {
  const { gitops } = deps;
  let specFile: string | null = null;
  const verification: { spec: VerificationReport['spec']; drift: VerificationReport['drift'] } = {
    spec: null,
    drift: null,
  };
  if (plan.operations.length > 0) {
    specFile = await resolveSpecPath(wc, gitops);
    const original = await wc.readFile(specFile);
    if (original === null) {
      throw new NotOpened(`the spec file '${specFile}' does not exist on '${gitops.base_branch}'`);
    }
    let patched: string;
    try {
      patched = applyPatchToText(
        original,
        plan.operations.map((o) => o.op),
        { uri: specFile },
      ).text;
    } catch (e) {
      if (!isDriftgateError(e) || e.code !== 'patch.conflict') throw e;
      const culprit = conflictCulprit(parseSpecText(original, specFile), plan);
      const blamed = culprit >= 0 ? plan.operations[culprit]!.incident_ids : incidents.map((i) => i.id);
      throw new NotOpened(`the corrections do not apply cleanly to ${specFile}: ${e.message}`, [
        { incident_ids: blamed, message: e.message },
      ]);
    }
    let patchedDoc: ApiDocument;
    try {
      patchedDoc = await loadInCheckout(wc, specFile, patched);
    } catch (e) {
      if (!isDriftgateError(e)) throw e;
      throw new NotOpened(`the patched ${specFile} does not load: ${e.message}`);
    }
    verification.spec = { openapi: patchedDoc.declaredVersion, operations: patchedDoc.operations.length };
    const exchanges = sampleExchanges(incidents);
    if (exchanges.length > 0) {
      const reanalyze = deps.reanalyze ?? analyzerReanalyze;
      const before = await reanalyze(await loadInCheckout(wc, specFile, original), exchanges);
      const after = await reanalyze(patchedDoc, exchanges);
      const afterKeys = new Set(after.map(markKey));
      const remaining = [...new Set(before.map(markKey).filter((k) => afterKeys.has(k)))];
      verification.drift = {
        exchanges: exchanges.length,
        remaining: remaining.map((k) => k.trim()),
        resolved: before.filter((m) => !afterKeys.has(markKey(m))).length,
      };
    }
    await wc.writeFile(specFile, patched);
  }

  const fixtures: string[] = [];
  const commands: CommandReport[] = [];
  for (const f of plan.fixtures) {
    const existing = await wc.readFile(f.path);
    const text = renderFixture(f.sample, existing);
    if (text !== existing) {
      await wc.writeFile(f.path, text);
      fixtures.push(f.path);
    }
  }

  // Clients are regenerated into the commit; the tests then run on exactly what is staged, and
  // whatever they leave behind (reports, caches) is not committed.
  commands.push(await runStep(deps, wc, 'regenerate_clients'));
  await wc.stage();
  commands.push(await runStep(deps, wc, 'run_tests'));

  return {
    body: {
      incidents,
      specFile,
      operations: plan.operations,
      fixtures,
      verification,
      commands,
    },
  };
}

async function runStep(
  deps: GeneratePrDeps,
  wc: WorkingCopy,
  name: 'regenerate_clients' | 'run_tests',
): Promise<CommandReport> {
  const on = name === 'run_tests' ? deps.gitops.run_tests : deps.gitops.regenerate_clients;
  const command =
    name === 'run_tests' ? deps.gitops.run_tests_command : deps.gitops.regenerate_clients_command;
  if (!on || command === undefined) {
    return {
      name,
      command: command ?? null,
      exit_code: null,
      timed_out: false,
      skipped: on ? `no ${name}_command configured` : `${name} is off`,
      output_tail: '',
    };
  }
  const outcome = await wc.run(command, deps.commandTimeoutMs ?? 600_000);
  return { name, command, skipped: null, ...outcome };
}

/** One transaction: the PR record, the url on every incident (timeline `pr_linked`), and `pr.opened`. */
async function linkPullRequest(
  deps: GeneratePrDeps,
  incidents: readonly Incident[],
  pr: {
    workspace: string;
    hash: string;
    branch: string;
    pr: PullRequestRef;
    created: boolean;
    title: string;
    commit: { sha: string; files: readonly string[]; pushed: boolean };
    at: string;
    actor: string;
  },
): Promise<string> {
  return deps.store.transaction(async (tx) => {
    const { pr: record } = await tx.pullRequests.upsertOpen({
      workspace_id: pr.workspace,
      fingerprint_set_hash: pr.hash,
      provider: deps.host.provider,
      url: pr.pr.url,
      branch: pr.branch,
      incident_ids: incidents.map((i) => i.id),
      summary: { title: pr.title, number: pr.pr.number, commit: pr.commit.sha, files: pr.commit.files },
      at: pr.at,
    });
    for (const incident of incidents) {
      await tx.incidents.update(
        incident.id,
        {
          ...(incident.pr_url === pr.pr.url ? {} : { pr_url: pr.pr.url }),
          details: {
            gitops: {
              status: 'opened',
              pr_url: pr.pr.url,
              branch: pr.branch,
              commit: pr.commit.sha,
              pushed: pr.commit.pushed,
              at: pr.at,
            },
          },
        },
        pr.at,
        pr.actor,
      );
    }
    if (pr.created) {
      const eventId = deps.newId();
      const payload = {
        id: eventId,
        type: 'pr.opened',
        occurred_at: pr.at,
        data: {
          url: pr.pr.url,
          number: pr.pr.number,
          provider: deps.host.provider,
          branch: pr.branch,
          title: pr.title,
          workspace_id: pr.workspace,
          fingerprint_set_hash: pr.hash,
          incident_ids: incidents.map((i) => i.id),
          commit: pr.commit.sha,
        },
      };
      await tx.outbox.enqueue(
        (deps.targets ?? ['*']).map((target) => ({
          event_id: eventId,
          event_type: 'pr.opened' as const,
          payload,
          target,
          at: pr.at,
        })),
      );
    }
    return record.id;
  });
}

/**
 * The automatic trigger: after a budget was exceeded and incidents were recorded, open (or update) the PR
 * when `gitops.enabled` and `gitops.auto_open`. Returns null when automation is off.
 */
export async function autoOpenPullRequest(
  deps: GeneratePrDeps,
  input: { readonly workspace_id: string; readonly incident_ids: readonly string[] },
): Promise<GeneratePrResult | null> {
  if (!deps.gitops.enabled || !deps.gitops.auto_open || input.incident_ids.length === 0) return null;
  return generatePr(deps, { incident_ids: input.incident_ids, workspace_id: input.workspace_id });
}
