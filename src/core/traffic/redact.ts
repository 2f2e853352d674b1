// Redaction: secrets seen in traffic never leave the process. Header and field names are matched
// case-insensitively; their values become "[REDACTED]" in every sample, observed value and message.
import type { Exchange } from './exchange.js';

export const REDACTED = '[REDACTED]';

const EXACT = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
const PARTS = ['token', 'secret', 'password'];

/** Whether a header or field name carries a secret. */
export function isSensitiveName(name: string): boolean {
  const n = name.toLowerCase();
  if (EXACT.has(n)) return true;
  for (const p of PARTS) if (n.includes(p)) return true;
  return false;
}

/** A deep copy with every sensitive field's value replaced. Depth-limited so a sample never explodes. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > 32) return '[TRUNCATED]';
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = isSensitiveName(k) ? REDACTED : redactValue(v, depth + 1);
  return out;
}

/** Whether any token of a message pointer (`/body/user/password`, `/headers/authorization`) is sensitive. */
export function isSensitivePointer(tokens: readonly string[]): boolean {
  for (const t of tokens) if (isSensitiveName(t)) return true;
  return false;
}

/** The observed value as it may be shown for the given message location tokens. */
export function redactObserved(tokens: readonly string[], value: unknown): unknown {
  return isSensitivePointer(tokens) ? REDACTED : redactValue(value);
}

export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = isSensitiveName(k) ? REDACTED : v;
  return out;
}

/** A request or response with its secret headers and body fields redacted (the one rule for samples and fixtures). */
export function redactMessage<
  T extends { readonly headers: Readonly<Record<string, string>>; readonly body?: unknown },
>(p: T): T {
  return {
    ...p,
    headers: redactHeaders(p.headers),
    ...(p.body !== undefined ? { body: redactValue(p.body) } : {}),
  };
}

/** An exchange as incidents and fixtures keep it: both messages redacted. */
export function redactExchange(e: Exchange): Exchange {
  return {
    ...e,
    request: redactMessage(e.request),
    ...(e.response ? { response: redactMessage(e.response) } : {}),
  };
}
