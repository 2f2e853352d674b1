// One fixture file per operation template, status and response shape (docs/sync.md "Fixtures"): the first
// shape seen for a status is `<status>.json` (THE GitOps layout, src/core/gitops/fixtures.ts); every further
// shape of the same status is `<status>~<shape-hash>.json` beside it.
import { stableHash } from '../findings.js';
import { fixturePath } from '../gitops/fixtures.js';
import { shapeOf, shapeSignature } from './shape.js';

/** 16 hex digits identifying the shape of a response (status excluded; body shape and content type). */
export function responseShapeHash(response: {
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly bodyText?: string;
}): string {
  let ct = '';
  for (const [k, v] of Object.entries(response.headers)) {
    if (k.toLowerCase() === 'content-type') ct = v.split(';')[0]!.trim().toLowerCase();
  }
  const body =
    response.body !== undefined
      ? shapeSignature(shapeOf(response.body))
      : response.bodyText
        ? 'text'
        : 'none';
  return stableHash(`${ct}\u0000${body}`);
}

/** `<dir>/<method>/<slug>/<status>.json` (primary) or `<dir>/<method>/<slug>/<status>~<hash>.json`. */
export function fixtureVariantPath(
  fixturesDir: string,
  method: string,
  template: string,
  status: number,
  shapeHash: string | null,
): string {
  const primary = fixturePath(fixturesDir, method, template, status);
  return shapeHash === null ? primary : primary.replace(/\.json$/, `~${shapeHash}.json`);
}

/** Parses a fixture file name: `200.json` → {status 200, hash null}; `200~ab12.json` → hash `ab12`. */
export function parseFixtureName(name: string): { status: number; shapeHash: string | null } | null {
  const m = /^(\d{3})(?:~([0-9a-f]{1,64}))?\.json$/.exec(name);
  if (!m) return null;
  return { status: Number(m[1]), shapeHash: m[2] ?? null };
}
