// Retention (PRODUCT.md "Incidents"): resolved/closed incidents that ended more than
// `incident_retention_days` ago are deleted with their timeline, by a job that runs on an interval in
// every server instance; the store's lease makes sure only one instance purges at a time.
import { DriftgateError } from '../core/errors.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';

const DAY_MS = 86_400_000;

export interface RetentionDeps {
  readonly store: Store;
  readonly clock: Clock;
  /** This instance's name in the lease (hostname:pid or a random id). */
  readonly holder: string;
}

/** Removed count, or null when another instance is purging right now. */
export async function purgeExpiredIncidents(
  deps: RetentionDeps,
  retentionDays: number,
): Promise<number | null> {
  if (!Number.isFinite(retentionDays) || retentionDays < 0) {
    throw new DriftgateError('config.invalid', `incident_retention_days must be >= 0, got ${retentionDays}`, {
      pointer: 'drift_budget.incident_retention_days',
    });
  }
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
  return deps.store.retention.purgeIncidents(cutoff, deps.holder, now.toISOString());
}

/** The timer functions the scheduler needs; tests pass a fake to drive it. */
export interface IntervalTimer {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface RetentionSchedulerOptions extends RetentionDeps {
  readonly retentionDays: number;
  readonly intervalMs: number;
  readonly timer: IntervalTimer;
  /** Called with each run's outcome (log it); errors never escape the timer. */
  readonly onRun?: (outcome: { readonly removed: number | null } | { readonly error: unknown }) => void;
}

export class RetentionScheduler {
  #handle: unknown = null;
  #running: Promise<void> | null = null;
  constructor(private readonly options: RetentionSchedulerOptions) {}

  start(): void {
    if (this.#handle !== null) return;
    this.#handle = this.options.timer.setInterval(() => void this.tick(), this.options.intervalMs);
  }

  /** One run now; overlapping ticks are skipped while a run is in flight. */
  tick(): Promise<void> {
    if (this.#running) return this.#running;
    this.#running = purgeExpiredIncidents(this.options, this.options.retentionDays)
      .then(
        (removed) => this.options.onRun?.({ removed }),
        (error: unknown) => this.options.onRun?.({ error }),
      )
      .finally(() => {
        this.#running = null;
      });
    return this.#running;
  }

  /** Stops the timer and waits for a run in flight. */
  async stop(): Promise<void> {
    if (this.#handle !== null) this.options.timer.clearInterval(this.#handle);
    this.#handle = null;
    await this.#running;
  }
}
