// The spec-vs-spec input of a budget check: diff two contract versions into Findings, and describe the
// operations (tags for tag budgets; field counts before and after for churn %).
import { countOperationFields } from '../core/budgets/fields.js';
import { diffSpecs } from '../core/diff/index.js';
import { changeToFinding, type Finding } from '../core/findings.js';
import type { ApiDocument } from '../core/openapi/index.js';
import type { OperationInfo } from './check-budgets.js';

export interface SpecCheckInput {
  readonly findings: readonly Finding[];
  readonly operations: readonly OperationInfo[];
}

/** Diffs `base` against `revision`; `today` (YYYY-MM-DD) drives the sunset checks. */
export function specCheckInput(base: ApiDocument, revision: ApiDocument, today: string): SpecCheckInput {
  const result = diffSpecs(base, revision, { today });
  return { findings: result.changes.map(changeToFinding), operations: describeOperations(base, revision) };
}

/** Revision operations (baseline = the base version's fields, 0 when new), then operations only in the base. */
export function describeOperations(base: ApiDocument | null, revision: ApiDocument): OperationInfo[] {
  const structural = (method: string, key: string) => `${method.toUpperCase()} ${key}`;
  const inBase = new Map((base?.operations ?? []).map((op) => [structural(op.method, op.template.key), op]));
  const out: OperationInfo[] = [];
  const seen = new Set<string>();
  for (const op of revision.operations) {
    const k = structural(op.method, op.template.key);
    seen.add(k);
    const before = inBase.get(k);
    out.push({
      method: op.method.toUpperCase(),
      path: op.path,
      tags: op.tags,
      baselineFields:
        base === null ? countOperationFields(revision, op) : before ? countOperationFields(base, before) : 0,
      currentFields: countOperationFields(revision, op),
    });
    if (before && before.path !== op.path && base) {
      out.push({
        method: op.method.toUpperCase(),
        path: before.path,
        tags: op.tags,
        baselineFields: countOperationFields(base, before),
        currentFields: countOperationFields(revision, op),
      });
    }
  }
  for (const [k, op] of inBase) {
    if (seen.has(k) || !base) continue;
    out.push({
      method: op.method.toUpperCase(),
      path: op.path,
      tags: op.tags,
      baselineFields: countOperationFields(base, op),
      currentFields: 0,
    });
  }
  return out;
}

/** The service a contract names: `x-service`, else `info.title` (PRODUCT.md "Hierarchy"). */
export function contractService(doc: ApiDocument): string | null {
  const x = doc.root['x-service'];
  if (typeof x === 'string' && x.trim() !== '') return x.trim();
  return doc.title.trim() === '' ? null : doc.title.trim();
}
