// Appending tokens to JSON pointers on the diff's hot path: most tokens need no escaping (RFC 6901 §3).

export function childPointer(base: string, ...tokens: readonly (string | number)[]): string {
  let out = base;
  for (const t of tokens) {
    const s = typeof t === 'number' ? String(t) : t;
    out += s.includes('~') || s.includes('/') ? `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}` : `/${s}`;
  }
  return out;
}
