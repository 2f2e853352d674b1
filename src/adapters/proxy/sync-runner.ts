// Wiring of a sync cycle from the config (used by `driftgate sync`, the scheduler in `driftgate serve`, the
// API route and the demo): spec, fixture directory, upstream client, budgets, and GitOps when
// `drift_budget.gitops` is enabled with auto_open (the PR carries the fixtures then).
import { randomUUID } from 'node:crypto';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { deliverDueNotifications } from '../../app/deliver-notifications.js';
import { autoOpenPullRequest } from '../../app/generate-pr.js';
import { webhookTargets } from '../../app/notify-targets.js';
import {
  runSyncCycle,
  type SyncCycleDeps,
  type SyncCycleResult,
  type SyncPullRequest,
} from '../../app/sync-cycle.js';
import { budgetSetFromConfig, type Config, durationMs, rulesFromConfig } from '../../config/index.js';
import { DriftgateError } from '../../core/errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Store } from '../../ports/store.js';
import { fsFixtureStore } from '../fixtures/fs-fixtures.js';
import { gitopsAdapters } from '../git/from-config.js';
import { hmacSha256Hex } from '../notifiers/hmac.js';
import { createHttpNotifier } from '../notifiers/http.js';
import { loadSpec } from '../spec-source.js';
import { openNotificationOutbox } from '../storage/outbox-open.js';
import { httpReplayer } from './replayer.js';

export interface SyncSettings {
  readonly workspace: string;
  readonly service: string;
  readonly upstream: string;
  readonly spec: string;
  readonly fixturesDir: string;
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly ignoreFields: readonly string[];
  readonly ignorePaths: readonly string[];
  readonly replayUnsafeMethods: boolean;
  readonly updateFixtures: boolean;
  readonly intervalMs: number | null;
}

export interface SyncOverrides {
  readonly upstream?: string | undefined;
  readonly spec?: string | undefined;
  readonly fixtures?: string | undefined;
  readonly workspace?: string | undefined;
  readonly service?: string | undefined;
  readonly interval?: string | undefined;
}

