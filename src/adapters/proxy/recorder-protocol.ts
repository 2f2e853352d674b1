// Messages between recorder-thread.ts and its worker (recorder-worker.ts); all structured-clone safe.
import type { RecordStats } from '../../app/record-traffic.js';
import type { SlotSnapshot } from '../../core/traffic/index.js';

export interface RecorderSetup {
  /** The contract's entry uri and every document, cloned into the worker. */
  readonly entry: string;
  readonly documents: readonly (readonly [string, unknown])[];
  readonly fixturesDir: string;
}

export type ToRecorder =
  /** `count` exchanges packed by ExchangePacker into `buffer` (transferred). */
  | { readonly kind: 'batch'; readonly buffer: ArrayBuffer; readonly count: number }
  | { readonly kind: 'take'; readonly id: number };

export type FromRecorder =
  | { readonly kind: 'ready' }
  | {
      readonly kind: 'done';
      readonly n: number;
      readonly failed: number;
      /** The first failures' messages of the batch. */
      readonly errors: readonly string[];
      readonly stats: RecordStats;
    }
  | { readonly kind: 'aggregate'; readonly id: number; readonly slots: readonly SlotSnapshot[] }
  | { readonly kind: 'error'; readonly message: string };
