// Recorded response vs new upstream response, by shape: fields added or removed, types changed, status and
// content type changed. Volatile fields are ignored by glob over JSON pointers (`/body/**/updated_at`).
// The result is a list of sync Mismatches, the same vocabulary as traffic (PRODUCT.md "Classification").
import { globToRegExp } from '../budgets/glob.js';
import { escapeToken } from '../openapi/pointer.js';
import { defaultSeverity } from '../traffic/defaults.js';
import type { Mismatch } from '../traffic/mismatch.js';
import { type Shape, type ShapeType, shapeOf } from './shape.js';

export interface RecordedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly bodyText?: string;
}

export interface CompareInput {
  /** Upper-case method and path template of the operation (null when the spec has none for it). */
  readonly method: string | null;
  readonly path: string | null;
  readonly recorded: RecordedResponse;
  readonly current: RecordedResponse;
  /** Globs over message pointers (`/body/items/*\/updated_at`, `/body/**\/etag`); `*` one segment, `**` any. */
  readonly ignore?: readonly string[];
}

function contentType(h: Readonly<Record<string, string>>): string | null {
  for (const [k, v] of Object.entries(h)) {
    if (k.toLowerCase() === 'content-type') return v.split(';')[0]!.trim().toLowerCase();
  }
  return null;
}

function typeNames(s: Shape): string {
  return [...s.types].sort().join(' | ') || 'unknown';
}

function nonNull(s: Shape): Set<ShapeType> {
  return new Set([...s.types].filter((t) => t !== 'null'));
}

export function compareResponses(input: CompareInput): Mismatch[] {
  const out: Mismatch[] = [];
  const ignore = (input.ignore ?? []).map((g) => globToRegExp(g));
  const ignored = (ptr: string) => ignore.some((re) => re.test(ptr));
  const base = { direction: 'response' as const, method: input.method, path: input.path, specLocation: null };
  const { recorded, current } = input;

  if (recorded.status !== current.status && !ignored('/status')) {
    out.push({
      ...base,
      type: 'status_changed',
      severity: defaultSeverity('status_changed', 'response'),
      status: current.status,
      location: '/status',
      expected: recorded.status,
      observed: current.status,
      message: `status changed from ${recorded.status} to ${current.status}`,
    });
  }
  const ctBefore = contentType(recorded.headers);
  const ctAfter = contentType(current.headers);
  if (ctBefore !== ctAfter && !ignored('/headers/content-type')) {
    out.push({
      ...base,
      type: 'header_mismatch',
      severity: defaultSeverity('header_mismatch', 'response'),
      status: current.status,
      location: '/headers/content-type',
      expected: ctBefore,
      observed: ctAfter,
      message: `content type changed from ${ctBefore ?? 'none'} to ${ctAfter ?? 'none'}`,
    });
  }
  if (recorded.body === undefined || current.body === undefined) return out;

  const walk = (a: Shape, b: Shape, ptr: string) => {
    if (ignored(ptr)) return;
    const ta = nonNull(a);
    const tb = nonNull(b);
    // A value that was (or became) null only tells us nullability, not a new type.
    if (ta.size > 0 && tb.size > 0 && ![...tb].every((t) => ta.has(t))) {
      out.push({
        ...base,
        type: 'type_mismatch',
        severity: defaultSeverity('type_mismatch', 'response'),
        status: current.status,
        location: ptr,
        expected: typeNames(a),
        observed: typeNames(b),
        message: `${ptr}: type changed from ${typeNames(a)} to ${typeNames(b)}`,
      });
      return;
    }
    if (a.types.has('object') && b.types.has('object')) {
      for (const [k, sa] of a.props) {
        const p = `${ptr}/${escapeToken(k)}`;
        const sb = b.props.get(k);
        if (!sb) {
          if (ignored(p)) continue;
          out.push({
            ...base,
            type: 'field_removed',
            severity: defaultSeverity('field_removed', 'response'),
            status: current.status,
            location: p,
            expected: typeNames(sa),
            observed: null,
            message: `${p}: field removed (was ${typeNames(sa)})`,
          });
        } else walk(sa, sb, p);
      }
      for (const [k, sb] of b.props) {
        const p = `${ptr}/${escapeToken(k)}`;
        if (a.props.has(k) || ignored(p)) continue;
        out.push({
          ...base,
          type: 'field_added',
          severity: defaultSeverity('field_added', 'response'),
          status: current.status,
          location: p,
          expected: null,
          observed: typeNames(sb),
          message: `${p}: field added (${typeNames(sb)})`,
        });
      }
    }
    if (a.items && b.items) walk(a.items, b.items, `${ptr}/*`);
  };
  walk(shapeOf(recorded.body), shapeOf(current.body), '/body');
  return out;
}
