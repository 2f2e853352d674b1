// JSON Pointer (RFC 6901) in its URI-fragment form `#/a/b~1c`, the one spelling of locations in driftgate.

// Both run for every node of large specs (translation, diffs); most tokens need no change.
export function escapeToken(token: string): string {
  if (!token.includes('~') && !token.includes('/')) return token;
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapeToken(token: string): string {
  if (!token.includes('~')) return token;
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** `#` + `/token`... from raw tokens. */
export function pointer(...tokens: readonly (string | number)[]): string {
  let out = '#';
  for (const t of tokens) out += `/${escapeToken(String(t))}`;
  return out;
}

/** Appends raw tokens to an existing pointer. */
export function childPointer(base: string, ...tokens: readonly (string | number)[]): string {
  let out = base;
  for (const t of tokens) out += `/${escapeToken(String(t))}`;
  return out;
}

/** Splits `#/a/b` (or `/a/b`) into raw tokens. Percent-encoding in URI fragments is decoded. */
export function parsePointer(ptr: string): string[] {
  let p = ptr.startsWith('#') ? ptr.slice(1) : ptr;
  if (p === '') return [];
  if (!p.startsWith('/')) throw new Error(`not a JSON pointer: ${ptr}`);
  p = p.includes('%') ? safeDecode(p) : p;
  return p.slice(1).split('/').map(unescapeToken);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Value at the tokens, or undefined when any step is missing. */
export function getAt(root: unknown, tokens: readonly string[]): unknown {
  let cur: unknown = root;
  for (const t of tokens) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (Array.isArray(cur)) {
      if (!/^(0|[1-9]\d*)$/.test(t)) return undefined;
      cur = cur[Number(t)];
    } else {
      if (!Object.hasOwn(cur, t)) return undefined;
      cur = (cur as Record<string, unknown>)[t];
    }
  }
  return cur;
}
