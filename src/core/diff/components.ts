// Components (OAS 3.1 §4.8.7): schemas removed from `components/schemas`. Changes inside components are
// reported per operation that uses them (as oasdiff does); only their disappearance is document-level.
import { pointer } from '../openapi/index.js';
import { type DiffContext, emit } from './context.js';

type Obj = Record<string, unknown>;

function schemasOf(root: Obj): Obj {
  const c = root.components;
  if (typeof c !== 'object' || c === null) return {};
  const s = (c as Obj).schemas;
  return typeof s === 'object' && s !== null ? (s as Obj) : {};
}

export function diffComponents(ctx: DiffContext): void {
  const b = schemasOf(ctx.base.root);
  const r = schemasOf(ctx.revision.root);
  for (const name of Object.keys(b)) {
    if (Object.hasOwn(r, name)) continue;
    const at = pointer('components', 'schemas', name);
    emit(ctx, 'api-schema-removed', { operation: null, base: at, revision: null }, null, null, { name });
  }
}
