// Traffic-vs-spec findings: one Mismatch per disagreement in one exchange, aggregated across exchanges,
// and the evidence-backed corrections proposed from the aggregate (INTERFACES.md "analyze --format json").
import type { Direction, Level, MismatchType, Severity } from '../findings.js';

/** One disagreement observed in one exchange. */
export interface Mismatch {
  readonly type: MismatchType;
  readonly direction: Direction;
  readonly severity: Severity;
  /** Upper-case method and path template of the matched operation; null when none matched. */
  readonly method: string | null;
  readonly path: string | null;
  /** Response status the mismatch was seen on; null for request mismatches. */
  readonly status: number | null;
  /** JSON pointer into the message: `/body/...`, `/query/name`, `/headers/name`, `/path/name`, `/status`. */
  readonly location: string;
  /** JSON pointer into the spec document of the schema/parameter that disagrees, when there is one. */
  readonly specLocation: string | null;
  /** What the contract says (schema fragment, type name, allowed values). */
  readonly expected: unknown;
  /** What the traffic showed, redacted. */
  readonly observed: unknown;
  readonly message: string;
  /**
   * The redacted body seen with an undocumented status or content type, so a correction can infer its
   * schema (optional; corrections fall back to an empty schema without it).
   */
  readonly body?: { readonly contentType: string | null; readonly value: unknown };
}

/** Identical mismatches across exchanges, counted once. */
export interface AggregatedMismatch extends Mismatch {
  readonly level: Level;
  readonly count: number;
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
  /** Up to N exchange ids that showed it. */
  readonly sampleExchangeIds: readonly string[];
  /**
   * Distinct redacted observed values (up to N, `observed` first). The aggregation key ignores the
   * observed value, so without these a correction only sees the first one (e.g. one new enum value of three).
   */
  readonly observedSamples?: readonly unknown[];
  /** Up to N distinct `body` samples of the aggregated mismatches. */
  readonly bodySamples?: readonly { readonly contentType: string | null; readonly value: unknown }[];
}

/** RFC 6902 operation; `path` is a JSON pointer into the analysed spec document. */
export type PatchOperation =
  | { readonly op: 'add' | 'replace' | 'test'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string }
  | { readonly op: 'move' | 'copy'; readonly from: string; readonly path: string };

/** What a correction does to the contract (docs/corrections.md describes each). */
export const CORRECTION_KINDS = [
  'add_property',
  'add_response',
  'add_media_type',
  'add_parameter',
  'add_enum_value',
  'add_nullable',
  'widen_type',
  'relax_required',
  'relax_format',
  'relax_constraint',
] as const;
export type CorrectionKind = (typeof CORRECTION_KINDS)[number];

export interface Correction {
  readonly operation: string | null;
  readonly patch: readonly PatchOperation[];
  /** 0..1, from support across exchanges and a minimum sample size. */
  readonly confidence: number;
  /** Exchanges that support the correction. */
  readonly support: number;
  readonly reason: string;
  /** Which aggregated mismatches (by their key) the patch is meant to remove. */
  readonly targets: readonly string[];
  readonly kind?: CorrectionKind;
}
