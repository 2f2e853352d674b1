// bench:server: requests/s and latency of the real `driftgate serve` process under a load generator on
// loopback (autocannon): the filtered incident list and exchange ingestion, with 1 instance on SQLite,
// 1 instance on PostgreSQL, and 2 instances sharing one PostgreSQL. Prints a markdown table and the
// 2-vs-1 ratio. PostgreSQL from BENCH_DATABASE_URL or TEST_DATABASE_URL (a database is created and dropped).
// The load generator runs on the same 2 cores as the servers: the numbers are a floor, not a ceiling.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { openStore } from '../src/adapters/storage/open-store.js';

const BIN = new URL('../bin/driftgate.js', import.meta.url).pathname;
const EXAMPLE = new URL('../examples/quickstart/', import.meta.url);
const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? '';
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 20_000);

const specText = readFileSync(new URL('users-api.v2.yaml', EXAMPLE), 'utf8');
const traffic = readFileSync(new URL('traffic.jsonl', EXAMPLE), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));

interface Instance {
  readonly child: ChildProcess;
  readonly base: string;
}

function startInstance(env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'error', DRIFTGATE_INGEST_RATE_PER_MINUTE: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /serving on (http:\/\/\S+)/.exec(err);
      if (m) resolve({ child, base: m[1]! });
    });
    child.once('exit', (c) => reject(new Error(`serve exited ${c}: ${err}`)));
  });
}

async function stopInstance(i: Instance): Promise<void> {
  const done = new Promise((r) => i.child.once('exit', r));
  i.child.kill('SIGTERM');
  await done;
}

/** Seeds a store: the example contract and INCIDENTS incidents spread over 200 endpoints. */
async function seed(url: string | undefined, dataDir: string): Promise<void> {
  const store = await openStore({ url, dataDir });
  const t0 = Date.parse('2026-10-01T00:00:00Z');
  for (let i = 0; i < INCIDENTS; i++) {
    await store.incidents.recordOccurrence({
      fingerprint: `bench-${i}`,
      workspace_id: 'bench',
      service: 'users-api',
      endpoint: `/api/r${i % 200}/{id}`,
      method: i % 3 === 0 ? 'POST' : 'GET',
      incident_type: i % 4 === 0 ? 'breaking_change' : 'threshold_exceeded',
      severity: (['critical', 'high', 'medium', 'low'] as const)[i % 4]!,
      details: { i },
      budget_id: 'default',
      sync_cycle_id: null,
      contract_diff_id: null,
      before_sample: { type: 'string' },
      after_sample: { type: 'integer' },
      occurrences: 1,
      at: new Date(t0 + i * 60_000).toISOString(),
      actor: 'bench',
    });
  }
  await store.close();
}

interface Load {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly non2xx: number;
}

async function load(bases: readonly string[], scenario: 'list' | 'ingest'): Promise<Load> {
  const runs = await Promise.all(
    bases.map((base) =>
      autocannon({
        url: base,
        connections: Math.max(1, Math.floor(CONNECTIONS / bases.length)),
        duration: DURATION,
        requests: [
          scenario === 'list'
            ? {
                method: 'GET',
                path: '/api/v1/drift/incidents?workspace_id=bench&status=open&severity=high,critical&limit=50',
              }
            : {
                method: 'POST',
                path: '/api/v1/drift/exchanges?workspace_id=bench&service_name=users-api',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify(traffic),
              },
        ],
      }),
    ),
  );
  return {
    rps: runs.reduce((n, r) => n + r.requests.average, 0),
    p50: Math.max(...runs.map((r) => r.latency.p50)),
    p99: Math.max(...runs.map((r) => r.latency.p99)),
    errors: runs.reduce((n, r) => n + r.errors + r.timeouts, 0),
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
  };
}

async function registerSpec(base: string): Promise<void> {
  const res = await fetch(`${base}/api/v1/drift/specs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workspace_id: 'bench', service_name: 'users-api', spec: specText }),
  });
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`register spec: ${res.status} ${await res.text()}`);
}

interface Row {
  readonly setup: string;
  readonly list: Load;
  readonly ingest: Load;
}

async function run(setup: string, count: 1 | 2, env: Record<string, string>): Promise<Row> {
  const instances: Instance[] = [];
  for (let i = 0; i < count; i++)
    instances.push(
      await startInstance({ ...env, DRIFTGATE_CONFIG: join(EXAMPLE.pathname, 'driftgate.yaml') }),
    );
  try {
    await registerSpec(instances[0]!.base);
    const bases = instances.map((i) => i.base);
    await load(bases, 'list'); // warm-up (JIT, caches)
    const list = await load(bases, 'list');
    const ingest = await load(bases, 'ingest');
    return { setup, list, ingest };
  } finally {
    for (const i of instances) await stopInstance(i);
  }
}

const fmt = (l: Load) =>
  `${Math.round(l.rps).toLocaleString('en-US')} | ${l.p50} / ${l.p99}${l.errors + l.non2xx > 0 ? ` (${l.errors} errors, ${l.non2xx} non-2xx)` : ''}`;

const rows: Row[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'driftgate-bench-server-'));
try {
  console.error(`seeding ${INCIDENTS} incidents into SQLite...`);
  await seed(undefined, dataDir);
  rows.push(await run('1 instance, SQLite', 1, { DRIFTGATE_DATA_DIR: dataDir }));
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

if (PG_URL) {
  const db = `dg_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${db}`);
  const url = new URL(PG_URL);
  url.pathname = `/${db}`;
  try {
    console.error(`seeding ${INCIDENTS} incidents into PostgreSQL...`);
    await seed(url.toString(), '');
    rows.push(await run('1 instance, PostgreSQL', 1, { DATABASE_URL: url.toString() }));
    rows.push(await run('2 instances, one PostgreSQL', 2, { DATABASE_URL: url.toString() }));
  } finally {
    await admin.query(`drop database if exists ${db} with (force)`);
    await admin.end();
  }
} else {
  console.error('PostgreSQL rows skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL');
}

console.log(
  `\nbench:server — ${DURATION}s per scenario, ${CONNECTIONS} connections, ${INCIDENTS.toLocaleString('en-US')} incidents, ${new Date().toISOString().slice(0, 10)}, 2 cores (load generator on the same cores)\n`,
);
console.log(
  '| setup | incident list req/s | list p50 / p99 ms | ingestion req/s (5 exchanges each) | ingestion p50 / p99 ms |',
);
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.setup} | ${fmt(r.list).replace(' | ', ' | ')} | ${fmt(r.ingest)} |`);
const one = rows.find((r) => r.setup === '1 instance, PostgreSQL');
const two = rows.find((r) => r.setup === '2 instances, one PostgreSQL');
if (one && two) {
  console.log(
    `\n2 instances vs 1 on PostgreSQL: list ${(two.list.rps / one.list.rps).toFixed(2)}x, ingestion ${(two.ingest.rps / one.ingest.rps).toFixed(2)}x`,
  );
}
