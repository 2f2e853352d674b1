// Choosing the documented response for a status (exact code, then `2XX`-style ranges, then `default`;
// OAS 3.1 §4.8.16) and the documented media type for a content-type (exact essence, `+json` suffix against
// `application/json`, `type/*`, `*/*`; parameters like charset are ignored; RFC 9110 §8.3.1).

type Obj = Record<string, unknown>;

/** `application/json; charset=utf-8` → `application/json`. */
export function mediaEssence(contentType: string): string {
  const semi = contentType.indexOf(';');
  return (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

export function isJsonMedia(essence: string): boolean {
  return (
    essence === 'application/json' ||
    essence.endsWith('+json') ||
    essence === '*/*' ||
    essence.endsWith('/json')
  );
}

/** The key of `content` that documents `contentType`, or null. Without a content-type: the only or first JSON key. */
export function selectMedia(content: Obj, contentType: string | undefined): string | null {
  const keys = Object.keys(content);
  if (keys.length === 0) return null;
  if (contentType === undefined || contentType.trim() === '') {
    return keys.find((k) => isJsonMedia(mediaEssence(k))) ?? keys[0] ?? null;
  }
  const essence = mediaEssence(contentType);
  const byEssence = new Map(keys.map((k) => [mediaEssence(k), k]));
  const exact = byEssence.get(essence);
  if (exact !== undefined) return exact;
  if (essence.endsWith('+json')) {
    const json = byEssence.get('application/json');
    if (json !== undefined) return json;
  }
  if (essence === 'application/json') {
    const suffixed = keys.filter((k) => mediaEssence(k).endsWith('+json'));
    if (suffixed.length === 1) return suffixed[0]!;
  }
  const slash = essence.indexOf('/');
  const wild = byEssence.get(`${essence.slice(0, slash)}/*`);
  if (wild !== undefined) return wild;
  return byEssence.get('*/*') ?? null;
}

/** The responses key documenting `status`: `404`, then `4XX`, then `default`; null when none. */
export function selectStatus(responses: Obj, status: number): string | null {
  const code = String(status);
  if (responses[code] !== undefined) return code;
  const range = `${code[0]}XX`;
  for (const k of Object.keys(responses)) if (k.toUpperCase() === range) return k;
  return responses.default !== undefined ? 'default' : null;
}
