// Webhooks (OAS 3.1 §4.8.1 `webhooks`): a webhook the API no longer calls breaks its subscribers; a new one
// is informational. Their operations' contents are not compared (oasdiff's checks stop at the name too).
import { pointer } from '../openapi/index.js';
import { type DiffContext, emit } from './context.js';

type Obj = Record<string, unknown>;

function webhooksOf(root: Obj): Obj {
  const w = root.webhooks;
  return typeof w === 'object' && w !== null && !Array.isArray(w) ? (w as Obj) : {};
}

export function diffWebhooks(ctx: DiffContext): void {
  const b = webhooksOf(ctx.base.root);
  const r = webhooksOf(ctx.revision.root);
  for (const name of Object.keys(b)) {
    if (Object.hasOwn(r, name)) continue;
    emit(
      ctx,
      'webhook-removed',
      { operation: null, base: pointer('webhooks', name), revision: null },
      name,
      null,
      {
        name,
      },
    );
  }
  for (const name of Object.keys(r)) {
    if (Object.hasOwn(b, name)) continue;
    emit(
      ctx,
      'webhook-added',
      { operation: null, base: null, revision: pointer('webhooks', name) },
      null,
      name,
      {
        name,
      },
    );
  }
}
