// `npm run bench:notify`: webhook deliveries per second through the outbox, 1 and 2 worker processes, on
// SQLite (a file) and PostgreSQL (--pg URL or TEST_DATABASE_URL), to a local receiver that answers 200 at
// once. The floor in the same run: plain HTTP POSTs from this process with the same concurrency and no
// database — the most any worker could reach on this machine. Prints a markdown table with the ratios.
// Usage: npm run bench:notify -- [--events N] [--pg postgres://...] [--no-pg]
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import { openStore } from '../src/adapters/storage/open-store.js';
import { dropPostgresSchema } from '../src/adapters/storage/postgres/open.js';
import { webhookId } from '../src/core/notifications/target.js';
import { spawnWorker, stopWorker } from '../test/notifications/spawn-worker.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '2000' },
    pg: { type: 'string' },
    'no-pg': { type: 'boolean', default: false },
  },
});
const EVENTS = Number(values.events);
const BATCH = 16;
const PG = values['no-pg'] ? '' : (values.pg ?? process.env.TEST_DATABASE_URL ?? '');

const seen = new Set<string>();
let onSeen: (() => void) | null = null;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const id = req.headers['x-driftgate-delivery'];
    if (typeof id === 'string') seen.add(id);
    res.writeHead(200).end('ok');
    onSeen?.();
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;

const target = {
  id: webhookId('generic', receiverUrl),
  kind: 'generic' as const,
  url: receiverUrl,
  enabled: true,
  events: ['incident.created' as const],
  headers: {},
  secret: 'bench-secret',
  minSeverity: null,
  workspaces: null,
  timeoutMs: 5_000,
  maxAttempts: 5,
  jira: null,
};

async function floor(): Promise<number> {
  const agent = new Agent({ connections: 32 });
  const body = JSON.stringify({ event: 'incident.created', data: { incident: { id: 'x'.repeat(36) } } });
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: BATCH }, async () => {
      while (next++ < EVENTS) {
        const r = await request(receiverUrl, {
          method: 'POST',
          body,
          dispatcher: agent,
          headers: { 'content-type': 'application/json' },
        });
        await r.body.text();
      }
    }),
  );
  const s = (performance.now() - started) / 1000;
  await agent.close();
  return EVENTS / s;
}

interface Db {
  readonly name: string;
  readonly where: { url: string; dataDir: string; schema?: string };
  cleanup(): Promise<void>;
}

function sqliteDb(): Db {
  const dataDir = mkdtempSync(join(tmpdir(), 'driftgate-bench-notify-'));
  return {
    name: 'SQLite',
    where: { url: '', dataDir },
    cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

function pgDb(): Db {
  const schema = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  return {
    name: 'PostgreSQL',
    where: { url: PG, dataDir: '', schema },
    cleanup: () => dropPostgresSchema(PG, schema),
  };
}

async function run(db: Db, workers: number): Promise<number> {
  const store = await openStore(db.where);
  const at = new Date().toISOString();
  const incident = {
    id: 'inc-bench',
    workspace_id: 'w',
    method: 'POST',
    endpoint: '/api/users',
    severity: 'high',
  };
  for (let i = 0; i < EVENTS; i += 500) {
    const rows = Array.from({ length: Math.min(500, EVENTS - i) }, () => {
      const id = randomUUID();
      return {
        event_id: id,
        event_type: 'incident.created' as const,
        // Each event its own incident id: no per-incident ordering between them.
        payload: {
          id,
          type: 'incident.created',
          occurred_at: at,
          data: { incident: { ...incident, id: `inc-${id}` }, escalated: false },
        },
        target: '*',
        at,
      };
    });
    await store.outbox.enqueue(rows);
  }
  await store.close();
  seen.clear();
  const children = await Promise.all(
    Array.from({ length: workers }, (_, i) =>
      spawnWorker({
        ...db.where,
        workerId: `bench-${i}`,
        targets: [target],
        leaseMs: 30_000,
        pollMs: 20,
        batchSize: BATCH,
        waitForGo: true,
      }),
    ),
  );
  const done = new Promise<void>((resolve) => {
    onSeen = () => {
      if (seen.size >= EVENTS) resolve();
    };
  });
  const started = performance.now();
  for (const c of children) c.stdin?.write('go\n');
  await done;
  const seconds = (performance.now() - started) / 1000;
  onSeen = null;
  await Promise.all(children.map((c) => stopWorker(c)));
  const check = await openStore(db.where);
  const delivered = (await check.outbox.list({ status: 'delivered' })).filter((r) => r.target !== '*').length;
  await check.close();
  if (delivered !== EVENTS)
    throw new Error(`${db.name}: ${delivered} deliveries recorded, expected ${EVENTS}`);
  return EVENTS / seconds;
}

const floorRate = await floor();
const rows: string[] = [];
const dbs = [sqliteDb, ...(PG ? [pgDb] : [])];
for (const make of dbs) {
  for (const workers of [1, 2]) {
    const db = make();
    try {
      const rate = await run(db, workers);
      rows.push(
        `| ${db.name} | ${workers} | ${EVENTS} | ${rate.toFixed(0)} | ${(rate / floorRate).toFixed(2)} |`,
      );
      console.error(rows.at(-1));
    } finally {
      await db.cleanup();
    }
  }
}
server.close();
console.log(
  `Webhook deliveries per second (${EVENTS} events, 1 webhook each, batch ${BATCH}, receiver answers 200 at once)\n`,
);
console.log('| database | worker processes | events | deliveries/s | vs floor |');
console.log('|---|---|---|---|---|');
console.log(rows.join('\n'));
console.log(`| floor: plain HTTP POSTs, no database | - | ${EVENTS} | ${floorRate.toFixed(0)} | 1.00 |`);
if (!PG) console.log('\n(PostgreSQL skipped: pass --pg URL or set TEST_DATABASE_URL)');
