// Deprecation lifecycle of operations: `deprecated`, `x-sunset` (a date), `x-stability-level`, and the
// deprecation policy (minimum days between deprecation and sunset) measured from options.today.
import type { Operation } from '../openapi/index.js';
import { childPointer } from '../openapi/index.js';
import { type DiffContext, emit, type Where } from './context.js';

type Obj = Record<string, unknown>;

/** Days since 1970-01-01 of a `YYYY-MM-DD` (or RFC 3339 date-time) string, or null when it is not a date. */
export function parseDay(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCDate() !== d) return null;
  return Math.round(t / 86_400_000);
}

export function formatDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export function sunsetOf(node: Obj): { raw: unknown; day: number | null } | null {
  if (!Object.hasOwn(node, 'x-sunset')) return null;
  const raw = node['x-sunset'];
  return { raw, day: parseDay(raw) };
}

export function today(ctx: DiffContext): number {
  const d = parseDay(ctx.options.today);
  if (d === null) throw new Error(`DiffOptions.today is not a YYYY-MM-DD date: '${ctx.options.today}'`);
  return d;
}

function isBeta(node: Obj): boolean {
  return node['x-stability-level'] === 'beta';
}

/** Minimum days from deprecation to sunset the policy asks for this operation. */
export function policyDays(ctx: DiffContext, node: Obj): number {
  return (isBeta(node) ? ctx.options.deprecationDaysBeta : ctx.options.deprecationDaysStable) ?? 0;
}

/** What a removed operation carries as `before`: its identity and lifecycle, not its whole subtree. */
function opSummary(op: Operation): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['operationId', 'deprecated', 'x-sunset', 'x-stability-level'])
    if (op.node[k] !== undefined) out[k] = op.node[k];
  return out;
}

/** An operation present in the base and gone in the revision. */
export function checkRemovedDeprecated(
  ctx: DiffContext,
  b: Operation,
  where: Where,
  wholePath: boolean,
): void {
  const level = b.node['x-stability-level'];
  if (level === 'draft' || level === 'alpha') return; // oasdiff: unstable operations may go at any time
  if (!b.deprecated) {
    emit(
      ctx,
      wholePath ? 'api-path-removed-without-deprecation' : 'api-removed-without-deprecation',
      where,
      opSummary(b),
      null,
    );
    return;
  }
  const sunset = sunsetOf(b.node);
  if (sunset !== null && sunset.day === null) {
    emit(
      ctx,
      'api-path-sunset-parse',
      { ...where, base: childPointer(where.base!, 'x-sunset') },
      sunset.raw,
      null,
      { value: String(sunset.raw) },
    );
    return;
  }
  if (sunset?.day != null && today(ctx) < sunset.day) {
    emit(
      ctx,
      wholePath ? 'api-path-removed-before-sunset' : 'api-removed-before-sunset',
      where,
      opSummary(b),
      null,
      { to: formatDay(sunset.day) },
    );
    return;
  }
  emit(
    ctx,
    wholePath ? 'api-path-removed-with-deprecation' : 'api-removed-with-deprecation',
    where,
    opSummary(b),
    null,
  );
}

const STABILITY = ['draft', 'alpha', 'beta', 'stable'];

/** `x-stability-level` must be one of draft, alpha, beta, stable (oasdiff's stability rules). */
function invalidStability(ctx: DiffContext, b: Obj, r: Obj, where: Where): boolean {
  // Reported when the value changed, so an unchanged (if invalid) spec diffs empty against itself.
  if (b['x-stability-level'] === r['x-stability-level']) return false;
  for (const [side, node] of [
    ['base', b],
    ['revision', r],
  ] as const) {
    const level = node['x-stability-level'];
    if (level !== undefined && !STABILITY.includes(level as string)) {
      const at =
        side === 'base'
          ? { ...where, base: childPointer(where.base!, 'x-stability-level') }
          : { ...where, revision: childPointer(where.revision!, 'x-stability-level') };
      emit(
        ctx,
        'api-invalid-stability-level',
        at,
        side === 'base' ? level : null,
        side === 'revision' ? level : null,
        {
          value: `value is not one of draft, alpha, beta or stable: ${JSON.stringify(level)}`,
        },
      );
      return true;
    }
  }
  return false;
}

/** Stability moving down (stable → beta → alpha → draft) breaks the promise made to clients. */
function checkStability(ctx: DiffContext, b: Obj, r: Obj, where: Where): void {
  const bl = b['x-stability-level'];
  const rl = r['x-stability-level'];
  if (bl === rl || rl === undefined) return;
  const from = (bl ?? 'stable') as string;
  const at = { ...where, revision: childPointer(where.revision!, 'x-stability-level') };
  const delta = STABILITY.indexOf(rl as string) - STABILITY.indexOf(from);
  if (delta < 0) emit(ctx, 'api-stability-decreased', at, bl ?? null, rl, { from, to: rl });
  else if (delta > 0) emit(ctx, 'api-stability-increased', at, bl ?? null, rl, { from, to: rl });
}

/** Deprecation flag and sunset changes of an operation present on both sides. */
export function checkDeprecation(ctx: DiffContext, b: Obj, r: Obj, where: Where): void {
  if (invalidStability(ctx, b, r, where)) return;
  checkStability(ctx, b, r, where);
  const bDep = b.deprecated === true;
  const rDep = r.deprecated === true;
  const rWhere = { ...where, revision: childPointer(where.revision!, 'deprecated') };
  if (bDep && !rDep) {
    emit(ctx, 'endpoint-reactivated', rWhere, true, r.deprecated ?? null);
    return;
  }
  if (!rDep) return;
  const rs = sunsetOf(r);
  const sWhere = { ...where, revision: childPointer(where.revision!, 'x-sunset') };
  if (!bDep) {
    const days = policyDays(ctx, r);
    if (rs === null) {
      if (days > 0) emit(ctx, 'api-deprecated-sunset-missing', rWhere, null, true);
      else emit(ctx, 'endpoint-deprecated', rWhere, b.deprecated ?? null, true);
      return;
    }
    if (rs.day === null) {
      emit(ctx, 'api-deprecated-sunset-parse', sWhere, null, rs.raw, {
        value: String(rs.raw),
      });
      return;
    }
    if (days > 0 && rs.day - today(ctx) < days) {
      emit(ctx, 'api-sunset-date-too-small', sWhere, null, rs.raw, { to: formatDay(rs.day), value: days });
      return;
    }
    emit(ctx, 'endpoint-deprecated-with-sunset', sWhere, null, rs.raw, { to: formatDay(rs.day) });
    return;
  }
  // Deprecated on both sides: the sunset may not vanish nor move earlier than the policy allows.
  const bs = sunsetOf(b);
  if (bs === null || (rs !== null && bs.raw === rs.raw)) return;
  if (rs === null) {
    emit(ctx, 'sunset-deleted', { ...where, base: childPointer(where.base!, 'x-sunset') }, bs.raw, null);
    return;
  }
  if (bs.day === null || rs.day === null) {
    const bad = bs.day === null ? bs.raw : rs.raw;
    emit(ctx, 'api-path-sunset-parse', sWhere, bs.raw, rs.raw, { value: String(bad) });
    return;
  }
  if (rs.day >= bs.day) return;
  const days = policyDays(ctx, r);
  const earliest = today(ctx) + days;
  if (rs.day < earliest) {
    emit(ctx, 'api-sunset-date-changed-too-small', sWhere, bs.raw, rs.raw, {
      from: formatDay(bs.day),
      to: formatDay(rs.day),
      value: days,
    });
  }
}
