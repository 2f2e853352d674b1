import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildApiDocument, parseSpecText } from '../openapi/index.js';
import { applyPatchToText } from '../spec-patch/apply-text.js';
import { applyPatch } from '../spec-patch/apply-value.js';
import { proposeCorrections } from './corrections.js';
import type { AggregatedMismatch, Mismatch } from './mismatch.js';

const text = `openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/A'}
components:
  schemas:
    A:
      type: object
      required: [p, q, r, s]
      properties:
        p: {type: integer, format: int32}
        q: {type: string, enum: [x]}
        r:
          type: string
          format: date
        s: {type: boolean}
    B:
      type: object
`;
const A = '#/components/schemas/A';
const B = '#/components/schemas/B';

function m(
  over: Partial<Mismatch> & Pick<Mismatch, 'type' | 'location' | 'specLocation'>,
): AggregatedMismatch {
  return {
    direction: 'response',
    severity: 'medium',
    method: 'GET',
    path: '/a',
    status: 200,
    expected: null,
    observed: null,
    message: 'm',
    level: 'non_breaking',
    count: 3,
    firstSeen: null,
    lastSeen: null,
    sampleExchangeIds: [],
    ...over,
  };
}

// Mismatches that all land on the same two components, so their corrections interact.
const pool: AggregatedMismatch[] = [
  ...['p', 'q', 'r', 's'].map((n) =>
    m({ type: 'missing_required_field', location: `/body/${n}`, specLocation: A, expected: { required: n } }),
  ),
  ...['u', 'v'].map((n) =>
    m({ type: 'unexpected_field', location: `/body/${n}`, specLocation: A, observed: 1 }),
  ),
  ...['u', 'v', 'w'].map((n) =>
    m({ type: 'unexpected_field', location: `/body/${n}`, specLocation: B, observed: 'x' }),
  ),
  m({
    type: 'type_mismatch',
    location: '/body/p',
    specLocation: `${A}/properties/p`,
    observed: { type: 'number' },
  }),
  m({
    type: 'type_mismatch',
    location: '/body/q',
    specLocation: `${A}/properties/q`,
    observed: { type: 'integer' },
  }),
  m({
    type: 'nullability_violation',
    location: '/body/q',
    specLocation: `${A}/properties/q`,
    observed: { type: 'null' },
  }),
  m({ type: 'enum_violation', location: '/body/q', specLocation: `${A}/properties/q`, observed: 'y' }),
  m({ type: 'format_mismatch', location: '/body/r', specLocation: `${A}/properties/r`, observed: 'z' }),
  m({ type: 'type_mismatch', location: '/body', specLocation: A, observed: { type: 'string' } }),
  m({
    type: 'undocumented_status',
    location: '/status',
    specLocation: '#/paths/~1a/get/responses',
    status: 404,
    observed: 404,
  }),
];

describe('any combination of corrections applies cleanly, in order, to the value and the text', () => {
  const spec = buildApiDocument('t.yaml', new Map([['t.yaml', parseSpecText(text, 't.yaml')]]));
  it('random subsets in random order', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(pool, { minLength: 1 }), (ms) => {
        const corrections = proposeCorrections(spec, ms);
        const patch = corrections.flatMap((c) => c.patch);
        const value = applyPatch(spec.root, patch);
        const out = applyPatchToText(text, patch);
        expect(out.value).toEqual(value);
        expect(parseSpecText(out.text, 't.yaml')).toEqual(value);
        // The patched document still loads as OpenAPI.
        buildApiDocument('t.yaml', new Map([['t.yaml', value]]));
      }),
      { numRuns: 30, seed: 7 },
    );
  });
});
