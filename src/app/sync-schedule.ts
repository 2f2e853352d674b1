// Sync cycles under a database lease (one instance runs a given workspace's cycle at a time, PRODUCT.md
// "API sync"): take `sync:<workspace>` with an expiry, renew it while the cycle runs, release it after.
// A held lease is a `store.conflict` (409 from the API). The scheduler runs a cycle every interval.
import { DriftgateError } from '../core/errors.js';
import type { Clock } from '../ports/clock.js';
import type { LeaseStore } from '../ports/lease-store.js';
import type { SyncCycleResult } from './sync-cycle.js';

/** What `serve` can run (compose.ts builds it from the config's `sync` section). */
export interface SyncService {
  /** The workspace the config syncs. */
  readonly workspaceId: string;
  /** Runs one cycle under the workspace's lease (store.conflict when held). */
  run(workspaceId: string): Promise<SyncCycleResult>;
}

export interface LeasedRunDeps {
  readonly leases: LeaseStore;
  /** This instance (`host:pid:random`). */
  readonly holder: string;
  readonly clock: Clock;
  /** Lease length; renewed every third of it while running. Default 60 s. */
  readonly ttlMs?: number;
}

export function syncLeaseName(workspaceId: string): string {
  return `sync:${workspaceId}`;
}

/** Runs `fn` holding the workspace's sync lease; throws store.conflict when another instance holds it. */
export async function withSyncLease<T>(
  deps: LeasedRunDeps,
  workspaceId: string,
  fn: () => Promise<T>,
): Promise<T> {
  const name = syncLeaseName(workspaceId);
  const ttl = deps.ttlMs ?? 60_000;
  if (!(await deps.leases.acquire(name, deps.holder, deps.clock.now().getTime(), ttl))) {
    const held = await deps.leases.get(name);
    throw new DriftgateError(
      'store.conflict',
      `a sync cycle for workspace '${workspaceId}' is already running${held ? ` (lease held by ${held.holder} until ${new Date(held.until).toISOString()})` : ''}`,
    );
  }
  const timer = setInterval(
    () => {
      void deps.leases.renew(name, deps.holder, deps.clock.now().getTime(), ttl).catch(() => {});
    },
    Math.max(10, Math.floor(ttl / 3)),
  );
  timer.unref?.();
  try {
    return await fn();
  } finally {
    clearInterval(timer);
    await deps.leases.release(name, deps.holder).catch(() => {});
  }
}

export interface SyncSchedulerOptions<T> {
  readonly intervalMs: number;
  readonly workspaceId: string;
  readonly lease: LeasedRunDeps;
  readonly run: () => Promise<T>;
  readonly onRun?: (outcome: { result: T } | { skipped: string } | { error: unknown }) => void;
}

/** Runs a leased cycle now and every interval (a tick is skipped while a cycle of this instance runs). */
export class SyncScheduler<T> {
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly options: SyncSchedulerOptions<T>) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
    this.timer.unref?.();
  }

  tick(): Promise<void> {
    if (this.running) return this.running;
    const o = this.options;
    this.running = (async () => {
      try {
        const result = await withSyncLease(o.lease, o.workspaceId, o.run);
        o.onRun?.({ result });
      } catch (e) {
        if (e instanceof DriftgateError && e.code === 'store.conflict') o.onRun?.({ skipped: e.message });
        else o.onRun?.({ error: e });
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
