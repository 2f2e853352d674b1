// Two server processes racing on the same drift create exactly one incident (PRODUCT.md "Incidents":
// dedup must hold with several instances on one database). Real separate Node processes, real databases.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreLocation } from './targets.js';
import { TARGETS } from './targets.js';

const WORKER = fileURLToPath(new URL('./race-worker.ts', import.meta.url));

/** Starts a worker; resolves `ready` when its store is open and `done` with its final stdout line. */
function startWorker(args: readonly string[]) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.startsWith('ready\n')) onReady();
  });
  const done = new Promise<string>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out.trim().split('\n').at(-1) ?? '') : reject(new Error(`worker exited ${code}`)),
    );
  });
  return { ready, done, go: () => child.stdin?.write('go\n') };
}

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
      // Both processes open (and migrate) the fresh store concurrently, then start writing on one signal.
      const args = [loc.url, loc.dataDir, loc.schema ?? '', String(PER_PROCESS)];
      const workers = [startWorker(args), startWorker(args)];
      await Promise.all(workers.map((w) => w.ready));
      for (const w of workers) w.go();
      const outs = await Promise.all(workers.map((w) => w.done));
      const created = outs.map((o) => (JSON.parse(o) as { created: number }).created);
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
