// Responses (OAS 3.1 §4.8.16-17): status codes added/removed (success ones are breaking to remove), media
// types, headers, and response schemas compared in the response direction.
import type { Located } from '../openapi/index.js';
import { childPointer, deref } from '../openapi/index.js';
import { type DiffContext, emit, locate, type OperationPair } from './context.js';
import { diffContent } from './request-body.js';
import { emitSchemaDiff } from './schema-checks.js';
import { diffSchemas } from './schemas.js';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isSuccess(status: string): boolean {
  return /^2(\d\d|XX)$/i.test(status);
}

export function diffResponses(ctx: DiffContext, pair: OperationPair): void {
  const { base: bOp, revision: rOp, name: operation } = pair;
  const bPtr = childPointer(bOp.pointer, 'responses');
  const rPtr = childPointer(rOp.pointer, 'responses');
  const br = isObj(bOp.node.responses) ? bOp.node.responses : {};
  const rr = isObj(rOp.node.responses) ? rOp.node.responses : {};
  for (const status of Object.keys(br)) {
    if (status.startsWith('x-')) continue;
    const bl = locate(ctx.base, bOp.uri, childPointer(bPtr, status));
    if (!Object.hasOwn(rr, status)) {
      const id = isSuccess(status)
        ? 'response-success-status-removed'
        : 'response-non-success-status-removed';
      emit(ctx, id, { operation, base: bl, revision: locate(ctx.revision, rOp.uri, rPtr) }, status, null, {
        status,
      });
      continue;
    }
    const b = deref<Obj>(ctx.base.documents, {
      value: br[status] as Obj,
      uri: bOp.uri,
      pointer: childPointer(bPtr, status),
    });
    const r = deref<Obj>(ctx.revision.documents, {
      value: rr[status] as Obj,
      uri: rOp.uri,
      pointer: childPointer(rPtr, status),
    });
    diffContent(ctx, b, r, operation, 'response', { status });
    diffHeaders(ctx, b, r, operation, status);
  }
  for (const status of Object.keys(rr)) {
    if (status.startsWith('x-') || Object.hasOwn(br, status)) continue;
    const id = isSuccess(status) ? 'response-success-status-added' : 'response-non-success-status-added';
    emit(
      ctx,
      id,
      {
        operation,
        base: locate(ctx.base, bOp.uri, bPtr),
        revision: locate(ctx.revision, rOp.uri, childPointer(rPtr, status)),
      },
      null,
      status,
      { status },
    );
  }
}

function headerMap(resp: Located<Obj>): Map<string, [string, unknown]> {
  const h = isObj(resp.value.headers) ? resp.value.headers : {};
  return new Map(Object.entries(h).map(([name, v]) => [name.toLowerCase(), [name, v]]));
}

function diffHeaders(
  ctx: DiffContext,
  b: Located<Obj>,
  r: Located<Obj>,
  operation: string,
  status: string,
): void {
  const bh = headerMap(b);
  const rh = headerMap(r);
  for (const [key, [name, raw]] of bh) {
    const bNode = deref<Obj>(ctx.base.documents, {
      value: raw as Obj,
      uri: b.uri,
      pointer: childPointer(b.pointer, 'headers', name),
    });
    const bl = locate(ctx.base, bNode.uri, bNode.pointer);
    const other = rh.get(key);
    if (other === undefined) {
      const id =
        bNode.value.required === true
          ? 'required-response-header-removed'
          : 'optional-response-header-removed';
      emit(
        ctx,
        id,
        { operation, base: bl, revision: locate(ctx.revision, r.uri, r.pointer) },
        bNode.value,
        null,
        { name, status },
      );
      continue;
    }
    const rNode = deref<Obj>(ctx.revision.documents, {
      value: other[1] as Obj,
      uri: r.uri,
      pointer: childPointer(r.pointer, 'headers', other[0]),
    });
    const where = { operation, base: bl, revision: locate(ctx.revision, rNode.uri, rNode.pointer) };
    if (bNode.value.required === true && rNode.value.required !== true) {
      emit(ctx, 'response-header-became-optional', where, true, rNode.value.required ?? false, {
        name,
        status,
      });
    }
    const bs = bNode.value.schema;
    const rs = rNode.value.schema;
    if (bs !== undefined && rs !== undefined) {
      const d = diffSchemas(
        ctx,
        { value: bs, uri: bNode.uri, pointer: childPointer(bNode.pointer, 'schema') },
        { value: rs, uri: rNode.uri, pointer: childPointer(rNode.pointer, 'schema') },
      );
      emitSchemaDiff(ctx, d, {
        direction: 'response',
        holder: 'header',
        operation,
        args: { name: other[0], status },
      });
    }
  }
  for (const [key, [name, raw]] of rh) {
    if (bh.has(key)) continue;
    emit(
      ctx,
      'response-header-added',
      {
        operation,
        base: locate(ctx.base, b.uri, b.pointer),
        revision: locate(ctx.revision, r.uri, childPointer(r.pointer, 'headers', name)),
      },
      null,
      raw,
      { name, status },
    );
  }
}
