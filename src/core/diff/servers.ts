// Servers (OAS 3.1 §4.8.5): server URLs added or removed at the document level, and server variables
// losing allowed values. oasdiff has no such checks; these are driftgate's own.
import { childPointer, pointer } from '../openapi/index.js';
import { type DiffContext, emit } from './context.js';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function servers(root: Obj): Map<string, [number, Obj]> {
  const list = Array.isArray(root.servers) ? root.servers : [];
  const out = new Map<string, [number, Obj]>();
  list.forEach((s, i) => {
    if (isObj(s) && typeof s.url === 'string') out.set(s.url.replace(/\/+$/, ''), [i, s]);
  });
  return out;
}

export function diffServers(ctx: DiffContext): void {
  const b = servers(ctx.base.root);
  const r = servers(ctx.revision.root);
  for (const [url, [i, bs]] of b) {
    const other = r.get(url);
    const bl = pointer('servers', i);
    if (other === undefined) {
      emit(ctx, 'api-server-removed', { operation: null, base: bl, revision: null }, bs.url, null, {
        value: bs.url,
      });
      continue;
    }
    const [j, rs] = other;
    const bv = isObj(bs.variables) ? bs.variables : {};
    const rv = isObj(rs.variables) ? rs.variables : {};
    for (const name of Object.keys(bv)) {
      const v1 = bv[name];
      const v2 = rv[name];
      if (!isObj(v1) || !isObj(v2) || !Array.isArray(v1.enum) || !Array.isArray(v2.enum)) continue;
      const allowed = new Set(v2.enum.map(String));
      for (const value of v1.enum) {
        if (!allowed.has(String(value))) {
          emit(
            ctx,
            'api-server-variable-enum-value-removed',
            {
              operation: null,
              base: childPointer(bl, 'variables', name, 'enum'),
              revision: pointer('servers', j, 'variables', name, 'enum'),
            },
            value,
            null,
            { value, name },
          );
        }
      }
    }
  }
  for (const [url, [j, rs]] of r) {
    if (!b.has(url)) {
      emit(
        ctx,
        'api-server-added',
        { operation: null, base: null, revision: pointer('servers', j) },
        null,
        rs.url,
        {
          value: rs.url,
        },
      );
    }
  }
}
