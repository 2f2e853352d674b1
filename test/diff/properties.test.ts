// Property tests (fast-check): a spec diffed against itself has no changes (generated specs and every
// oasdiff corpus file); diff(a, b) and diff(b, a) mirror each other for the symmetric checks.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { loadSpec, loadSpecText } from '../../src/adapters/spec-source.js';
import { diffSpecs } from '../../src/core/diff/index.js';
import type { Change } from '../../src/core/findings.js';
import { OASDIFF_DIR } from './oasdiff-cases.js';

const OPTIONS = { today: '2026-01-01' };

const OPS = [
  ['get', '/a'],
  ['post', '/a'],
  ['get', '/b'],
  ['get', '/c/{id}'],
] as const;
const PARAMS = [
  { name: 'q', in: 'query' },
  { name: 'h', in: 'header' },
  { name: 'c', in: 'cookie' },
] as const;
const STATUSES = ['200', '201', '404'] as const;
const PROPS = ['x', 'y', 'z'] as const;
const VALUES = ['A', 'B', 'C'] as const;
const MEDIA = ['application/json', 'application/xml'] as const;

const subset = <T>(items: readonly T[]) => fc.subarray([...items]);

/** A small OpenAPI 3.0 document built from random choices. */
const arbSpec = fc
  .record({
    ops: fc.subarray([...OPS.keys()], { minLength: 1 }),
    params: subset(PARAMS),
    statuses: subset(STATUSES),
    media: subset(MEDIA),
    props: subset(PROPS),
    enums: fc.array(subset(VALUES), { minLength: 3, maxLength: 3 }),
    requestEnum: subset(VALUES),
  })
  .map((r) => {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const i of r.ops) {
      const [method, path] = OPS[i]!;
      const parameters: unknown[] = r.params.map((p) => ({ ...p, schema: { type: 'string' } }));
      if (path.includes('{id}'))
        parameters.push({ name: 'id', in: 'path', required: true, schema: { type: 'string' } });
      const properties = Object.fromEntries(
        r.props.map((p, k) => [
          p,
          r.enums[k]!.length > 0 ? { type: 'string', enum: r.enums[k] } : { type: 'string' },
        ]),
      );
      const responses = Object.fromEntries(
        r.statuses.map((s) => [
          s,
          {
            description: 'r',
            content: Object.fromEntries(r.media.map((m) => [m, { schema: { type: 'object', properties } }])),
          },
        ]),
      );
      const op: Record<string, unknown> = {
        parameters,
        responses: { ...responses, default: { description: 'd' } },
      };
      if (method === 'post' && r.requestEnum.length > 0) {
        op.requestBody = {
          content: {
            'application/json': {
              schema: { type: 'object', properties: { kind: { type: 'string', enum: r.requestEnum } } },
            },
          },
        };
      }
      paths[path] ??= {};
      paths[path][method] = op;
    }
    return JSON.stringify({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths });
  });

/** Checks whose reverse is another check with base and revision swapped. */
const MIRROR: Readonly<Record<string, readonly string[]>> = {
  'endpoint-added': ['api-path-removed-without-deprecation', 'api-removed-without-deprecation'],
  'new-optional-request-parameter': ['request-parameter-removed'],
  'response-success-status-added': ['response-success-status-removed'],
  'response-non-success-status-added': ['response-non-success-status-removed'],
  'response-media-type-added': ['response-media-type-removed'],
  'response-optional-property-added': ['response-optional-property-removed'],
  'response-property-enum-value-added': ['response-property-enum-value-removed'],
  'request-property-enum-value-added': ['request-property-enum-value-removed'],
};
for (const [added, removed] of Object.entries(MIRROR)) {
  for (const r of removed) (MIRROR as Record<string, string[]>)[r] = [added];
}

function mirrorKey(c: Change, swap: boolean): string {
  const loc = swap ? [c.location.revision, c.location.base] : [c.location.base, c.location.revision];
  return `${c.operation} ${loc[0]} ${loc[1]}`;
}

describe('diff properties', () => {
  test('diff(a, a) is empty for generated specs', () => {
    fc.assert(
      fc.property(arbSpec, (text) => {
        const doc = loadSpecText(text);
        expect(diffSpecs(doc, loadSpecText(text), OPTIONS).changes).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  test('diff(a, b) and diff(b, a) mirror each other for added/removed checks', () => {
    fc.assert(
      fc.property(arbSpec, arbSpec, (ta, tb) => {
        const a = loadSpecText(ta);
        const b = loadSpecText(tb);
        const forward = diffSpecs(a, b, OPTIONS).changes.filter((c) => MIRROR[c.id]);
        const backward = diffSpecs(b, a, OPTIONS).changes.filter((c) => MIRROR[c.id]);
        const back = new Map<string, string[]>();
        for (const c of backward)
          back.set(mirrorKey(c, true), [...(back.get(mirrorKey(c, true)) ?? []), c.id]);
        for (const c of forward) {
          const ids = back.get(mirrorKey(c, false)) ?? [];
          expect(
            ids.some((id) => MIRROR[c.id]!.includes(id)),
            `${c.id} ${mirrorKey(c, false)}`,
          ).toBe(true);
        }
        expect(backward.length).toBe(forward.length);
      }),
      { numRuns: 150 },
    );
  });

  test('diff(a, a) is empty for every spec in the oasdiff corpus', async () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(ya?ml|json)$/.test(f)) files.push(p);
      }
    };
    walk(join(OASDIFF_DIR, 'data'));
    let checked = 0;
    for (const file of files.sort()) {
      let doc: Awaited<ReturnType<typeof loadSpec>>;
      try {
        doc = await loadSpec(file);
      } catch {
        continue; // fragments and deliberately broken files
      }
      expect(diffSpecs(doc, doc, OPTIONS).changes, file).toEqual([]);
      checked++;
    }
    console.log(`diff(a, a) empty for ${checked} of ${files.length} oasdiff corpus files`);
    expect(checked).toBeGreaterThan(300);
  });
});
