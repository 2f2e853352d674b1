// Body bytes ↔ the exchange shape: JSON media types are parsed (text kept when they do not parse), other
// text is kept as text, binary is summarised by length.
import type { ExchangeResponse } from '../../core/traffic/exchange.js';

export function isJsonType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  if (contentType === 'application/json' || contentType.startsWith('application/json;')) return true;
  const t = contentType.split(';')[0]!.trim().toLowerCase();
  return t === 'application/json' || t.endsWith('+json');
}

function isTextType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const t = contentType.split(';')[0]!.trim().toLowerCase();
  return t.startsWith('text/') || t.endsWith('+xml') || t === 'application/xml' || t.includes('urlencoded');
}

/** `{body}` for JSON, `{bodyText}` for text, `{}` for no body; binary bodies as `{bodyText: '<N bytes>'}`. */
export function bodyFields(
  bytes: Buffer,
  contentType: string | undefined,
): { body?: unknown; bodyText?: string } {
  if (bytes.length === 0) return {};
  const text = bytes.toString('utf8');
  if (isJsonType(contentType)) {
    try {
      return { body: JSON.parse(text) };
    } catch {
      return { bodyText: text };
    }
  }
  if (isTextType(contentType) || contentType === undefined) return { bodyText: text };
  return { bodyText: `<${bytes.length} bytes ${contentType}>` };
}

/** Response headers as a flat record (multi-valued joined with `, `). */
export function flatHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

export type { ExchangeResponse };
