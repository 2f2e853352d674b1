// bench:store: ingest 1M drift events and 100k incidents into SQLite and PostgreSQL, then time a
// filtered incident list and a 30-day daily metrics query at that size, against the issue's targets
// (ingest >= 50k events/s on SQLite, list p99 < 20 ms, metrics p99 < 100 ms), printed as ratios
// (>= 1.00 meets the target). Stores live in a temp dir / temp schema and are removed afterwards.
// PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL (skipped with a note when neither is set).
// Sizes: BENCH_EVENTS, BENCH_INCIDENTS (defaults 1,000,000 and 100,000).
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { type Insertable, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { openStore } from '../src/adapters/storage/open-store.js';
import { dropPostgresSchema } from '../src/adapters/storage/postgres/open.js';
import type { Database, IncidentsTable } from '../src/adapters/storage/sql/schema.js';
import { SQLITE_PRAGMAS } from '../src/adapters/storage/sqlite/open.js';
import { LEVELS, SEVERITIES } from '../src/core/findings.js';
import type { DriftEventInput } from '../src/ports/drift-event-store.js';
import type { Store } from '../src/ports/store.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 100_000);
const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? '';
const TARGET = { ingest: 50_000, listP99: 20, metricsP99: 100 };
const DAY = 86_400_000;
const END = Date.parse('2026-06-01T00:00:00Z');
const SPAN = 365 * DAY;
const WORKSPACES = 20;
const ENDPOINTS = 200;
const BATCH = 10_000;
const RUNS = 200;

/** Deterministic PRNG (mulberry32) so both dialects get the same data. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

function eventBatch(r: () => number, from: number, n: number): DriftEventInput[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const ws = `ws-${i % WORKSPACES}`;
    const ep = Math.floor(r() * ENDPOINTS);
    return {
      workspace_id: ws,
      service: 'svc',
      scope: `${ws}/svc`,
      fingerprint: `fp-${i}`,
      source: 'traffic',
      level: pick(r, LEVELS),
      severity: pick(r, SEVERITIES),
      code: 'unexpected_field',
      direction: 'response',
      field: `schema:#/f${i % 5000}`,
      method: 'GET',
      path: `/r${ep}/{id}`,
      location: `/body/f${i}`,
      // Arrival order, as ingestion sees drift (a year of it), with up to an hour of jitter.
      seen_at: new Date(
        END - SPAN + Math.floor((i / EVENTS) * SPAN) + Math.floor(r() * 3_600_000),
      ).toISOString(),
      count: 1 + Math.floor(r() * 5),
    };
  });
}

function incidentRows(r: () => number, n: number): Insertable<IncidentsTable>[] {
  return Array.from({ length: n }, (_, i) => {
    const created = END - Math.floor(r() * SPAN);
    const roll = r();
    const status = roll < 0.1 ? 'open' : roll < 0.2 ? 'acknowledged' : roll < 0.9 ? 'resolved' : 'closed';
    const acked = status === 'open' ? null : created + Math.floor(r() * DAY);
    const ended = status === 'resolved' || status === 'closed' ? created + Math.floor(r() * 7 * DAY) : null;
    return {
      id: randomUUID(),
      fingerprint: `inc-${i}`,
      workspace_id: `ws-${i % WORKSPACES}`,
      service: 'svc',
      endpoint: `/r${Math.floor(r() * ENDPOINTS)}/{id}`,
      method: pick(r, ['GET', 'POST', 'PUT', 'DELETE']),
      incident_type: r() < 0.3 ? 'breaking_change' : 'threshold_exceeded',
      severity: pick(r, SEVERITIES),
      status,
      details: '{}',
      budget_id: null,
      sync_cycle_id: null,
      contract_diff_id: null,
      before_sample: '{"type":"string"}',
      after_sample: '{"type":"integer"}',
      external_ticket_id: null,
      external_ticket_url: null,
      created_at: created,
      updated_at: ended ?? acked ?? created,
      acknowledged_at: acked,
      resolved_at: status === 'resolved' ? ended : null,
      closed_at: status === 'closed' ? ended : null,
      ended_at: ended,
      occurrences: 1,
      first_seen: created,
      last_seen: created,
      pr_url: null,
      regression_of: null,
    };
  });
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function time(fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 10; i++) await fn(i);
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn(i);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

interface Result {
  readonly name: string;
  readonly eventsPerSec: number;
  readonly incidentsPerSec: number;
  readonly occurrencePerSec: number;
  readonly list: { p50: number; p99: number };
  readonly listTotal: number;
  readonly metrics: { p50: number; p99: number };
  readonly metricsAll: { p50: number; p99: number };
  /** Plain driver INSERTs of the same rows in the same run (the floor). */
  readonly peerPerSec: number;
}

