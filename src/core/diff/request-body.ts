// Request bodies (OAS 3.1 §4.8.13): added/removed, required toggled, media types, and their schemas
// compared in the request direction.
import type { Located } from '../openapi/index.js';
import { childPointer, deref } from '../openapi/index.js';
import { type DiffContext, emit, locate, type OperationPair } from './context.js';
import { schemaFragment } from './fragment.js';
import { emitSchemaDiff } from './schema-checks.js';
import { diffSchemas } from './schemas.js';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function bodyOf(ctx: DiffContext, side: 'base' | 'revision', opUri: string, opPtr: string, op: Obj) {
  if (!isObj(op.requestBody)) return undefined;
  return deref<Obj>(ctx[side].documents, {
    value: op.requestBody,
    uri: opUri,
    pointer: childPointer(opPtr, 'requestBody'),
  });
}

function bodySummary(body: Obj): Record<string, unknown> {
  return { required: body.required === true, content: isObj(body.content) ? Object.keys(body.content) : [] };
}

export function diffRequestBody(ctx: DiffContext, pair: OperationPair): void {
  const { base: bOp, revision: rOp, name: operation } = pair;
  const b = bodyOf(ctx, 'base', bOp.uri, bOp.pointer, bOp.node);
  const r = bodyOf(ctx, 'revision', rOp.uri, rOp.pointer, rOp.node);
  const bl = b && locate(ctx.base, b.uri, b.pointer);
  const rl = r && locate(ctx.revision, r.uri, r.pointer);
  if (b === undefined && r === undefined) return;
  if (b === undefined) {
    const required = r!.value.required === true;
    emit(
      ctx,
      required ? 'request-body-added-required' : 'request-body-added-optional',
      { operation, base: null, revision: rl! },
      null,
      bodySummary(r!.value),
    );
    return;
  }
  if (r === undefined) {
    emit(ctx, 'request-body-removed', { operation, base: bl!, revision: null }, bodySummary(b.value), null);
    return;
  }
  const where = { operation, base: bl!, revision: rl! };
  if ((b.value.required === true) !== (r.value.required === true)) {
    emit(
      ctx,
      r.value.required === true ? 'request-body-became-required' : 'request-body-became-optional',
      where,
      b.value.required ?? false,
      r.value.required ?? false,
    );
  }
  diffContent(ctx, b, r, operation, 'request', {});
}

/** Media types of a request body or a response, and the schema of each media type on both sides. */
export function diffContent(
  ctx: DiffContext,
  b: Located<Obj>,
  r: Located<Obj>,
  operation: string,
  direction: 'request' | 'response',
  args: Readonly<Record<string, unknown>>,
): void {
  const bc = isObj(b.value.content) ? b.value.content : {};
  const rc = isObj(r.value.content) ? r.value.content : {};
  const req = direction === 'request';
  for (const media of Object.keys(bc)) {
    const bPtr = childPointer(b.pointer, 'content', media);
    const bWhere = locate(ctx.base, b.uri, bPtr);
    if (!Object.hasOwn(rc, media)) {
      emit(
        ctx,
        req ? 'request-body-media-type-removed' : 'response-media-type-removed',
        { operation, base: bWhere, revision: locate(ctx.revision, r.uri, r.pointer) },
        media,
        null,
        { ...args, media },
      );
      continue;
    }
    const rPtr = childPointer(r.pointer, 'content', media);
    const where = { operation, base: bWhere, revision: locate(ctx.revision, r.uri, rPtr) };
    const bm = bc[media];
    const rm = rc[media];
    const bs = isObj(bm) ? bm.schema : undefined;
    const rs = isObj(rm) ? rm.schema : undefined;
    if (bs === undefined && rs === undefined) continue;
    if (bs === undefined || rs === undefined) {
      const id = `${direction}-body-media-type-schema-${bs === undefined ? 'added' : 'removed'}` as const;
      emit(ctx, id, where, schemaFragment(bs), schemaFragment(rs), { ...args, media });
      continue;
    }
    const d = diffSchemas(
      ctx,
      { value: bs, uri: b.uri, pointer: childPointer(bPtr, 'schema') },
      { value: rs, uri: r.uri, pointer: childPointer(rPtr, 'schema') },
    );
    emitSchemaDiff(ctx, d, { direction, holder: 'body', operation, args: { ...args, media } });
  }
  for (const media of Object.keys(rc)) {
    if (Object.hasOwn(bc, media)) continue;
    emit(
      ctx,
      req ? 'request-body-media-type-added' : 'response-media-type-added',
      {
        operation,
        base: locate(ctx.base, b.uri, b.pointer),
        revision: locate(ctx.revision, r.uri, childPointer(r.pointer, 'content', media)),
      },
      null,
      media,
      { ...args, media },
    );
  }
}
