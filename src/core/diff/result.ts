// What a spec-vs-spec diff returns (`driftgate diff --format json`, INTERFACES.md) and the options it takes.
import type { Change, Level } from '../findings.js';

export interface DiffOptions {
  /** "Today" for sunset and deprecation checks (ISO date `YYYY-MM-DD`). Core never reads the clock. */
  readonly today: string;
  /** Minimum days between deprecation and removal for a stable operation (oasdiff `--deprecation-days-stable`); 0 = any. */
  readonly deprecationDaysStable?: number;
  /** Same for beta operations (`x-stability-level: beta`). */
  readonly deprecationDaysBeta?: number;
}

export interface DocumentSummary {
  readonly title: string;
  readonly version: string;
}

export interface DiffResult {
  readonly base: DocumentSummary;
  readonly revision: DocumentSummary;
  readonly summary: Readonly<Record<Level, number>>;
  /** Sorted deterministically (operation, location, id) so output is byte-identical run to run. */
  readonly changes: readonly Change[];
}
