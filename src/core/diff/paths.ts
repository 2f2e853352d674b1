// Paths and operations: added, removed (with or without prior deprecation, before the sunset), deprecated,
// reactivated, sunset changes, operationId and tags. Operations match structurally (`/a/{id}` = `/a/{x}`).
import type { Operation } from '../openapi/index.js';
import { childPointer } from '../openapi/index.js';
import { type DiffContext, emit, locate, type OperationPair } from './context.js';
import { diffOperation } from './operations.js';
import { checkDeprecation, checkRemovedDeprecated } from './sunset.js';

export function diffPaths(ctx: DiffContext): void {
  const revByKey = new Map<string, Operation>();
  const revPaths = new Set<string>();
  for (const op of ctx.revision.operations) {
    revByKey.set(`${op.method} ${op.template.key}`, op);
    revPaths.add(op.template.key);
  }
  const baseKeys = new Set<string>();
  for (const b of ctx.base.operations) {
    const key = `${b.method} ${b.template.key}`;
    baseKeys.add(key);
    const r = revByKey.get(key);
    if (r === undefined) {
      removed(ctx, b, !revPaths.has(b.template.key));
      continue;
    }
    diffOperationPair(ctx, { base: b, revision: r, name: r.key });
  }
  for (const r of ctx.revision.operations) {
    if (baseKeys.has(`${r.method} ${r.template.key}`)) continue;
    emit(
      ctx,
      'endpoint-added',
      { operation: r.key, base: null, revision: opLoc(ctx, r, 'revision') },
      null,
      null,
    );
  }
}

export function opLoc(ctx: DiffContext, op: Operation, side: 'base' | 'revision'): string {
  return locate(ctx[side], op.uri, op.pointer);
}

function removed(ctx: DiffContext, b: Operation, wholePath: boolean): void {
  const where = { operation: b.key, base: opLoc(ctx, b, 'base'), revision: null };
  checkRemovedDeprecated(ctx, b, where, wholePath);
}

function diffOperationPair(ctx: DiffContext, pair: OperationPair): void {
  const { base: b, revision: r } = pair;
  const where = { operation: pair.name, base: opLoc(ctx, b, 'base'), revision: opLoc(ctx, r, 'revision') };
  checkDeprecation(ctx, b.node, r.node, where);
  if (b.operationId !== r.operationId) {
    if (b.operationId !== undefined) {
      emit(
        ctx,
        'api-operation-id-removed',
        { ...where, base: childPointer(where.base, 'operationId') },
        b.operationId,
        r.operationId ?? null,
        { from: b.operationId, to: r.operationId ?? '' },
      );
    } else if (r.operationId !== undefined) {
      emit(
        ctx,
        'api-operation-id-added',
        { ...where, revision: childPointer(where.revision, 'operationId') },
        null,
        r.operationId,
        { to: r.operationId },
      );
    }
  }
  const rTags = new Set(r.tags);
  const bTags = new Set(b.tags);
  for (const t of b.tags) if (!rTags.has(t)) emit(ctx, 'api-tag-removed', where, t, null, { value: t });
  for (const t of r.tags) if (!bTags.has(t)) emit(ctx, 'api-tag-added', where, null, t, { value: t });
  diffOperation(ctx, pair);
}
