import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { PatchOperation } from '../traffic/mismatch.js';
import { applyPatchToText } from './apply-text.js';
import { applyPatch } from './apply-value.js';
import { patchPath } from './pointer.js';

const key = fc.constantFrom('a', 'b', 'type', '200', 'x-y', 'with space', 'q"t', 'null');
const scalar = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 6 }));
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { maxDepth: 3 },
    scalar,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(key, tie('v'), { maxKeys: 3 }),
  ),
})).v;
const doc = fc.dictionary(key, value, { minKeys: 1, maxKeys: 4 });

/** Every container path in a value, so ops can be aimed at places that exist. */
function containers(v: unknown, at: string[] = []): { path: string[]; node: unknown }[] {
  if (v === null || typeof v !== 'object') return [];
  const out: { path: string[]; node: unknown }[] = [{ path: at, node: v }];
  const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
  for (const [k, x] of entries) out.push(...containers(x, [...at, k]));
  return out;
}

function opFor(d: unknown, pick: number, kind: number, k: string, val: unknown): PatchOperation {
  const all = containers(d);
  const target = all[pick % all.length]!;
  const node = target.node as Record<string, unknown> | unknown[];
  const size = Array.isArray(node) ? node.length : Object.keys(node).length;
  const names = Array.isArray(node) ? node.map((_, i) => String(i)) : Object.keys(node);
  if (kind === 0 || size === 0) {
    const last = Array.isArray(node) ? String(pick % (size + 1)) : k;
    return { op: 'add', path: patchPath([...target.path, last]), value: val };
  }
  const existing = names[pick % size]!;
  if (kind === 1) return { op: 'remove', path: patchPath([...target.path, existing]) };
  return { op: 'replace', path: patchPath([...target.path, existing]), value: val };
}

describe('applyPatchToText agrees with applyPatch on random documents and ops', () => {
  for (const format of ['yaml-block', 'yaml-flow', 'json-pretty', 'json-compact'] as const) {
    it(format, () => {
      fc.assert(
        fc.property(doc, fc.nat(), fc.nat(2), key, value, (d, pick, kind, k, val) => {
          const op = opFor(d, pick, kind, k, val);
          const text =
            format === 'yaml-block'
              ? stringify(d)
              : format === 'yaml-flow'
                ? `root: ${JSON.stringify(d)}\n`
                : format === 'json-pretty'
                  ? JSON.stringify(d, null, 2)
                  : JSON.stringify(d);
          const base = format === 'yaml-flow' ? { root: d } : d;
          const shifted = format === 'yaml-flow' ? { ...op, path: `/root${op.path}` } : op;
          const expected = applyPatch(base, [shifted as PatchOperation]);
          const out = applyPatchToText(text, [shifted as PatchOperation]);
          expect(out.value).toEqual(expected);
          expect(out.reRendered).toBe(0);
          const seq = applyPatchToText(text, [shifted as PatchOperation], { strategy: 'sequential' });
          expect(seq.value).toEqual(expected);
          expect(seq.reRendered).toBe(0);
        }),
        { numRuns: 150, seed: 42 },
      );
    });
  }
});
