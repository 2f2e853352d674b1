// Security (OAS 3.1 §4.8.27-30): global and per-operation requirements (schemes and scopes), and the
// security scheme components (type, OAuth URLs, scopes).
import { childPointer, pointer } from '../openapi/index.js';
import { type DiffContext, emit, locate, type OperationPair, type Where } from './context.js';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Requirements keyed by their scheme names (sorted, joined), each with scopes per scheme. */
function requirements(v: unknown): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  if (!Array.isArray(v)) return out;
  for (const req of v) {
    if (!isObj(req)) continue;
    const names = Object.keys(req).sort();
    out.set(
      names.join(', '),
      new Map(names.map((n) => [n, Array.isArray(req[n]) ? (req[n] as unknown[]).map(String) : []])),
    );
  }
  return out;
}

function diffRequirements(ctx: DiffContext, b: unknown, r: unknown, where: Where, global: boolean): void {
  const br = requirements(b);
  const rr = requirements(r);
  for (const [key, schemes] of br) {
    const other = rr.get(key);
    if (other === undefined) {
      emit(ctx, global ? 'api-global-security-removed' : 'api-security-removed', where, key, null, {
        scheme: key,
      });
      continue;
    }
    for (const [scheme, scopes] of schemes) {
      const rs = other.get(scheme) ?? [];
      for (const s of scopes) {
        if (!rs.includes(s))
          emit(
            ctx,
            global ? 'api-global-security-scope-removed' : 'api-security-scope-removed',
            where,
            s,
            null,
            {
              scope: s,
              scheme,
            },
          );
      }
      for (const s of rs) {
        if (!scopes.includes(s))
          emit(ctx, global ? 'api-global-security-scope-added' : 'api-security-scope-added', where, null, s, {
            scope: s,
            scheme,
          });
      }
    }
  }
  for (const key of rr.keys()) {
    if (!br.has(key))
      emit(ctx, global ? 'api-global-security-added' : 'api-security-added', where, null, key, {
        scheme: key,
      });
  }
}

export function diffOperationSecurity(ctx: DiffContext, pair: OperationPair): void {
  const b = pair.base.node.security;
  const r = pair.revision.node.security;
  if (b === undefined && r === undefined) return;
  const where = {
    operation: pair.name,
    base: locate(ctx.base, pair.base.uri, childPointer(pair.base.pointer, 'security')),
    revision: locate(ctx.revision, pair.revision.uri, childPointer(pair.revision.pointer, 'security')),
  };
  diffRequirements(ctx, b, r, where, false);
}

export function diffGlobalSecurity(ctx: DiffContext): void {
  const where = { operation: null, base: pointer('security'), revision: pointer('security') };
  diffRequirements(ctx, ctx.base.root.security, ctx.revision.root.security, where, true);
  diffSecuritySchemes(ctx);
}

function schemesOf(root: Obj): Obj {
  const c = isObj(root.components) ? root.components : {};
  return isObj(c.securitySchemes) ? c.securitySchemes : {};
}

function flowsOf(s: Obj): Obj {
  return isObj(s.flows) ? s.flows : {};
}

function diffSecuritySchemes(ctx: DiffContext): void {
  const bs = schemesOf(ctx.base.root);
  const rs = schemesOf(ctx.revision.root);
  for (const name of Object.keys(bs)) {
    const bl = pointer('components', 'securitySchemes', name);
    if (!Object.hasOwn(rs, name)) {
      emit(
        ctx,
        'api-security-component-removed',
        { operation: null, base: bl, revision: null },
        bs[name],
        null,
        {
          scheme: name,
        },
      );
      continue;
    }
    const b = isObj(bs[name]) ? bs[name] : {};
    const r = isObj(rs[name]) ? rs[name] : {};
    const where = { operation: null, base: bl, revision: bl };
    if (b.type !== r.type) {
      emit(ctx, 'api-security-component-type-changed', where, b.type, r.type, {
        scheme: name,
        from: b.type,
        to: r.type,
      });
      continue;
    }
    const bf = flowsOf(b);
    const rf = flowsOf(r);
    for (const flow of Object.keys(bf)) {
      const f1 = isObj(bf[flow]) ? bf[flow] : {};
      const f2 = isObj(rf[flow]) ? rf[flow] : {};
      const fw = {
        operation: null,
        base: childPointer(bl, 'flows', flow),
        revision: childPointer(bl, 'flows', flow),
      };
      if (f1.authorizationUrl !== f2.authorizationUrl && f2.authorizationUrl !== undefined) {
        emit(ctx, 'api-security-component-oauth-url-changed', fw, f1.authorizationUrl, f2.authorizationUrl, {
          scheme: name,
          from: f1.authorizationUrl,
          to: f2.authorizationUrl,
        });
      }
      if (f1.tokenUrl !== f2.tokenUrl && f2.tokenUrl !== undefined) {
        emit(ctx, 'api-security-component-oauth-token-url-changed', fw, f1.tokenUrl, f2.tokenUrl, {
          scheme: name,
          from: f1.tokenUrl,
          to: f2.tokenUrl,
        });
      }
      const s1 = isObj(f1.scopes) ? f1.scopes : {};
      const s2 = isObj(f2.scopes) ? f2.scopes : {};
      for (const scope of Object.keys(s1)) {
        if (!Object.hasOwn(s2, scope))
          emit(ctx, 'api-security-component-oauth-scope-removed', fw, scope, null, { scheme: name, scope });
        else if (s1[scope] !== s2[scope])
          emit(ctx, 'api-security-component-oauth-scope-changed', fw, s1[scope], s2[scope], {
            scheme: name,
            scope,
            from: s1[scope],
            to: s2[scope],
          });
      }
      for (const scope of Object.keys(s2)) {
        if (!Object.hasOwn(s1, scope))
          emit(ctx, 'api-security-component-oauth-scope-added', fw, null, scope, { scheme: name, scope });
      }
    }
  }
  for (const name of Object.keys(rs)) {
    if (!Object.hasOwn(bs, name)) {
      const rl = pointer('components', 'securitySchemes', name);
      emit(
        ctx,
        'api-security-component-added',
        { operation: null, base: null, revision: rl },
        null,
        rs[name],
        {
          scheme: name,
        },
      );
    }
  }
}
