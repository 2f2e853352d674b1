// SqlStore: the Store port over one Kysely instance, shared by the SQLite and PostgreSQL adapters.
// A transaction is the same store over the Kysely transaction handle.
import type { Kysely } from 'kysely';
import type { Store } from '../../../ports/store.js';
import { retryTransient, type SqlContext, type SyncSqlite, sqlContext } from './context.js';
import { sqlBudgetStore, sqlContractStore, sqlWorkspaceStore } from './contracts.js';
import { sqlDriftEventStore, sqlEvaluationStore } from './drift-events.js';
import { sqlDriftHistory } from './history.js';
import { sqlIncidentStore } from './incidents.js';
import { sqlMetricsStore } from './metrics.js';
import type { SqlDialectName } from './migrate.js';
import { sqlOutboxStore } from './outbox.js';
import { sqlRetentionStore } from './retention.js';
import type { Database } from './schema.js';
import { sqlPullRequestStore, sqlSyncCycleStore } from './sync.js';

export function sqlStore(
  db: Kysely<Database>,
  dialect: SqlDialectName,
  onClose: () => Promise<void>,
  sync?: SyncSqlite,
): Store {
  return storeOver(sqlContext(db, dialect, sync), onClose);
}

function storeOver(ctx: SqlContext, onClose: () => Promise<void>): Store {
  return {
    dialect: ctx.dialect,
    workspaces: sqlWorkspaceStore(ctx),
    contracts: sqlContractStore(ctx),
    budgets: sqlBudgetStore(ctx),
    driftEvents: sqlDriftEventStore(ctx),
    evaluations: sqlEvaluationStore(ctx),
    history: sqlDriftHistory(ctx),
    incidents: sqlIncidentStore(ctx),
    outbox: sqlOutboxStore(ctx),
    syncCycles: sqlSyncCycleStore(ctx),
    pullRequests: sqlPullRequestStore(ctx),
    metrics: sqlMetricsStore(ctx),
    retention: sqlRetentionStore(ctx),
    async transaction(fn) {
      if (ctx.db.isTransaction) return fn(this);
      // Retried whole on a PostgreSQL deadlock/serialization failure: `fn` must only touch the database.
      return retryTransient(() =>
        ctx.db.transaction().execute((tx) => fn(storeOver({ ...ctx, db: tx }, onClose))),
      );
    },
    close: onClose,
  };
}