async function bench(name: string, store: Store, raw: Kysely<Database>): Promise<Omit<Result, 'peerPerSec'>> {
  const r = rng(42);
  // Only the store's work is timed, not generating the batches.
  let spent = 0;
  for (let i = 0; i < EVENTS; i += BATCH) {
    const batch = eventBatch(r, i, Math.min(BATCH, EVENTS - i));
    const t0 = performance.now();
    await store.driftEvents.record(batch);
    spent += performance.now() - t0;
  }
  const eventsPerSec = EVENTS / (spent / 1000);
  let t: number;
  process.stderr.write(`${name}: ${EVENTS} events at ${Math.round(eventsPerSec)}/s\n`);

  t = performance.now();
  const rows = incidentRows(r, INCIDENTS);
  for (let i = 0; i < rows.length; i += 1000) {
    await raw
      .insertInto('incidents')
      .values(rows.slice(i, i + 1000))
      .execute();
  }
  const incidentsPerSec = INCIDENTS / ((performance.now() - t) / 1000);
  // The real write path (dedup upsert + timeline, one transaction each), measured on a small sample.
  const N = 2000;
  t = performance.now();
  for (let i = 0; i < N; i++) {
    await store.incidents.recordOccurrence({
      fingerprint: `occ-${i % 500}`,
      workspace_id: 'ws-0',
      service: 'svc',
      endpoint: '/occ',
      method: 'POST',
      incident_type: 'threshold_exceeded',
      severity: 'medium',
      details: {},
      budget_id: null,
      sync_cycle_id: null,
      contract_diff_id: null,
      before_sample: null,
      after_sample: null,
      occurrences: 1,
      at: new Date(END - DAY + i).toISOString(),
      actor: 'bench',
    });
  }
  const occurrencePerSec = N / ((performance.now() - t) / 1000);
  process.stderr.write(`${name}: ${INCIDENTS} incidents loaded; querying\n`);

  let listTotal = 0;
  const list = await time(async (i) => {
    const page = await store.incidents.list(
      {
        workspace_id: `ws-${i % WORKSPACES}`,
        status: ['open', 'acknowledged'],
        severity: ['critical', 'high'],
      },
      { limit: 50 },
    );
    listTotal = page.total;
  });
  const metrics = await time((i) =>
    store.metrics.series({
      bucket: 'day',
      since: new Date(END - 30 * DAY).toISOString(),
      until: new Date(END).toISOString(),
      workspace_id: `ws-${i % WORKSPACES}`,
    }),
  );
  const metricsAll = await time(() =>
    store.metrics.series({
      bucket: 'day',
      since: new Date(END - 30 * DAY).toISOString(),
      until: new Date(END).toISOString(),
    }),
  );
  return { name, eventsPerSec, incidentsPerSec, occurrencePerSec, list, listTotal, metrics, metricsAll };
}

const PEER_ROWS = 200_000;
const PEER_COLUMNS = [
  'workspace_id',
  'service',
  'scope',
  'fingerprint',
  'source',
  'level',
  'severity',
  'code',
  'direction',
  'field',
  'method',
  'path',
  'location',
  'first_seen',
  'last_seen',
  'count',
] as const;
const PEER_TABLE = `create table peer_events (workspace_id text not null, service text not null, scope text not null,
  fingerprint text not null, source text, level text, severity text, code text, direction text, field text,
  method text, path text, location text, first_seen bigint, last_seen bigint, count bigint,
  primary key (scope, fingerprint))`;
const PEER_INDEX = 'create index peer_events_history on peer_events (scope, method, path, first_seen)';

function peerValues(e: DriftEventInput): unknown[] {
  const t = Date.parse(e.seen_at);
  return [
    e.workspace_id,
    e.service,
    e.scope,
    e.fingerprint,
    e.source,
    e.level,
    e.severity,
    e.code,
    e.direction,
    e.field,
    e.method,
    e.path,
    e.location,
    t,
    t,
    e.count,
  ];
}

/**
 * The floor in the same run: plain INSERTs of the same rows into a table with the same key and index,
 * straight through the driver (no upsert, no RETURNING, no rollup, no query builder). What the machine
 * does right now, so the store's number can be read against it whatever else is running.
 */
async function sqlitePeer(file: string): Promise<number> {
  const db = new BetterSqlite3(file);
  for (const p of SQLITE_PRAGMAS) db.pragma(p);
  db.exec(PEER_TABLE);
  db.exec(PEER_INDEX);
  const insert = db.prepare(`insert into peer_events values (${PEER_COLUMNS.map(() => '?').join(', ')})`);
  const r = rng(7);
  let spent = 0;
  for (let i = 0; i < PEER_ROWS; i += BATCH) {
    const rows = eventBatch(r, i, BATCH).map(peerValues);
    const t0 = performance.now();
    db.transaction(() => {
      for (const row of rows) insert.run(row);
    })();
    spent += performance.now() - t0;
  }
  db.close();
  return PEER_ROWS / (spent / 1000);
}

