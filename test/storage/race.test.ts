// Two server processes racing on the same drift create exactly one incident (PRODUCT.md "Incidents":
// dedup must hold with several instances on one database). Real separate Node processes, real databases.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreLocation } from './targets.js';
import { TARGETS } from './targets.js';

const run = promisify(execFile);
const WORKER = fileURLToPath(new URL('./race-worker.ts', import.meta.url));
const PER_PROCESS = 40;

for (const target of TARGETS) {
  describe.skipIf(target.skipReason !== null)(`two processes, one ${target.name}`, () => {
    let loc: StoreLocation;
    beforeAll(async () => {
      loc = await target.fresh();
    });
    afterAll(async () => {
      await loc?.cleanup();
    });

    it('migrate at once and race on one fingerprint: exactly one incident, every occurrence counted', async () => {
      // Both processes open (and migrate) the fresh store concurrently, then start writing together.
      const startAt = String(Date.now() + 2500);
      const args = [loc.url, loc.dataDir, loc.schema ?? '', String(PER_PROCESS), startAt];
      const outs = await Promise.all(
        [0, 1].map(() => run(process.execPath, ['--import', 'tsx', WORKER, ...args], { timeout: 60_000 })),
      );
      const created = outs.map((o) => (JSON.parse(o.stdout) as { created: number }).created);
      expect(created[0]! + created[1]!).toBe(1);

      const store = await loc.open();
      try {
        const page = await store.incidents.list({ endpoint: '/api/users' }, { limit: 100 });
        expect(page.total).toBe(1);
        const incident = page.items[0]!;
        expect(incident.occurrences).toBe(2 * PER_PROCESS);
        const full = await store.incidents.get(incident.id);
        expect(full?.timeline.length).toBe(2 * PER_PROCESS);
        expect(full?.timeline.map((e) => e.kind).filter((k) => k === 'created')).toEqual(['created']);
      } finally {
        await store.close();
      }
    });
  });
}
