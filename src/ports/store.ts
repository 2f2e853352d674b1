// The storage port: every store the use cases need, plus one transaction boundary. Adapters:
// adapters/storage/sqlite (default, embedded) and adapters/storage/postgres, sharing one Kysely query layer.
import type { BudgetStore, ContractStore, WorkspaceStore } from './contract-store.js';
import type { DriftEventStore, EvaluationStore, MetricsStore } from './drift-event-store.js';
import type { DriftHistory } from './drift-history.js';
import type { IncidentStore } from './incident-store.js';
import type { OutboxStore } from './outbox-store.js';
import type { PullRequestStore, SyncCycleStore } from './sync-store.js';

export interface RetentionStore {
  /**
   * Deletes resolved/closed incidents that ended before `cutoff` (and their timeline), in batches, under a
   * cluster-wide lock; returns how many were removed, or null when another instance holds the lock.
   */
  purgeIncidents(cutoff: string, holder: string, now: string): Promise<number | null>;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly workspaces: WorkspaceStore;
  readonly contracts: ContractStore;
  readonly budgets: BudgetStore;
  readonly driftEvents: DriftEventStore;
  readonly evaluations: EvaluationStore;
  /** The budget engine's history (issue 4's port) over the same drift_events rows. */
  readonly history: DriftHistory;
  readonly incidents: IncidentStore;
  readonly outbox: OutboxStore;
  readonly syncCycles: SyncCycleStore;
  readonly pullRequests: PullRequestStore;
  readonly metrics: MetricsStore;
  readonly retention: RetentionStore;
  /** Runs `fn` in one transaction: all it does through `tx` commits together or not at all. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
