// Black box: the real `driftgate serve` process, as `npm start` runs it, on SQLite (a temp data dir) and on
// PostgreSQL (a database created for the test). A newcomer's first curl shows real incidents; SIGTERM
// finishes in-flight requests and exits 0.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PG_URL, REQUIRE_PG } from '../storage/targets.js';

const BIN = new URL('../../bin/driftgate.js', import.meta.url).pathname;

interface Running {
  readonly child: ChildProcess;
  readonly base: string;
  readonly stderr: () => string;
}

async function start(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  child.stdout!.resume();
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 20_000);
    child.stderr!.on('data', () => {
      const m = /serving on (http:\/\/[^\s]+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
  return { child, base, stderr: () => err };
}

async function stop(r: Running): Promise<number | null> {
  if (r.child.exitCode !== null) return r.child.exitCode;
  const exited = new Promise<number | null>((resolve) => r.child.once('exit', (c) => resolve(c)));
  r.child.kill('SIGTERM');
  return exited;
}

async function firstCurl(base: string) {
  const res = await fetch(`${base}/api/v1/drift/incidents`);
  return {
    status: res.status,
    body: (await res.json()) as {
      total: number;
      incidents: { endpoint: string; method: string; incident_type: string; workspace_id: string }[];
    },
  };
}

describe('driftgate serve (real process)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('on the embedded SQLite default: binds to loopback, seeds the example, serves incidents, stops gracefully', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'driftgate-serve-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const r = await start({ DRIFTGATE_DATA_DIR: dataDir });
    expect(r.base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(r.stderr()).toContain('binding to 127.0.0.1 only');
    const { status, body } = await firstCurl(r.base);
    expect(status).toBe(200);
    expect(body.total).toBeGreaterThan(0);
    expect(body.incidents.every((i) => i.workspace_id === 'example')).toBe(true);
    expect(body.incidents.map((i) => `${i.method} ${i.endpoint} ${i.incident_type}`)).toContain(
      'POST /api/users breaking_change',
    );
    expect(await stop(r)).toBe(0);

    // A restart on the same file keeps the incidents and does not seed twice.
    const again = await start({ DRIFTGATE_DATA_DIR: dataDir });
    expect((await firstCurl(again.base)).body.total).toBe(body.total);
    expect(await stop(again)).toBe(0);
  });

  it.skipIf(!PG_URL && !REQUIRE_PG)('on PostgreSQL via DATABASE_URL', async () => {
    if (!PG_URL) throw new Error('DRIFTGATE_REQUIRE_PG=1 but TEST_DATABASE_URL is not set');
    const db = `dg_serve_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create database ${db}`);
    cleanups.push(async () => {
      await admin.query(`drop database if exists ${db} with (force)`);
      await admin.end();
    });
    const url = new URL(PG_URL);
    url.pathname = `/${db}`;
    const r = await start({ DATABASE_URL: url.toString(), DRIFTGATE_DATA_DIR: join(tmpdir(), 'unused') });
    expect(r.stderr()).toContain('(postgres)');
    const { status, body } = await firstCurl(r.base);
    expect(status).toBe(200);
    expect(body.total).toBeGreaterThan(0);
    const ready = await fetch(`${r.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await stop(r)).toBe(0);
  });
});
