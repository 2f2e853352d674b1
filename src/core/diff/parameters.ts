// Parameters in path, query, header and cookie (OAS 3.1 §4.8.12): added, removed (with deprecation and
// sunset), required toggled, deprecated, style/explode, and their schemas. Path parameters match by
// position in the template, so `{id}` renamed to `{userId}` is the same parameter.
import type { Operation, Parameter } from '../openapi/index.js';
import { childPointer } from '../openapi/index.js';
import { type DiffContext, emit, locate, type OperationPair, type Where } from './context.js';
import { emitSchemaDiff } from './schema-checks.js';
import { diffSchemas } from './schemas.js';
import { formatDay, policyDays, sunsetOf, today } from './sunset.js';

type Obj = Record<string, unknown>;

function paramKey(p: Parameter, op: Operation, renames: ReadonlyMap<string, string> | null): string {
  if (p.in === 'path') {
    const i = op.template.params.indexOf(p.name);
    if (i >= 0) return `path:#${i}`;
    return `path:${renames?.get(p.name) ?? p.name}`;
  }
  return `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
}

function loc(ctx: DiffContext, side: 'base' | 'revision', p: Parameter): string {
  return locate(ctx[side], p.node.uri, p.node.pointer);
}

export function diffParameters(ctx: DiffContext, pair: OperationPair): void {
  const { base: bOp, revision: rOp, name: operation } = pair;
  const bParams = new Map(bOp.parameters.map((p) => [paramKey(p, bOp, null), p]));
  const rParams = new Map(rOp.parameters.map((p) => [paramKey(p, rOp, null), p]));
  for (const [key, b] of bParams) {
    const r = rParams.get(key);
    const where: Where = {
      operation,
      base: loc(ctx, 'base', b),
      revision: r ? loc(ctx, 'revision', r) : null,
    };
    if (r === undefined) removed(ctx, b, where);
    else changed(ctx, b, r, where);
  }
  for (const [key, r] of rParams) {
    if (bParams.has(key)) continue;
    const where: Where = { operation, base: null, revision: loc(ctx, 'revision', r) };
    const args = { in: r.in, name: r.name };
    if (r.in === 'path') emit(ctx, 'new-request-path-parameter', where, null, r.node.value, args);
    else if (r.node.value.required === true)
      emit(ctx, 'new-required-request-parameter', where, null, r.node.value, args);
    else emit(ctx, 'new-optional-request-parameter', where, null, r.node.value, args);
  }
}

function removed(ctx: DiffContext, b: Parameter, where: Where): void {
  const args = { in: b.in, name: b.name };
  const node = b.node.value;
  if (node.deprecated !== true) {
    emit(ctx, 'request-parameter-removed', where, node, null, args);
    return;
  }
  const sunset = sunsetOf(node);
  if (sunset !== null && sunset.day === null) {
    emit(ctx, 'request-parameter-sunset-parse', where, node, null, {
      ...args,
      value: String(sunset.raw),
    });
    return;
  }
  if (sunset?.day != null && today(ctx) < sunset.day) {
    emit(ctx, 'request-parameter-removed-before-sunset', where, node, null, {
      ...args,
      to: formatDay(sunset.day),
    });
    return;
  }
  emit(ctx, 'request-parameter-removed-with-deprecation', where, node, null, args);
}

/** Effective style and explode (OAS 3.1 §4.8.12.4: defaults by location). */
function serialization(p: Obj, location: string): { style: string; explode: boolean } {
  const style =
    typeof p.style === 'string' ? p.style : location === 'query' || location === 'cookie' ? 'form' : 'simple';
  const explode = typeof p.explode === 'boolean' ? p.explode : style === 'form';
  return { style, explode };
}

function schemaOf(p: Parameter): { value: unknown; pointer: string } | undefined {
  const v = p.node.value;
  if (v.schema !== undefined) return { value: v.schema, pointer: childPointer(p.node.pointer, 'schema') };
  const content = v.content;
  if (typeof content === 'object' && content !== null) {
    const [media, mt] = Object.entries(content as Obj)[0] ?? [];
    if (media !== undefined && typeof mt === 'object' && mt !== null && (mt as Obj).schema !== undefined) {
      return { value: (mt as Obj).schema, pointer: childPointer(p.node.pointer, 'content', media, 'schema') };
    }
  }
  return undefined;
}

function changed(ctx: DiffContext, b: Parameter, r: Parameter, where: Where): void {
  const bv = b.node.value;
  const rv = r.node.value;
  const args = { in: r.in, name: r.name };
  if (r.in !== 'path' && (bv.required === true) !== (rv.required === true)) {
    emit(
      ctx,
      rv.required === true ? 'request-parameter-became-required' : 'request-parameter-became-optional',
      where,
      bv.required ?? false,
      rv.required ?? false,
      args,
    );
  }
  paramDeprecation(ctx, bv, rv, where, args);
  const bs = serialization(bv, b.in);
  const rs = serialization(rv, r.in);
  if (bs.style !== rs.style) {
    emit(ctx, 'request-parameter-style-changed', where, bs.style, rs.style, {
      ...args,
      from: bs.style,
      to: rs.style,
    });
  } else if (bs.explode !== rs.explode) {
    emit(ctx, 'request-parameter-explode-changed', where, bs.explode, rs.explode, {
      ...args,
      from: bs.explode,
      to: rs.explode,
    });
  }
  const bSchema = schemaOf(b);
  const rSchema = schemaOf(r);
  if (bSchema === undefined || rSchema === undefined) return;
  const d = diffSchemas(
    ctx,
    { value: bSchema.value, uri: b.node.uri, pointer: bSchema.pointer },
    { value: rSchema.value, uri: r.node.uri, pointer: rSchema.pointer },
  );
  const formExplode = (r.in === 'query' || r.in === 'cookie') && rs.style === 'form' && rs.explode;
  emitSchemaDiff(ctx, d, {
    direction: 'request',
    holder: 'parameter',
    operation: where.operation!,
    args: formExplode ? { ...args, formExplode } : args,
  });
}

/** Deprecation lifecycle of a parameter, as for operations (sunset.ts) with the parameter's check ids. */
function paramDeprecation(
  ctx: DiffContext,
  bv: Obj,
  rv: Obj,
  where: Where,
  args: Record<string, unknown>,
): void {
  const bDep = bv.deprecated === true;
  const rDep = rv.deprecated === true;
  if (bDep && !rDep) {
    emit(ctx, 'request-parameter-reactivated', where, true, false, args);
    return;
  }
  if (!rDep) return;
  const rs = sunsetOf(rv);
  const days = policyDays(ctx, rv);
  if (!bDep) {
    if (rs !== null && rs.day === null) {
      emit(ctx, 'request-parameter-sunset-parse', where, null, rs.raw, {
        ...args,
        value: String(rs.raw),
      });
    } else if (rs === null && days > 0) {
      emit(ctx, 'request-parameter-deprecated-sunset-missing', where, false, true, args);
    } else if (rs?.day != null && days > 0 && rs.day - today(ctx) < days) {
      emit(ctx, 'request-parameter-sunset-date-too-small', where, null, rs.raw, {
        ...args,
        to: formatDay(rs.day),
        value: days,
      });
    } else {
      emit(ctx, 'request-parameter-deprecated', where, false, true, args);
    }
    return;
  }
  const bs = sunsetOf(bv);
  if (bs === null || (rs !== null && bs.raw === rs.raw)) return;
  if (rs === null) {
    emit(ctx, 'request-parameter-sunset-deleted', where, bs.raw, null, args);
    return;
  }
  if (bs.day === null || rs.day === null) {
    const bad = bs.day === null ? bs.raw : rs.raw;
    emit(ctx, 'request-parameter-sunset-parse', where, bs.raw, rs.raw, {
      ...args,
      value: String(bad),
    });
    return;
  }
  if (rs.day < bs.day && rs.day < today(ctx) + days) {
    emit(ctx, 'request-parameter-sunset-date-changed-too-small', where, bs.raw, rs.raw, {
      ...args,
      from: formatDay(bs.day),
      to: formatDay(rs.day),
      value: days,
    });
  }
}
