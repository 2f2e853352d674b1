import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type PrBodyInput, renderCommitMessage, renderPrBody, renderPrTitle } from './pr-body.js';

const GOLDEN = new URL('../../test/gitops/golden/pr-body.golden.txt', import.meta.url);

const input: PrBodyInput = {
  incidents: [
    {
      id: 'inc-1',
      method: 'GET',
      endpoint: '/api/users/{id}',
      incident_type: 'threshold_exceeded',
      severity: 'medium',
      occurrences: 40,
      details: { counts: { breaking: 0, potentially_breaking: 1, non_breaking: 12 } },
    },
    {
      id: 'inc-2',
      method: 'POST',
      endpoint: '/api/users',
      incident_type: 'breaking_change',
      severity: 'critical',
      occurrences: 3,
      details: {},
    },
  ],
  specFile: 'specs/users.yaml',
  operations: [
    {
      op: { op: 'add', path: '#/components/schemas/User/properties/nickname', value: {} },
      incident_ids: ['inc-1', 'inc-2'],
    },
    { op: { op: 'move', from: '/a|b', path: '/c' }, incident_ids: ['inc-2'] },
  ],
  fixtures: ['fixtures/get/api__users__{id}/404.json'],
  verification: {
    spec: { openapi: '3.1.0', operations: 7 },
    drift: { exchanges: 2, remaining: ['GET /api/users/{id} type_mismatch /body/age'], resolved: 1 },
  },
  commands: [
    {
      name: 'regenerate_clients',
      command: null,
      exit_code: null,
      timed_out: false,
      skipped: 'no regenerate_clients_command configured',
      output_tail: '',
    },
    {
      name: 'run_tests',
      command: 'npm test',
      exit_code: null,
      timed_out: true,
      skipped: null,
      output_tail: 'a ``` fence\n',
    },
  ],
  fingerprintSetHash: '0123456789abcdef',
};

describe('PR title', () => {
  it('names the operation and type for one incident, summarises many', () => {
    expect(
      renderPrTitle([{ method: 'POST', endpoint: '/api/users', incident_type: 'breaking_change' }]),
    ).toBe('Fix drift: POST /api/users - breaking_change');
    expect(renderPrTitle(input.incidents)).toBe('Fix drift: 2 incidents across 2 endpoints');
    expect(renderPrTitle([input.incidents[0]!, { ...input.incidents[0]!, id: 'x' }])).toBe(
      'Fix drift: 2 incidents across 1 endpoint',
    );
  });
});

describe('PR body', () => {
  it('matches the golden body (seed sections, patch summary, checks, commands)', () => {
    const body = renderPrBody(input);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, body);
    expect(body).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('stays under the host limit with many incidents, saying how many were left out', () => {
    const many = Array.from({ length: 3000 }, (_, k) => ({
      ...input.incidents[1]!,
      id: `inc-${k}`,
      endpoint: `/r${k}`,
    }));
    const body = renderPrBody({
      ...input,
      incidents: many,
      fixtures: many.map((i) => `fixtures/post/r/${i.id}.json`),
    });
    expect(body.length).toBeLessThanOrEqual(60_000);
    expect(body).toContain('- **Total incidents**: 3000');
    expect(body).toContain('- … and 2800 more\n');
    expect(body).toContain('_… and 2800 more incidents (ids in the commit message)._');
    expect(body.endsWith('<!-- driftgate:fingerprint-set 0123456789abcdef -->\n')).toBe(true);
    const tiny = renderPrBody(input, 500);
    expect(tiny.length).toBe(500);
    expect(tiny).toContain('_(body shortened to 500 characters; the commit has every change)_');
  });

  it('writes a commit message with the fingerprint trailer', () => {
    expect(
      renderCommitMessage({
        title: 'Fix drift: POST /api/users - breaking_change',
        incidents: [input.incidents[1]!],
        specFile: 'specs/users.yaml',
        operations: 2,
        fixtures: ['a.json'],
        fingerprintSetHash: '0123456789abcdef',
      }),
    ).toBe(
      [
        'Fix drift: POST /api/users - breaking_change',
        '',
        'Apply 2 corrections to specs/users.yaml.',
        'Update 1 fixture file.',
        '',
        '- POST /api/users (incident inc-2)',
        '',
        'Driftgate-Fingerprint-Set: 0123456789abcdef',
        '',
      ].join('\n'),
    );
  });
});
