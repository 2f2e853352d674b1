// The GitOps write-back on both stores (SQLite always; PostgreSQL when TEST_DATABASE_URL is set): PR
// record per fingerprint set, pr_url + pr_linked on every incident, exactly one pr.opened in the outbox
// across re-runs.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gitopsAdapters } from '../../src/adapters/git/from-config.js';
import { type StoreLocation, TARGETS } from '../storage/targets.js';
import { makeRemote, type Remote } from './repo.js';
import { type Harness, harness, REPO_FILES } from './scenario.js';

for (const target of TARGETS) {
  describe.skipIf(target.skipReason !== null)(`GitOps write-back on ${target.name}`, () => {
    let loc: StoreLocation;
    let remote: Remote;
    let h: Harness;
    beforeEach(async () => {
      loc = await target.fresh();
      remote = await makeRemote(REPO_FILES);
      h = await harness(() => loc.open());
    });
    afterEach(async () => {
      await h.cleanup();
      await loc.cleanup();
      await remote.cleanup();
    });

    it('links every incident once and emits one pr.opened over two runs', async () => {
      const a = await h.incident('nickname');
      const b = await h.incident('not_found');
      const base = h.deps({ provider: 'git', clone_url: remote.url }, null as never, null as never);
      const deps = {
        ...base,
        ...gitopsAdapters({
          gitops: base.gitops,
          env: {},
          dataDir: h.dataDir,
          tmpDir: join(h.dataDir, 'tmp'),
        }),
      };
      const first = await h.run(deps, { status: 'open', workspace_id: 'w1' });
      const second = await h.run(deps, { incident_ids: [b.id, a.id] });
      expect([first.outcome, second.outcome]).toEqual(['opened', 'unchanged']);
      expect(second.fingerprint_set_hash).toBe(first.fingerprint_set_hash);
      const record = await h.store.pullRequests.findOpen(first.fingerprint_set_hash!);
      expect(record).toMatchObject({
        id: first.pr!.record_id,
        provider: 'git',
        url: first.pr!.url,
        branch: first.branch,
        state: 'open',
        workspace_id: 'w1',
      });
      expect([...(record?.incident_ids ?? [])].sort()).toEqual([a.id, b.id].sort());
      expect(second.pr?.record_id).toBe(first.pr!.record_id);
      for (const id of [a.id, b.id]) {
        const incident = await h.store.incidents.get(id);
        expect(incident?.pr_url).toBe(first.pr!.url);
        expect(incident?.timeline.map((e) => e.kind)).toEqual(['created', 'pr_linked', 'updated']);
      }
      const events = await h.store.outbox.list({ event_type: 'pr.opened' });
      expect(events.map((e) => e.target)).toEqual(['*']);
    });
  });
}
