// One operation present on both sides: parameters, request body, responses, security.
import type { DiffContext, OperationPair } from './context.js';
import { diffParameters } from './parameters.js';
import { diffRequestBody } from './request-body.js';
import { diffResponses } from './responses.js';
import { diffOperationSecurity } from './security.js';

export function diffOperation(ctx: DiffContext, pair: OperationPair): void {
  diffParameters(ctx, pair);
  diffRequestBody(ctx, pair);
  diffResponses(ctx, pair);
  diffOperationSecurity(ctx, pair);
}
