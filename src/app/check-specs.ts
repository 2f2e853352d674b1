// The spec-vs-spec input of a budget check: diff two contract versions into Findings, and describe the
// operations (tags for tag budgets; field counts before and after for churn %).
import { countOperationFields } from '../core/budgets/fields.js';
import { diffSpecs } from '../core/diff/index.js';
import { changeToFinding, type Finding } from '../core/findings.js';
import type { ApiDocument, Operation } from '../core/openapi/index.js';
import type { OperationInfo } from './check-budgets.js';

export interface SpecCheckInput {
  readonly findings: readonly Finding[];
  readonly operations: readonly OperationInfo[];
}

/** Diffs `base` against `revision`; `today` (YYYY-MM-DD) drives the sunset checks. */
export function specCheckInput(base: ApiDocument, revision: ApiDocument, today: string): SpecCheckInput {
  const result = diffSpecs(base, revision, { today });
  const findings = result.changes.map(changeToFinding);
  return { findings, operations: describeOperations(base, revision, operationsOf(findings)) };
}

/** `METHOD /template` of every finding with an operation: the operations whose fields need counting. */
export function operationsOf(findings: readonly Finding[]): ReadonlySet<string> {
  return new Set(
    findings.flatMap((f) => (f.method && f.path ? [`${f.method.toUpperCase()} ${f.path}`] : [])),
  );
}

/**
 * Revision operations (baseline = the base version's fields, 0 when new), then operations only in the base.
 * Counting fields walks the schema graph, so only the operations in `counted` (`METHOD /template`, as
 * `operationsOf` gives) are counted; the others carry tags only. Without `counted`, every one is.
 */
export function describeOperations(
  base: ApiDocument | null,
  revision: ApiDocument,
  counted?: ReadonlySet<string>,
): OperationInfo[] {
  const structural = (method: string, key: string) => `${method.toUpperCase()} ${key}`;
  const inBase = new Map((base?.operations ?? []).map((op) => [structural(op.method, op.template.key), op]));
  const wanted = (...ops: (Operation | undefined)[]) =>
    counted === undefined || ops.some((op) => op && counted.has(structural(op.method, op.path)));
  const fields = (doc: ApiDocument, op: Operation) => countOperationFields(doc, op);
  const out: OperationInfo[] = [];
  const seen = new Set<string>();
  for (const op of revision.operations) {
    const k = structural(op.method, op.template.key);
    seen.add(k);
    const before = inBase.get(k);
    const info = { method: op.method.toUpperCase(), tags: op.tags };
    if (!wanted(op, before)) {
      out.push({ ...info, path: op.path });
      if (before && before.path !== op.path) out.push({ ...info, path: before.path });
      continue;
    }
    const current = fields(revision, op);
    const baseline = base === null ? current : before && base ? fields(base, before) : 0;
    out.push({ ...info, path: op.path, baselineFields: baseline, currentFields: current });
    if (before && before.path !== op.path) {
      out.push({ ...info, path: before.path, baselineFields: baseline, currentFields: current });
    }
  }
  for (const [k, op] of inBase) {
    if (seen.has(k) || !base) continue;
    const info = { method: op.method.toUpperCase(), path: op.path, tags: op.tags };
    out.push(wanted(op) ? { ...info, baselineFields: fields(base, op), currentFields: 0 } : info);
  }
  return out;
}

/** The service a contract names: `x-service`, else `info.title` (PRODUCT.md "Hierarchy"). */
export function contractService(doc: ApiDocument): string | null {
  const x = doc.root['x-service'];
  if (typeof x === 'string' && x.trim() !== '') return x.trim();
  return doc.title.trim() === '' ? null : doc.title.trim();
}
