import { describe, expect, it } from 'vitest';
import type { GitopsIncident } from './change-set.js';
import { planChangeSet } from './change-set.js';
import { correctionsForOperation, incidentOperations, operationsFromChanges } from './corrections.js';

function incident(over: Partial<GitopsIncident> & { id: string }): GitopsIncident {
  return {
    fingerprint: `inc_${over.id}`,
    method: 'POST',
    endpoint: '/api/users',
    incident_type: 'breaking_change',
    severity: 'critical',
    workspace_id: 'w',
    details: {},
    before_sample: null,
    after_sample: null,
    last_seen: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

const addNickname = {
  op: 'add',
  path: '#/components/schemas/User/properties/nickname',
  value: { type: 'string' },
};

describe('incidentOperations', () => {
  it('reads analyzer corrections', () => {
    const ops = incidentOperations(
      incident({ id: 'a', details: { corrections: [{ patch: [addNickname], reason: 'seen in 12 of 12' }] } }),
    );
    expect(ops).toEqual({
      ops: [addNickname],
      origin: 'corrections',
      problems: [],
      reasons: ['seen in 12 of 12'],
    });
  });

  it('reports malformed stored operations instead of guessing', () => {
    const ops = incidentOperations(
      incident({
        id: 'a',
        details: {
          corrections: [
            {
              patch: [
                { op: 'add', path: '/x' },
                { op: 'frob', path: '/y' },
              ],
            },
          ],
        },
      }),
    );
    expect(ops.ops).toEqual([]);
    expect(ops.problems).toEqual([
      "details.corrections[0].patch[0] 'add' has no 'value'",
      'details.corrections[0].patch[1] has an unknown op "frob"',
    ]);
  });

  it('derives spec-vs-spec operations from the base and revision fragments', () => {
    const loc = '#/paths/~1api~1users/post/responses/201';
    expect(
      incidentOperations(
        incident({
          id: 'a',
          before_sample: { finding: 'f', location: loc, value: { description: 'old' } },
          after_sample: { finding: 'f', location: loc, value: { description: 'new' } },
        }),
      ).ops,
    ).toEqual([{ op: 'replace', path: loc, value: { description: 'new' } }]);
    expect(
      incidentOperations(
        incident({
          id: 'a',
          before_sample: { finding: 'f', location: loc, value: { description: 'old' } },
          after_sample: { finding: 'f', location: loc, value: null },
        }),
      ).ops,
    ).toEqual([{ op: 'remove', path: loc }]);
  });

  it('builds a whole-spec patch from diff changes, removals last', () => {
    expect(
      operationsFromChanges([
        {
          id: 'x',
          level: 'breaking',
          operation: null,
          location: { base: '#/a/0', revision: null },
          message: '',
          before: 1,
          after: null,
        },
        {
          id: 'x',
          level: 'breaking',
          operation: null,
          location: { base: '#/a/2', revision: null },
          message: '',
          before: 1,
          after: null,
        },
        {
          id: 'y',
          level: 'non_breaking',
          operation: null,
          location: { base: null, revision: '#/b' },
          message: '',
          before: null,
          after: 2,
        },
      ]),
    ).toEqual([
      { op: 'add', path: '#/b', value: 2 },
      { op: 'remove', path: '#/a/2' },
      { op: 'remove', path: '#/a/0' },
    ]);
  });
});

describe('correctionsForOperation', () => {
  it('keeps the corrections of one operation', () => {
    const cs = [
      { operation: 'GET /a', n: 1 },
      { operation: null, n: 2 },
      { operation: 'GET /a', n: 3 },
    ];
    expect(correctionsForOperation(cs, 'GET /a').map((c) => c.n)).toEqual([1, 3]);
  });
});

describe('planChangeSet', () => {
  const exchange = (status: number, body: unknown) => ({
    finding: 'f',
    location: '/body',
    value: {
      request: { method: 'POST', url: '/api/users', headers: {} },
      response: { status, headers: {}, body },
    },
  });

  it('dedupes operations across incidents and remembers who asked', () => {
    const plan = planChangeSet(
      [
        incident({ id: 'b', endpoint: '/api/users/{id}', method: 'GET', details: { patch: [addNickname] } }),
        incident({
          id: 'a',
          details: { corrections: [{ patch: [addNickname] }] },
          after_sample: exchange(201, { id: 1 }),
        }),
      ],
      { updateSpec: true, fixturesDir: 'fixtures' },
    );
    expect(plan.operations).toEqual([{ op: addNickname, incident_ids: ['a', 'b'] }]);
    expect(plan.fixtures.map((f) => [f.path, f.incident_id, f.status])).toEqual([
      ['fixtures/post/api__users/201.json', 'a', 201],
    ]);
    expect(plan.incidents.map((i) => [i.incident_id, i.origin, i.operations, i.fixture])).toEqual([
      ['a', 'corrections', 1, 'fixtures/post/api__users/201.json'],
      ['b', 'patch', 1, null],
    ]);
  });

  it('lets the newest incident win a fixture and honours the switches', () => {
    const older = incident({
      id: 'a',
      after_sample: exchange(200, { v: 1 }),
      last_seen: '2026-01-01T00:00:00.000Z',
    });
    const newer = incident({
      id: 'b',
      after_sample: exchange(200, { v: 2 }),
      last_seen: '2026-01-02T00:00:00.000Z',
    });
    expect(
      planChangeSet([newer, older], { updateSpec: true, fixturesDir: 'f' }).fixtures[0]?.incident_id,
    ).toBe('b');
    const off = planChangeSet(
      [incident({ id: 'a', details: { patch: [addNickname] }, after_sample: exchange(200, {}) })],
      {
        updateSpec: false,
        fixturesDir: null,
      },
    );
    expect([off.operations, off.fixtures]).toEqual([[], []]);
  });
});
