// THE fixture layout (docs/gitops.md "Fixture layout"), shared by the GitOps PR and the recording proxy:
//   <fixtures_dir>/<method>/<path-slug>/<status>.json
// method lower case; path-slug the OpenAPI path template, segments joined by `__`; status the response
// status code (or `default`). The file is one exchange, pretty JSON: {"request": {...}, "response": {...}}.
import type { ExchangeRequest, ExchangeResponse } from '../traffic/exchange.js';

const SAFE = /[A-Za-z0-9.{}_-]/;

function encodeSegment(segment: string): string {
  if (segment === '') return '%';
  let out = '';
  const chars = [...segment];
  chars.forEach((ch, i) => {
    const underscoreIsAmbiguous =
      ch === '_' && (i === 0 || i === chars.length - 1 || chars[i - 1] === '_' || chars[i + 1] === '_');
    // A leading '.' would hide the directory; a dots-only segment would walk the tree.
    const dotIsUnsafe = ch === '.' && (i === 0 || /^\.+$/.test(segment));
    if (SAFE.test(ch) && !underscoreIsAmbiguous && !dotIsUnsafe) out += ch;
    else
      out += [...new TextEncoder().encode(ch)]
        .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
        .join('');
  });
  return out;
}

/**
 * `/api/users/{id}` -> `api__users__{id}`; `/` -> `_root`. Reversible: inside a segment an `_` next to
 * another `_` or at either end, a leading `.`, and every character outside [A-Za-z0-9._{}-], is percent-encoded, so `__`
 * only ever separates segments. A trailing slash is dropped.
 */
export function pathSlug(template: string): string {
  const trimmed = template.replace(/^\/+/, '').replace(/\/+$/, '');
  if (trimmed === '') return '_root';
  return trimmed.split('/').map(encodeSegment).join('__');
}

/** Inverse of `pathSlug`. */
export function templateOfSlug(slug: string): string {
  if (slug === '_root') return '/';
  return `/${slug
    .split('__')
    .map((s) => (s === '%' ? '' : decodeURIComponent(s)))
    .join('/')}`;
}

/** Repository-relative path (POSIX) of the fixture for one operation and status. */
export function fixturePath(
  fixturesDir: string,
  method: string,
  template: string,
  status: number | 'default',
): string {
  const dir = fixturesDir.replace(/\/+$/, '').replace(/^\.\//, '');
  return `${dir === '' ? '' : `${dir}/`}${method.toLowerCase()}/${pathSlug(template)}/${status}.json`;
}

/** The content of a fixture file. `request` is kept from the recorded fixture when a sample has none. */
export interface FixtureFile {
  readonly request?: ExchangeRequest;
  readonly response: ExchangeResponse;
}

/**
 * The new fixture text: the new response, with the request from the sample, else from the existing
 * fixture (so the recording proxy's request stays replayable). Pretty JSON, 2 spaces, trailing newline.
 */
export function renderFixture(
  sample: { readonly request?: ExchangeRequest; readonly response: ExchangeResponse },
  existingText: string | null,
): string {
  let request = sample.request;
  if (request === undefined && existingText !== null) {
    try {
      const existing = JSON.parse(existingText) as { request?: ExchangeRequest };
      if (existing && typeof existing === 'object' && existing.request) request = existing.request;
    } catch {
      // an unreadable fixture is replaced whole
    }
  }
  const file: FixtureFile =
    request === undefined ? { response: sample.response } : { request, response: sample.response };
  return `${JSON.stringify(file, null, 2)}\n`;
}