async function postgresPeer(url: string, schema: string): Promise<number> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    await client.query(PEER_TABLE);
    await client.query(PEER_INDEX);
    const r = rng(7);
    let spent = 0;
    for (let i = 0; i < PEER_ROWS; i += BATCH) {
      const rows = eventBatch(r, i, BATCH).map(peerValues);
      const t0 = performance.now();
      await client.query('begin');
      for (let j = 0; j < rows.length; j += 1000) {
        const chunk = rows.slice(j, j + 1000);
        const placeholders = chunk.map(
          (_, k) => `(${PEER_COLUMNS.map((__, c) => `$${k * PEER_COLUMNS.length + c + 1}`).join(',')})`,
        );
        await client.query(`insert into peer_events values ${placeholders.join(',')}`, chunk.flat());
      }
      await client.query('commit');
      spent += performance.now() - t0;
    }
    return PEER_ROWS / (spent / 1000);
  } finally {
    await client.end();
  }
}

async function runSqlite(): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'driftgate-bench-'));
  try {
    const store = await openStore({ dataDir: dir });
    const raw = new Kysely<Database>({
      dialect: new SqliteDialect({ database: new BetterSqlite3(join(dir, 'driftgate.db')) }),
    });
    try {
      const peer = await sqlitePeer(join(dir, 'peer.db'));
      return { ...(await bench('sqlite', store, raw)), peerPerSec: peer };
    } finally {
      await raw.destroy();
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runPostgres(url: string): Promise<Result> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  try {
    const store = await openStore({ url, dataDir: '', schema });
    const raw = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: url, options: `-c search_path=${schema}` }),
      }),
    });
    try {
      const peer = await postgresPeer(url, schema);
      return { ...(await bench('postgres', store, raw)), peerPerSec: peer };
    } finally {
      await raw.destroy();
      await store.close();
    }
  } finally {
    await dropPostgresSchema(url, schema);
  }
}

const fmt = (n: number, d = 1) => n.toFixed(d);
const loadAtStart = loadavg()[0] ?? 0;
const results: Result[] = [await runSqlite()];
if (PG_URL) results.push(await runPostgres(PG_URL));
else console.log('PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL\n');

console.log(
  `${EVENTS.toLocaleString('en')} drift events, ${INCIDENTS.toLocaleString('en')} incidents; ${RUNS} timed queries each`,
);
console.log(
  `machine: ${availableParallelism()} cores, 1-min load average ${fmt(loadAtStart, 2)} at start, ${fmt(loadavg()[0] ?? 0, 2)} at end`,
);
console.log('ratio = measured / target for throughput, target / measured for latency (>= 1.00 meets it)\n');
console.log(
  '| store | events/s ingested (ratio vs 50k) | plain-INSERT peer rows/s (store ÷ peer) | incidents/s bulk | recordOccurrence/s | list p50 / p99 ms (ratio vs 20) | metrics 30d p50 / p99 ms (ratio vs 100) |',
);
console.log('|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(
    `| ${r.name} | ${Math.round(r.eventsPerSec).toLocaleString('en')} (${fmt(r.eventsPerSec / TARGET.ingest, 2)}) | ` +
      `${Math.round(r.peerPerSec).toLocaleString('en')} (${fmt(r.eventsPerSec / r.peerPerSec, 2)}) | ` +
      `${Math.round(r.incidentsPerSec).toLocaleString('en')} | ${Math.round(r.occurrencePerSec).toLocaleString('en')} | ` +
      `${fmt(r.list.p50, 2)} / ${fmt(r.list.p99, 2)} (${fmt(TARGET.listP99 / r.list.p99, 2)}) | ` +
      `${fmt(r.metrics.p50, 2)} / ${fmt(r.metrics.p99, 2)} (${fmt(TARGET.metricsP99 / r.metrics.p99, 2)}) |`,
  );
}
console.log(
  `\nmetrics across all ${WORKSPACES} workspaces (no filter), p50 / p99 ms: ` +
    results.map((r) => `${r.name} ${fmt(r.metricsAll.p50, 2)} / ${fmt(r.metricsAll.p99, 2)}`).join(', '),
);
console.log(
  `list filter: workspace + status in (open, acknowledged) + severity in (critical, high), limit 50; total = ${results[0]?.listTotal} matches`,
);
