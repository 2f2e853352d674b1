// What a change carries as `before`/`after` for a schema: its own facts, not the whole subtree (Stripe's
// inline schemas run to megabytes when repeated per operation). A $ref stays a $ref.

type Obj = Record<string, unknown>;

const KEPT = new Set([
  '$ref',
  'type',
  'format',
  'nullable',
  'enum',
  'const',
  'default',
  'readOnly',
  'writeOnly',
  'deprecated',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'required',
  'x-sunset',
]);

export function schemaFragment(node: unknown): unknown {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return node ?? null;
  const out: Obj = {};
  for (const k in node as Obj) if (KEPT.has(k)) out[k] = (node as Obj)[k];
  return out;
}
