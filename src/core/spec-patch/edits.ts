// Lowers an RFC 6902 patch to the three text edits a document format has to know: put a value at a
// member/element, insert an array element, remove a member/element. `move`/`copy` become remove + put
// with the concrete value, `test` disappears (it was checked on the value), and every edit carries the
// whole document value after it, so a text editor can verify its own work and re-render a parent.
import type { PatchOperation } from '../traffic/mismatch.js';
import { applyOperation, valueAt } from './apply-value.js';
import { patchTokens } from './pointer.js';

export type TextEdit =
  /** Set a member (new or existing) of an object, or replace an array element / the root. */
  | { readonly kind: 'put'; readonly tokens: readonly string[]; readonly value: unknown }
  /** Insert an element into an array at `index` (0..length). */
  | {
      readonly kind: 'insert';
      readonly parent: readonly string[];
      readonly index: number;
      readonly value: unknown;
    }
  | { readonly kind: 'remove'; readonly tokens: readonly string[] };

export interface LoweredEdit {
  readonly edit: TextEdit;
  /** The whole document after this edit. */
  readonly after: unknown;
}

const never = (msg: string): never => {
  throw new Error(msg);
};

/**
 * Applies the patch to `doc` (throwing 'patch.conflict' with the op index on the first failure) and
 * returns the equivalent text edits with the document value after each.
 */
export function lowerPatch(
  doc: unknown,
  patch: readonly PatchOperation[],
): { edits: LoweredEdit[]; result: unknown } {
  const edits: LoweredEdit[] = [];
  let cur = doc;
  patch.forEach((op, i) => {
    const next = applyOperation(cur, op, i);
    switch (op.op) {
      case 'test':
        break;
      case 'replace':
        edits.push({ edit: { kind: 'put', tokens: patchTokens(op.path, i), value: op.value }, after: next });
        break;
      case 'add':
        edits.push({ edit: addEdit(cur, patchTokens(op.path, i), op.value), after: next });
        break;
      case 'remove':
        edits.push({ edit: { kind: 'remove', tokens: patchTokens(op.path, i) }, after: next });
        break;
      case 'copy': {
        const value = valueAt(cur, patchTokens(op.from, i), op.from, never);
        edits.push({ edit: addEdit(cur, patchTokens(op.path, i), value), after: next });
        break;
      }
      case 'move': {
        const from = patchTokens(op.from, i);
        const value = valueAt(cur, from, op.from, never);
        const removed = applyOperation(cur, { op: 'remove', path: op.from }, i);
        edits.push({ edit: { kind: 'remove', tokens: from }, after: removed });
        edits.push({ edit: addEdit(removed, patchTokens(op.path, i), value), after: next });
        break;
      }
    }
    cur = next;
  });
  return { edits, result: cur };
}

function addEdit(doc: unknown, tokens: readonly string[], value: unknown): TextEdit {
  if (tokens.length === 0) return { kind: 'put', tokens, value };
  const parentTokens = tokens.slice(0, -1);
  const parent = valueAt(doc, parentTokens, '', never);
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) {
    return {
      kind: 'insert',
      parent: parentTokens,
      index: last === '-' ? parent.length : Number(last),
      value,
    };
  }
  return { kind: 'put', tokens, value };
}
