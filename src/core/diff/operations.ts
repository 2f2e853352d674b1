// One operation present on both sides: parameters, request body, responses, security.
import type { DiffContext } from './context.js';
import type { OperationPair } from './paths.js';

export function diffOperation(_ctx: DiffContext, _pair: OperationPair): void {}
