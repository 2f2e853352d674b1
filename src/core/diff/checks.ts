// The catalog of every check the diff engine emits: id (oasdiff's where the concept matches), default
// level, direction and message template. An id missing here fails the build (STYLE.md "exhaustive catalogs").
import type { Level } from '../findings.js';

export const CHECK_DIRECTIONS = ['request', 'response', 'none'] as const;
export type CheckDirection = (typeof CHECK_DIRECTIONS)[number];

export interface CheckSpec {
  readonly level: Level;
  readonly direction: CheckDirection;
  /** oasdiff-style English; each `%s` takes the next argument, quoted. */
  readonly message: string;
  /** Whether oasdiff has this id (others are driftgate's own, named in its style). */
  readonly oasdiff: boolean;
  /** One line for docs/diff-checks.md. */
  readonly doc: string;
}

const B = 'breaking' as const;
const P = 'potentially_breaking' as const;
const N = 'non_breaking' as const;

function c(level: Level, direction: CheckDirection, message: string, doc: string, oasdiff = true): CheckSpec {
  return { level, direction, message, oasdiff, doc };
}

export const CHECK_IDS = [
  // paths and operations
  'endpoint-added',
  'endpoint-deprecated',
  'endpoint-deprecated-with-sunset',
  'endpoint-reactivated',
  'api-path-removed-without-deprecation',
  'api-path-removed-with-deprecation',
  'api-path-removed-before-sunset',
  'api-path-sunset-parse',
  'api-removed-without-deprecation',
  'api-removed-with-deprecation',
  'api-removed-before-sunset',
  'api-deprecated-sunset-parse',
  'api-deprecated-sunset-missing',
  'api-sunset-date-too-small',
  'sunset-deleted',
  'api-sunset-date-changed-too-small',
  'api-operation-id-removed',
  'api-operation-id-added',
  'api-tag-removed',
  'api-tag-added',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export const CHECKS = {
  'endpoint-added': c(N, 'none', 'endpoint added', 'a new operation'),
  'endpoint-deprecated': c(N, 'none', 'endpoint deprecated', 'an operation became deprecated'),
  'endpoint-deprecated-with-sunset': c(
    N,
    'none',
    'endpoint deprecated with sunset date %s',
    'an operation became deprecated with an `x-sunset` date',
  ),
  'endpoint-reactivated': c(
    N,
    'none',
    'endpoint reactivated',
    'a deprecated operation is no longer deprecated',
  ),
  'api-path-removed-without-deprecation': c(
    B,
    'none',
    'api path removed without deprecation',
    'a whole path (all its operations) removed; the operation was not deprecated',
  ),
  'api-path-removed-with-deprecation': c(
    N,
    'none',
    'api path removed with deprecation',
    'a whole path removed after its operation was deprecated (sunset passed or none)',
  ),
  'api-path-removed-before-sunset': c(
    B,
    'none',
    'api path removed before the sunset date %s',
    'a deprecated path removed before its `x-sunset` date',
  ),
  'api-path-sunset-parse': c(
    B,
    'none',
    'failed to parse sunset date: %s',
    'a removed or changed deprecated operation has an `x-sunset` that is not a date',
  ),
  'api-removed-without-deprecation': c(
    B,
    'none',
    'api removed without deprecation',
    'an operation removed from a path that still exists, without prior deprecation',
  ),
  'api-removed-with-deprecation': c(
    N,
    'none',
    'api removed with deprecation',
    'a deprecated operation removed (sunset passed or none)',
  ),
  'api-removed-before-sunset': c(
    B,
    'none',
    'api removed before the sunset date %s',
    'a deprecated operation removed before its `x-sunset` date',
  ),
  'api-deprecated-sunset-parse': c(
    B,
    'none',
    'failed to parse sunset date: %s',
    'a newly deprecated operation has an `x-sunset` that is not a date',
  ),
  'api-deprecated-sunset-missing': c(
    B,
    'none',
    'sunset date is missing for deprecated API',
    'an operation deprecated without `x-sunset` while a deprecation policy (days) is set',
  ),
  'api-sunset-date-too-small': c(
    B,
    'none',
    'sunset date %s is too small, must be at least %s days from now',
    'an operation deprecated with a sunset sooner than the deprecation policy allows',
  ),
  'sunset-deleted': c(
    B,
    'none',
    'api sunset date deleted, but deprecated=true kept',
    'a deprecated operation lost its `x-sunset`',
  ),
  'api-sunset-date-changed-too-small': c(
    B,
    'none',
    'api sunset date changed to an earlier date, from %s to %s, new sunset date must be not earlier than %s and at least %s days from now',
    'a deprecated operation moved its sunset earlier than allowed',
  ),
  'api-operation-id-removed': c(
    N,
    'none',
    'api operation id %s removed and replaced with %s',
    'the operationId changed or was removed',
  ),
  'api-operation-id-added': c(N, 'none', 'api operation id %s was added', 'an operationId was added'),
  'api-tag-removed': c(N, 'none', 'api tag %s removed', 'a tag removed from an operation'),
  'api-tag-added': c(N, 'none', 'api tag %s added', 'a tag added to an operation'),
} as const satisfies Record<CheckId, CheckSpec>;

/** Fills `%s` placeholders in order; strings are single-quoted like oasdiff's, other values JSON. */
export function formatMessage(template: string, args: readonly unknown[]): string {
  let i = 0;
  return template.replace(/%s/g, () => quote(args[i++]));
}

export function quote(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (v === undefined) return "''";
  return `'${typeof v === 'object' ? JSON.stringify(v) : String(v)}'`;
}
