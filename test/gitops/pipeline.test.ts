// The analyzer's own corrections, end to end: traffic -> analyzeTraffic (mismatches + RFC 6902
// corrections) -> incidents carrying `correctionsForOperation(...)` and an observed exchange (what the
// pipeline must store) -> generatePr -> the pushed spec validates the same traffic with zero mismatches.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gitopsAdapters } from '../../src/adapters/git/from-config.js';
import { loadSpecText } from '../../src/adapters/spec-source.js';
import { analyzeTraffic } from '../../src/app/analyze-traffic.js';
import { correctionsForOperation } from '../../src/core/gitops/corrections.js';
import type { Exchange } from '../../src/core/traffic/exchange.js';
import { makeRemote, type Remote } from './repo.js';
import {
  AT,
  type Harness,
  harness,
  OBSERVED_GET_404,
  OBSERVED_POST,
  REPO_FILES,
  SPEC_YAML,
} from './scenario.js';

let remote: Remote;
let h: Harness;
beforeEach(async () => {
  remote = await makeRemote(REPO_FILES);
  h = await harness();
});
afterEach(async () => {
  await h.cleanup();
  await remote.cleanup();
});

const traffic: Exchange[] = [
  ...Array.from({ length: 6 }, (_, i) => ({ ...OBSERVED_POST, id: `post-${i}` })),
  ...Array.from({ length: 6 }, (_, i) => ({ ...OBSERVED_GET_404, id: `get-${i}` })),
];

describe('analyzer corrections through GitOps', () => {
  it('opens a PR whose spec no longer disagrees with the traffic', async () => {
    const before = await analyzeTraffic(loadSpecText(SPEC_YAML, 'specs/users.yaml'), traffic);
    expect(before.mismatches.map((m) => `${m.method} ${m.path} ${m.type} ${m.location}`).sort()).toEqual([
      'GET /api/users/{id} undocumented_status /status',
      'POST /api/users unexpected_field /body/nickname',
    ]);
    expect(before.corrections.length).toBeGreaterThanOrEqual(2);

    const ids: string[] = [];
    for (const [operation, sample] of [
      ['POST /api/users', OBSERVED_POST],
      ['GET /api/users/{id}', OBSERVED_GET_404],
    ] as const) {
      const [method, endpoint] = operation.split(' ') as [string, string];
      const { incident } = await h.store.incidents.recordOccurrence({
        fingerprint: `inc_${operation}`,
        workspace_id: 'w1',
        service: 'users',
        endpoint,
        method,
        incident_type: 'threshold_exceeded',
        severity: 'medium',
        details: { corrections: correctionsForOperation(before.corrections, operation) },
        budget_id: null,
        sync_cycle_id: null,
        contract_diff_id: null,
        before_sample: null,
        after_sample: { finding: 'f', location: '/body', value: sample },
        occurrences: 6,
        at: AT,
        actor: 'test',
      });
      ids.push(incident.id);
    }

    const base = h.deps({ provider: 'git', clone_url: remote.url }, null as never, null as never);
    const deps = {
      ...base,
      ...gitopsAdapters({ gitops: base.gitops, env: {}, dataDir: h.dataDir, tmpDir: join(h.dataDir, 'tmp') }),
    };
    const result = await h.run(deps, { incident_ids: ids });
    expect(result.outcome).toBe('opened');
    expect(result.body).toContain(
      'no reported drift remains in the 2 sample exchanges (2 mismatches resolved)',
    );

    const pushed = await remote.show(result.branch!, 'specs/users.yaml');
    expect(pushed.startsWith('# Users API - edited by hand; driftgate must keep these comments.\n')).toBe(
      true,
    );
    expect(pushed).toContain('operationId: createUser # keep this id stable');
    const after = await analyzeTraffic(loadSpecText(pushed, 'specs/users.yaml'), traffic);
    expect(after.mismatches).toEqual([]);
  });
});
