// POST /api/v1/drift/gitops/generate-pr through the server: a spec version registered through the API
// removes an endpoint, the incident carries the diff as a patch, and the PR branch pushed to a real bare
// git repository (provider `git`) has the repository's spec fixed in place.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRemote, type Remote } from '../gitops/repo.js';
import { TARGETS } from '../storage/targets.js';
import { specVersion, startTestServer, type TestServer } from './harness.js';

describe('generate-pr through the server (provider git, real bare repository)', () => {
  let remote: Remote;
  let t: TestServer;
  beforeAll(async () => {
    remote = await makeRemote({ 'specs/svc.json': `${JSON.stringify(specVersion(1), null, 2)}\n` });
    t = await startTestServer(TARGETS[0]!, {
      config: `
drift_budget:
  gitops:
    enabled: true
    provider: git
    clone_url: ${remote.url}
    openapi_spec_dir: specs
    spec_file: svc.json
    branch_prefix: driftgate/fix
`,
      env: { DRIFTGATE_DATA_DIR: remote.root },
    });
  });
  afterAll(async () => {
    await t?.close();
    await remote?.cleanup();
  });

  it('opens one branch with the spec patched, then reports unchanged on a re-run', async () => {
    for (const v of [1, 2] as const) {
      const r = await t.call('POST', '/api/v1/drift/specs', {
        body: { workspace_id: 'w1', spec: specVersion(v) },
      });
      expect(r.status).toBe(201);
    }
    const incidents = (await t.call('GET', '/api/v1/drift/incidents?workspace_id=w1')).body.incidents;
    expect(incidents.map((i: { method: string; endpoint: string }) => `${i.method} ${i.endpoint}`)).toEqual([
      'GET /b',
    ]);
    expect(incidents[0].details.patch).toEqual([{ op: 'remove', path: '#/paths/~1b/get' }]);

    const pr = await t.call('POST', '/api/v1/drift/gitops/generate-pr', {
      body: { status: 'open', workspace_id: 'w1' },
    });
    expect(pr.status).toBe(201);
    expect(pr.body.outcome).toBe('opened');
    expect(pr.body.branch).toMatch(/^driftgate\/fix\//);
    const pushed = JSON.parse(await remote.show(pr.body.branch, 'specs/svc.json'));
    expect(pushed.paths).toEqual({ '/a': (specVersion(1).paths as Record<string, unknown>)['/a'], '/b': {} });
    const linked = await t.call('GET', `/api/v1/drift/incidents/${incidents[0].id}`);
    expect(linked.body.pr_url).toEqual(expect.any(String));

    const again = await t.call('POST', '/api/v1/drift/gitops/generate-pr', {
      body: { incident_ids: [incidents[0].id] },
    });
    expect(again.status).toBe(200);
    expect(again.body.outcome).toBe('unchanged');
  });
});
