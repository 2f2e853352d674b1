// The DriftHistory contract suite against every implementation: in-memory, SQLite file, PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/adapters/storage/open-store.js';
import { dropPostgresSchema } from '../../src/adapters/storage/postgres/open.js';
import { createMemoryDriftHistory } from '../../src/app/check-memory-history.js';
import { describeDriftHistoryContract } from './drift-history.contract.js';

describeDriftHistoryContract('in-memory', async () => ({
  history: createMemoryDriftHistory(),
  close: async () => {},
}));

describeDriftHistoryContract('SQLite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'driftgate-history-'));
  const store = await openStore({ url: `sqlite:${join(dir, 'h.db')}`, dataDir: dir });
  return {
    history: store.history,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

const pgUrl = process.env.TEST_DATABASE_URL;
if (pgUrl) {
  describeDriftHistoryContract('PostgreSQL', async () => {
    const schema = `t_hist_${Math.random().toString(36).slice(2, 10)}`;
    const store = await openStore({ url: pgUrl, dataDir: tmpdir(), schema });
    return {
      history: store.history,
      close: async () => {
        await store.close();
        await dropPostgresSchema(pgUrl, schema);
      },
    };
  });
} else if (process.env.DRIFTGATE_REQUIRE_PG === '1') {
  throw new Error('DRIFTGATE_REQUIRE_PG=1 but TEST_DATABASE_URL is unset');
} else {
  console.log('DriftHistory PostgreSQL contract skipped: TEST_DATABASE_URL is unset');
}
