// Shared state of one diff run: both documents, the options, where changes are collected, and the
// memo of schema-pair diffs reused across every operation that reaches the same components.
import type { Change } from '../findings.js';
import type { ApiDocument, Operation } from '../openapi/index.js';
import { CHECKS, type CheckId, formatMessage } from './checks.js';
import type { DiffOptions } from './result.js';
import type { SchemaDiff } from './schema-diff.js';

export interface DiffContext {
  readonly base: ApiDocument;
  readonly revision: ApiDocument;
  readonly options: DiffOptions;
  readonly changes: Change[];
  /** Schema-pair diffs by `baseLocation|revisionLocation` (direction-free, so shared by request and response). */
  readonly schemaMemo: Map<string, SchemaDiff>;
}

export function newContext(base: ApiDocument, revision: ApiDocument, options: DiffOptions): DiffContext {
  return { base, revision, options, changes: [], schemaMemo: new Map() };
}

export interface OperationPair {
  readonly base: Operation;
  readonly revision: Operation;
  /** `METHOD /template` with the revision's spelling. */
  readonly name: string;
}

export interface Where {
  readonly operation: string | null;
  readonly base: string | null;
  readonly revision: string | null;
}

/** Records one change with the catalog's level and message. */
export function emit(
  ctx: DiffContext,
  id: CheckId,
  where: Where,
  before: unknown,
  after: unknown,
  args: Readonly<Record<string, unknown>> = {},
): void {
  ctx.changes.push({
    id,
    level: CHECKS[id].level,
    operation: where.operation,
    location: { base: where.base, revision: where.revision },
    message: formatMessage(CHECKS[id].message, args),
    before: before === undefined ? null : before,
    after: after === undefined ? null : after,
  });
}

/**
 * A location as driftgate prints it: `#/pointer` inside the entry document, `file#/pointer` inside an
 * external one (the file relative to the entry document's folder).
 */
export function locate(doc: ApiDocument, uri: string, pointer: string): string {
  if (uri === doc.uri) return pointer;
  return `${relativeUri(doc.uri, uri)}${pointer}`;
}

function relativeUri(from: string, to: string): string {
  const fromDir = from.includes('/') ? from.slice(0, from.lastIndexOf('/') + 1) : '';
  return fromDir !== '' && to.startsWith(fromDir) ? to.slice(fromDir.length) : to;
}
