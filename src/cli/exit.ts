// The one place a CLI failure becomes an exit code and a stderr message (INTERFACES.md "Exit codes").
import { DriftgateError, formatError, isDriftgateError } from '../core/errors.js';

export const EXIT = { ok: 0, gated: 1, usage: 2 } as const;

/** Maps any thrown value to (message, exit code). Expected errors exit 2; anything else is a bug: 70. */
export function exitFor(e: unknown): { message: string; code: number } {
  if (isDriftgateError(e)) return { message: `driftgate: ${formatError(e)}`, code: EXIT.usage };
  const err = e instanceof Error ? e : new Error(String(e));
  return { message: `driftgate: internal error: ${err.stack ?? err.message}`, code: 70 };
}

export function usageError(message: string): DriftgateError {
  return new DriftgateError('usage', message);
}
