// The drift history budgets read (PRODUCT.md "Budgets": distinct changes first seen in the window, field
// churn against the contract at the window start). Implemented by the SQLite/PostgreSQL stores (issue 5) and
// by `createMemoryDriftHistory` (src/app/check-memory-history.ts) for tests and the stateless CLI.
//
// Keys: `scope` is the fingerprint scope (`workspace` or `workspace/service`, see `budgetScope`);
// `operation` is `METHOD /template` (method upper case) or null for document-level drift. A change's
// identity is its fingerprint (`findingFingerprint(scope, finding)`), unique within a scope.
import type { HistoricChange } from '../core/budgets/evaluate.js';

export type { HistoricChange } from '../core/budgets/evaluate.js';

export interface HistoryChangesQuery {
  readonly scope: string;
  readonly operation: string | null;
  /** ISO instant: the window start. */
  readonly since: string;
  /** This run's fingerprints: their first sighting is wanted even when it is before `since`. */
  readonly fingerprints: readonly string[];
}

export interface HistoryRecord {
  readonly scope: string;
  readonly operation: string | null;
  /** ISO instant of this run (`first_seen` of changes not seen before). */
  readonly at: string;
  /** This run's distinct changes. Upsert by fingerprint: keep the earliest `first_seen`, the highest level. */
  readonly changes: readonly HistoricChange[];
  /** Fields in the operation's contract as of `at` (a baseline snapshot), or null when unknown. */
  readonly fields: number | null;
}

export interface DriftHistory {
  /**
   * Distinct changes of the scope+operation with `first_seen >= since`, plus the record of any of
   * `fingerprints` first seen earlier (so the evaluation can tell "new in the window" from "old").
   * One row per fingerprint, any order.
   */
  changes(query: HistoryChangesQuery): Promise<readonly HistoricChange[]>;
  /**
   * Fields in the operation's contract at `at`: the latest snapshot at or before `at`, else the earliest
   * snapshot after it (the history began inside the window), else null.
   */
  fieldBaseline(query: {
    readonly scope: string;
    readonly operation: string | null;
    readonly at: string;
  }): Promise<number | null>;
  /** Records one run's changes and field snapshot; idempotent for a repeated run. */
  record(entry: HistoryRecord): Promise<void>;
}
