// Spec-vs-spec diff: `diffSpecs(base, revision, options)`, the engine behind `driftgate diff`.

import { DriftgateError } from '../errors.js';
import { type Change, LEVEL_RANK, type Level } from '../findings.js';
import type { ApiDocument } from '../openapi/index.js';
import { diffComponents } from './components.js';
import { newContext } from './context.js';
import { diffPaths } from './paths.js';
import type { DiffOptions, DiffResult } from './result.js';
import { diffGlobalSecurity } from './security.js';
import { diffServers } from './servers.js';
import { parseDay } from './sunset.js';
import { diffWebhooks } from './webhooks.js';

export type { CheckDirection, CheckId, CheckSpec } from './checks.js';
export { CHECK_IDS, CHECKS } from './checks.js';
export type { DiffOptions, DiffResult, DocumentSummary } from './result.js';

/** Compares two contracts; pure and deterministic (same inputs, byte-identical JSON). */
export function diffSpecs(base: ApiDocument, revision: ApiDocument, options: DiffOptions): DiffResult {
  if (parseDay(options.today) === null) {
    throw new DriftgateError('usage', `options.today must be a YYYY-MM-DD date, got '${options.today}'`, {});
  }
  const ctx = newContext(base, revision, options);
  diffPaths(ctx);
  diffGlobalSecurity(ctx);
  diffServers(ctx);
  diffComponents(ctx);
  diffWebhooks(ctx);
  const changes = dedupeSorted(sortChanges(ctx.changes));
  const summary: Record<Level, number> = { breaking: 0, potentially_breaking: 0, non_breaking: 0 };
  for (const c of changes) summary[c.level]++;
  return {
    base: { title: base.title, version: base.version },
    revision: { title: revision.title, version: revision.version },
    summary,
    changes,
  };
}

function sameChange(a: Change, b: Change): boolean {
  return (
    a.id === b.id &&
    a.operation === b.operation &&
    a.location.base === b.location.base &&
    a.location.revision === b.location.revision &&
    a.message === b.message
  );
}

/** The same change reached twice (two media types sharing a schema, two allOf branches) is reported once. */
function dedupeSorted(changes: readonly Change[]): Change[] {
  const out: Change[] = [];
  for (const c of changes) {
    const prev = out[out.length - 1];
    if (prev !== undefined && sameChange(prev, c)) continue;
    out.push(c);
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Document-level first, then by operation, location, id, message: a total order. */
export function sortChanges(changes: Change[]): Change[] {
  return changes.sort(
    (a, b) =>
      cmp(a.operation ?? '', b.operation ?? '') ||
      cmp(a.location.base ?? a.location.revision ?? '', b.location.base ?? b.location.revision ?? '') ||
      cmp(a.location.revision ?? '', b.location.revision ?? '') ||
      cmp(a.id, b.id) ||
      cmp(a.message, b.message) ||
      LEVEL_RANK[b.level] - LEVEL_RANK[a.level],
  );
}
