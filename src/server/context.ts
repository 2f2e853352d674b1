// What route handlers get: the store, the frozen config, clock and id source, and the metrics.

import type { Config } from '../config/index.js';
import type { BreakingChangeRule, BudgetSet } from '../core/budgets/index.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import type { ServerMetrics } from './metrics.js';

export interface ServerContext {
  readonly store: Store;
  readonly config: Config;
  readonly configBudgets: BudgetSet;
  readonly rules: readonly BreakingChangeRule[];
  readonly clock: Clock;
  readonly newId: () => string;
  readonly metrics: ServerMetrics;
  /** Cap for streamed ingestion bodies, bytes. */
  readonly ingestLimitBytes: number;
  /** Dashboard base URL for links in notifications. */
  readonly publicUrl: string;
  /** Called after an ingestion recorded incidents (the automatic GitOps trigger); must not throw. */
  readonly onIncidents: (workspaceId: string, incidentIds: readonly string[]) => void;
}
