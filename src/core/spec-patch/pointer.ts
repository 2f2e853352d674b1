// Patch paths: RFC 6901 JSON Pointers as RFC 6902 writes them (`/a/b~1c`). The URI-fragment spelling
// driftgate uses elsewhere (`#/a/b`) is accepted too, so a mismatch's specLocation can be used as is.
import { DriftgateError } from '../errors.js';

/** Raw tokens of a patch path. Throws 'patch.conflict' on a malformed pointer. */
export function patchTokens(path: string, opIndex = 0): string[] {
  let p = path;
  if (p.startsWith('#')) {
    p = p.slice(1);
    if (p.includes('%')) {
      try {
        p = decodeURIComponent(p);
      } catch {
        // keep it raw: a literal '%' in a key
      }
    }
  }
  if (p === '') return [];
  if (!p.startsWith('/')) {
    throw new DriftgateError('patch.conflict', `op ${opIndex}: '${path}' is not a JSON pointer`, {
      pointer: path,
    });
  }
  return p
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `/a/b~1c` from raw tokens (the RFC 6902 spelling; no leading `#`). */
export function patchPath(tokens: readonly (string | number)[]): string {
  let out = '';
  for (const t of tokens) out += `/${String(t).replace(/~/g, '~0').replace(/\//g, '~1')}`;
  return out;
}

/** An array index token: `0` or a number without leading zeros. */
export function isIndexToken(t: string): boolean {
  return /^(0|[1-9]\d*)$/.test(t);
}
