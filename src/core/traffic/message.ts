// An exchange's request taken apart once: raw path segments, query pairs, lower-cased headers, cookies.
// Pure string work (no URL class needed for paths; absolute URLs lose scheme and authority).
import type { Exchange } from './exchange.js';

export interface RequestParts {
  readonly method: string;
  /** Path without query, still percent-encoded. */
  readonly rawPath: string;
  /** Raw query string without `?` ('' when none). */
  readonly rawQuery: string;
  /** Decoded query pairs in order. */
  readonly query: readonly (readonly [string, string])[];
  /** Header values by lower-case name. */
  readonly headers: HeaderLookup;
  readonly cookies: ReadonlyMap<string, string>;
}

/** Case-insensitive header lookup by lower-case name (repeated names joined with `, `). */
export interface HeaderLookup {
  get(lowerName: string): string | undefined;
}

/**
 * A HeaderLookup over a message's own header record, without copying it: most exchanges are only ever asked
 * for one or two headers (content-type), so a lower-cased map per message would be built for nothing.
 */
export function headerLookup(headers: Readonly<Record<string, string>> | undefined): HeaderLookup {
  return {
    get(lowerName: string): string | undefined {
      if (!headers) return undefined;
      let found: string | undefined;
      for (const k in headers) {
        if (k.length !== lowerName.length) continue;
        if (k !== lowerName && k.toLowerCase() !== lowerName) continue;
        const v = headers[k];
        if (v === undefined) continue;
        found = found === undefined ? String(v) : `${found}, ${String(v)}`;
      }
      return found;
    },
  };
}

export function safeDecode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `application/x-www-form-urlencoded` decoding of one query component ('+' is a space). */
export function decodeQueryComponent(s: string): string {
  return safeDecode(s.includes('+') ? s.replace(/\+/g, ' ') : s);
}

export function parseQuery(raw: string): [string, string][] {
  if (raw === '') return [];
  const out: [string, string][] = [];
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    const v = eq < 0 ? '' : part.slice(eq + 1);
    out.push([decodeQueryComponent(k), decodeQueryComponent(v)]);
  }
  return out;
}

function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    out.set(part.slice(0, eq).trim(), safeDecode(part.slice(eq + 1).trim()));
  }
  return out;
}

/** Splits `https://host/a/b?x=1#f` or `/a/b?x=1` into path and query. */
export function splitUrl(url: string): { path: string; query: string } {
  let rest = url;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(rest);
  if (scheme) {
    const slash = rest.indexOf('/', scheme[0].length);
    const q = rest.indexOf('?', scheme[0].length);
    const start = slash < 0 ? (q < 0 ? rest.length : q) : q >= 0 && q < slash ? q : slash;
    rest = rest.slice(start);
  }
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  const path = q < 0 ? rest : rest.slice(0, q);
  return {
    path: path === '' ? '/' : path.startsWith('/') ? path : `/${path}`,
    query: q < 0 ? '' : rest.slice(q + 1),
  };
}

export function requestParts(exchange: Exchange): RequestParts {
  const { path, query } = splitUrl(exchange.request.url);
  const headers = headerLookup(exchange.request.headers);
  let cookies: Map<string, string> | undefined;
  return {
    method: exchange.request.method.toUpperCase(),
    rawPath: path,
    rawQuery: query,
    query: parseQuery(query),
    headers,
    // Parsed only when a cookie parameter asks.
    get cookies() {
      cookies ??= parseCookies(headers.get('cookie'));
      return cookies;
    },
  };
}