function fromConfigDir(configPath: string | null, p: string): string {
  if (/^https?:\/\//i.test(p) || isAbsolute(p) || configPath === null) return p;
  return join(dirname(resolve(configPath)), p);
}

/** The effective settings: flags over the config's `sync` section; paths in the config are relative to it. */
export function syncSettings(config: Config, configPath: string | null, over: SyncOverrides): SyncSettings {
  const s = config.sync;
  const need = (v: string | undefined, flag: string, key: string): string => {
    if (v === undefined || v === '')
      throw new DriftgateError('config.invalid', `give ${flag} (or sync.${key} in the config)`, {
        pointer: `sync.${key}`,
      });
    return v;
  };
  const interval = over.interval ?? (s?.interval === undefined ? undefined : String(s.interval));
  return {
    workspace: over.workspace ?? s?.workspace ?? 'default',
    service: over.service ?? s?.service ?? '',
    upstream: need(over.upstream ?? s?.upstream, '--upstream', 'upstream'),
    spec: over.spec ?? fromConfigDir(configPath, need(s?.spec, '--spec', 'spec')),
    fixturesDir:
      over.fixtures ??
      fromConfigDir(configPath, s?.fixtures_dir ?? need(undefined, '--fixtures', 'fixtures_dir')),
    concurrency: s?.concurrency ?? 4,
    timeoutMs: durationMs(s?.timeout ?? '10s'),
    retries: s?.retries ?? 2,
    ignoreFields: s?.ignore_fields ?? [],
    ignorePaths: s?.ignore_paths ?? [],
    replayUnsafeMethods: s?.replay_unsafe_methods ?? false,
    updateFixtures: s?.update_fixtures ?? true,
    intervalMs:
      interval === undefined
        ? null
        : durationMs(/^\d+(\.\d+)?$/.test(interval) ? Number(interval) : interval),
  };
}

export interface SyncRunnerOptions {
  readonly config: Config;
  readonly settings: SyncSettings;
  readonly store: Store;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `DRIFTGATE_DATA_DIR` (the `git` provider writes PR bodies under it). */
  readonly dataDir: string;
  readonly clock?: Clock;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Runs one cycle with fresh spec and fixtures (both may have changed since the last one). */
export async function runConfiguredSync(
  options: SyncRunnerOptions,
  extra: { readonly cycleId?: string } = {},
): Promise<SyncCycleResult> {
  const { config, settings: s, store } = options;
  const clock = options.clock ?? { now: () => new Date() };
  const spec = await loadSpec(s.spec);
  const replayer = httpReplayer({ upstream: s.upstream, timeoutMs: s.timeoutMs, connections: s.concurrency });
  const gitops = config.drift_budget.gitops;
  let openPullRequest: SyncCycleDeps['openPullRequest'] = null;
  if (gitops?.enabled && gitops.auto_open) {
    const { host, repository } = gitopsAdapters({
      gitops,
      env: options.env,
      dataDir: options.dataDir,
      tmpDir: join(options.dataDir, 'tmp'),
    });
    openPullRequest = async (input): Promise<SyncPullRequest | null> => {
      const r = await autoOpenPullRequest(
        { store, gitops, host, repository, clock, newId: randomUUID, actor: 'sync' },
        input,
      );
      return r === null
        ? null
        : { outcome: r.outcome, url: r.pr?.url ?? null, branch: r.branch, reason: r.reason };
    };
  }
  try {
    return await runSyncCycle(
      {
        store,
        fixtures: fsFixtureStore(s.fixturesDir),
        replayer,
        clock,
        newId: randomUUID,
        configBudgets: budgetSetFromConfig(config),
        rules: rulesFromConfig(config),
        openPullRequest,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      },
      {
        workspaceId: s.workspace,
        service: s.service,
        spec,
        ignoreFields: s.ignoreFields,
        ignorePaths: s.ignorePaths,
        replayUnsafeMethods: s.replayUnsafeMethods,
        concurrency: s.concurrency,
        retries: s.retries,
        updateFixtures: s.updateFixtures,
        ...(extra.cycleId !== undefined ? { cycleId: extra.cycleId } : {}),
      },
    );
  } finally {
    await replayer.close();
  }
}

export interface DeliverPendingOptions {
  readonly config: Config;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly url?: string | undefined;
  readonly dataDir: string;
  readonly schema?: string;
  readonly store: Store;
  /** Stop after this long even when deliveries are still retrying (default 10 s). */
  readonly timeoutMs?: number;
}

/**
 * Delivers the notifications a cycle enqueued (for a one-shot `driftgate sync` outside `serve`): rounds of
 * the delivery worker until nothing is due or the time is up. Returns the number delivered.
 */
export async function deliverPending(options: DeliverPendingOptions): Promise<number> {
  const targets = webhookTargets(options.config.incidents.webhooks, options.env);
  if (targets.length === 0) return 0;
  const outbox = await openNotificationOutbox({
    url: options.url,
    dataDir: options.dataDir,
    ...(options.schema === undefined ? {} : { schema: options.schema }),
  });
  const deps = {
    outbox,
    incidents: options.store.incidents,
    notifier: createHttpNotifier({ allowPrivateTargets: options.config.incidents.allow_private_targets }),
    hmac: hmacSha256Hex,
    now: Date.now,
    random: Math.random,
  };
  const settings = {
    workerId: `sync-${randomUUID().slice(0, 8)}`,
    targets,
    publicUrl: options.env.DRIFTGATE_PUBLIC_URL ?? 'http://localhost:3000',
    retry: { baseMs: 250, capMs: 2_000 },
  };
  let delivered = 0;
  const end = Date.now() + (options.timeoutMs ?? 10_000);
  try {
    for (let idle = 0; idle < 3 && Date.now() < end; ) {
      const r = await deliverDueNotifications(deps, settings);
      delivered += r.delivered;
      if (r.claimed === 0) {
        idle++;
        await new Promise((res) => setTimeout(res, 50));
      } else idle = 0;
    }
  } finally {
    await outbox.close();
  }
  return delivered;
}
