// A separate process hammering one store with the same drift (used by race.test.ts).
// argv: url dataDir schema count. Prints `ready` once the store is open (migrated), waits for a line on
// stdin (the parent's "go", sent when every worker is ready), records, then prints `{"created": n}`.
import { once } from 'node:events';
import { openStore } from '../../src/adapters/storage/open-store.js';
import { occurrence } from './fixtures.js';

const [url = '', dataDir = '', schema = '', count = '50'] = process.argv.slice(2);
const store = await openStore({ url, dataDir, ...(schema ? { schema } : {}) });
process.stdout.write('ready\n');
await once(process.stdin, 'data');
let created = 0;
for (let i = 0; i < Number(count); i++) {
  const r = await store.incidents.recordOccurrence(
    occurrence({
      fingerprint: 'race-two-processes',
      at: new Date(Date.parse('2026-03-01T00:00:00Z') + i).toISOString(),
    }),
  );
  if (r.created) created++;
}
await store.close();
process.stdout.write(`${JSON.stringify({ created })}\n`);
process.stdin.destroy();
