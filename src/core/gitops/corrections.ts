// The RFC 6902 operations an incident asks for, from what the engines stored on it:
//   details.corrections  - the traffic analyzer's Correction[] (or any [{patch: [...]}])
//   details.patch        - a bare operation list
//   before/after samples - for spec-vs-spec drift, the base and revision fragment at a spec pointer
// The stored JSON is checked here: a malformed operation is reported, never guessed at.
import type { Change } from '../findings.js';
import type { PatchOperation } from '../traffic/mismatch.js';
import { sampleSpecPointer, sampleValue } from './samples.js';

export interface IncidentPatchSource {
  readonly details: Readonly<Record<string, unknown>>;
  readonly before_sample: unknown;
  readonly after_sample: unknown;
}

export interface IncidentOperations {
  readonly ops: readonly PatchOperation[];
  /** Where the operations came from. */
  readonly origin: 'corrections' | 'patch' | 'spec_sample' | 'none';
  /** Malformed stored operations (index and why); when non-empty, `ops` is empty. */
  readonly problems: readonly string[];
  /** Human reasons of the corrections (analyzer's `reason`), for the PR body. */
  readonly reasons: readonly string[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Validates one stored RFC 6902 operation. */
export function toPatchOperation(v: unknown): PatchOperation | string {
  if (!isObject(v)) return 'is not an object';
  const { op, path } = v;
  if (typeof path !== 'string') return "has no string 'path'";
  switch (op) {
    case 'add':
    case 'replace':
    case 'test':
      if (!('value' in v)) return `'${op}' has no 'value'`;
      return { op, path, value: v.value };
    case 'remove':
      return { op, path };
    case 'move':
    case 'copy':
      if (typeof v.from !== 'string') return `'${op}' has no string 'from'`;
      return { op, from: v.from, path };
    default:
      return `has an unknown op ${JSON.stringify(op)}`;
  }
}

function collect(list: readonly unknown[], label: string, problems: string[]): PatchOperation[] {
  const ops: PatchOperation[] = [];
  list.forEach((raw, i) => {
    const op = toPatchOperation(raw);
    if (typeof op === 'string') problems.push(`${label}[${i}] ${op}`);
    else ops.push(op);
  });
  return ops;
}

/** The operations one incident asks for. */
export function incidentOperations(incident: IncidentPatchSource): IncidentOperations {
  const problems: string[] = [];
  const { corrections, patch } = incident.details;
  if (Array.isArray(corrections) && corrections.length > 0) {
    const ops: PatchOperation[] = [];
    const reasons: string[] = [];
    corrections.forEach((c, i) => {
      if (!isObject(c) || !Array.isArray(c.patch)) {
        problems.push(`details.corrections[${i}] has no 'patch' list`);
        return;
      }
      ops.push(...collect(c.patch, `details.corrections[${i}].patch`, problems));
      if (typeof c.reason === 'string') reasons.push(c.reason);
    });
    return problems.length > 0
      ? { ops: [], origin: 'corrections', problems, reasons }
      : { ops, origin: 'corrections', problems, reasons };
  }
  if (Array.isArray(patch) && patch.length > 0) {
    const ops = collect(patch, 'details.patch', problems);
    return { ops: problems.length > 0 ? [] : ops, origin: 'patch', problems, reasons: [] };
  }
  const specOps = specSampleOperations(incident.before_sample, incident.after_sample);
  if (specOps.length > 0) return { ops: specOps, origin: 'spec_sample', problems, reasons: [] };
  return { ops: [], origin: 'none', problems, reasons: [] };
}

/**
 * Bring the spec to the revision at a spec-change sample's pointer: remove what the revision dropped,
 * add what it introduced, replace what it changed.
 */
export function specSampleOperations(before: unknown, after: unknown): PatchOperation[] {
  const path = sampleSpecPointer(after) ?? sampleSpecPointer(before);
  if (path === null) return [];
  const oldValue = sampleValue(before);
  const newValue = sampleValue(after);
  const absent = (v: unknown) => v === null || v === undefined;
  if (absent(oldValue) && absent(newValue)) return [];
  if (absent(newValue)) return [{ op: 'remove', path }];
  if (absent(oldValue)) return [{ op: 'add', path, value: newValue }];
  return [{ op: 'replace', path, value: newValue }];
}

/**
 * The operations that turn a base spec into the revision at every change's location, for the spec
 * pipeline to store as `details.patch` (so a multi-change incident is fixed whole, not just its sample).
 * Removals come last, deepest and highest array index first, so earlier ones do not shift later pointers.
 */
export function operationsFromChanges(changes: readonly Change[]): PatchOperation[] {
  const writes: PatchOperation[] = [];
  const removes: string[] = [];
  const seen = new Set<string>();
  for (const c of changes) {
    const key = `${c.location.base ?? ''}\u0000${c.location.revision ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (c.location.revision === null && c.location.base !== null) removes.push(c.location.base);
    else if (c.location.revision !== null && c.after !== undefined && c.after !== null) {
      writes.push(
        c.location.base === null
          ? { op: 'add', path: c.location.revision, value: c.after }
          : { op: 'replace', path: c.location.revision, value: c.after },
      );
    }
  }
  removes.sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
  return [...writes, ...removes.map((path) => ({ op: 'remove' as const, path }))];
}

/**
 * The analyzer's corrections that belong to one incident's operation (`METHOD /template`), for the
 * pipeline to store as `details.corrections` on that operation's incident.
 */
export function correctionsForOperation<C extends { readonly operation: string | null }>(
  corrections: readonly C[],
  operation: string,
): C[] {
  return corrections.filter((c) => c.operation === operation);
}
