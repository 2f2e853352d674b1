// Messages between parallel-analyze.ts and its worker threads (all structured-clone safe).
import type { AnalyzeTrafficOptions, TallySnapshot } from '../../app/analyze-traffic.js';
import type { JsonlPart } from './jsonl-parts.js';

export interface WorkerSetup {
  /** The contract's entry uri and every document (the entry converted to 3.x), cloned into the worker. */
  readonly entry: string;
  readonly documents: readonly (readonly [string, unknown])[];
  readonly options: Pick<AnalyzeTrafficOptions, 'undocumentedFields' | 'undocumentedQuery'> & {
    readonly maxSamples: number;
  };
}

export type ToWorker = { readonly part: JsonlPart };

export type FromWorker =
  | { readonly kind: 'ready' }
  | {
      readonly kind: 'part';
      readonly index: number;
      readonly tally: TallySnapshot;
      /** Lines in the part (to number the next part's lines). */
      readonly lines: number;
      /** The first malformed records, lines numbered from the part's start. */
      readonly malformed: readonly { readonly line: number; readonly message: string }[];
      readonly malformedCount: number;
    }
  | { readonly kind: 'error'; readonly message: string };

/** Prefix of the id of a record without one, before its line is known: `<LINE_ID><line in part>`. */
export const LINE_ID = '\u0000line:';
/** Malformed records reported per part (the rest are counted). */
export const MAX_MALFORMED = 50;
