// `driftgate serve`'s API sync: the service behind POST /api/v1/drift/sync/run and the scheduler that runs a
// cycle every `sync.interval`, both under the workspace's database lease (one instance at a time).
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { SyncCycleResult } from '../../app/sync-cycle.js';
import { SyncScheduler, type SyncService, withSyncLease } from '../../app/sync-schedule.js';
import type { Config } from '../../config/index.js';
import type { Clock } from '../../ports/clock.js';
import type { LeaseStore } from '../../ports/lease-store.js';
import type { Store } from '../../ports/store.js';
import { runConfiguredSync, syncSettings } from './sync-runner.js';

export interface ServeSync {
  readonly service: SyncService;
  /** Starts the interval scheduler (when `sync.interval` is set). */
  start(): void;
  stop(): Promise<void>;
}

export interface ServeSyncOptions {
  readonly config: Config;
  readonly configPath: string | null;
  readonly store: Store;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly dataDir: string;
  readonly clock: Clock;
  /** Opened on first use. */
  readonly leases: () => Promise<LeaseStore>;
  readonly leaseTtlMs?: number;
  readonly onRun?: (outcome: { result: SyncCycleResult } | { skipped: string } | { error: unknown }) => void;
}

/** Null when the config has no `sync` section. */
export function serveSync(options: ServeSyncOptions): ServeSync | null {
  if (options.config.sync === undefined) return null;
  const settings = syncSettings(options.config, options.configPath, {});
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let leases: Promise<LeaseStore> | null = null;
  const lease = async () => {
    leases ??= options.leases();
    return {
      leases: await leases,
      holder,
      clock: options.clock,
      ...(options.leaseTtlMs !== undefined ? { ttlMs: options.leaseTtlMs } : {}),
    };
  };
  const cycle = () =>
    runConfiguredSync({
      config: options.config,
      settings,
      store: options.store,
      env: options.env,
      dataDir: options.dataDir,
      clock: options.clock,
    });
  let scheduler: SyncScheduler<SyncCycleResult> | null = null;
  return {
    service: {
      workspaceId: settings.workspace,
      run: async (workspaceId) => withSyncLease(await lease(), workspaceId, cycle),
    },
    start() {
      if (settings.intervalMs === null || scheduler) return;
      void lease().then((l) => {
        scheduler = new SyncScheduler({
          intervalMs: settings.intervalMs!,
          workspaceId: settings.workspace,
          lease: l,
          run: cycle,
          ...(options.onRun ? { onRun: options.onRun } : {}),
        });
        scheduler.start();
      });
    },
    async stop() {
      await scheduler?.stop();
      if (leases) await (await leases).close();
    },
  };
}
