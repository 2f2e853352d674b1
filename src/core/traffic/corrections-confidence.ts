// How sure a correction is (docs/corrections.md "Confidence"): the Wilson score lower bound of the
// observed proportion. Additive kinds (a property, status, enum value, media type or parameter that was
// seen) prove themselves by being seen, so their proportion is support/support and only the sample size
// counts; relaxing kinds (required, type, nullable, format, constraint) compete with "the server has a
// bug", so their proportion is support over every exchange of the operation (and status).
import type { CorrectionKind } from './mismatch.js';

export const Z_95 = 1.959963984540054;

/** Wilson score interval lower bound for `successes` out of `n` (0 when n is 0). */
export function wilsonLowerBound(successes: number, n: number, z = Z_95): number {
  if (n <= 0) return 0;
  const k = Math.min(successes, n);
  const p = k / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const margin = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return Math.max(0, (centre - margin) / (1 + z2 / n));
}

export const ADDITIVE_KINDS: ReadonlySet<CorrectionKind> = new Set([
  'add_property',
  'add_response',
  'add_media_type',
  'add_parameter',
  'add_enum_value',
]);

/** Confidence in [0, 1], rounded to 3 decimals. `total` is ignored for additive kinds. */
export function correctionConfidence(
  kind: CorrectionKind,
  support: number,
  total: number | undefined,
  z = Z_95,
): number {
  const n = ADDITIVE_KINDS.has(kind) || total === undefined ? support : Math.max(total, support);
  return Math.round(wilsonLowerBound(support, n, z) * 1000) / 1000;
}
