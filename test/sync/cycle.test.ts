// One sync cycle against a real upstream on 127.0.0.1 that misbehaves: retries with backoff after dropped
// connections, a per-request timeout, an upstream that never answers (an error in the summary, not a
// crash), ignore_fields for a volatile field whose shape changes, ignore_paths, unsafe methods replayed only
// when allowed (with their recorded body), and unreadable fixtures reported as errors.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixtureRecorder, fsFixtureStore } from '../../src/adapters/fixtures/fs-fixtures.js';
import { httpReplayer } from '../../src/adapters/proxy/replayer.js';
import { loadSpecText } from '../../src/adapters/spec-source.js';
import { openStore } from '../../src/adapters/storage/open-store.js';
import { runSyncCycle, type SyncCycleInput } from '../../src/app/sync-cycle.js';
import type { Store } from '../../src/ports/store.js';

const ANY = '{responses: {default: {description: any, content: {application/json: {schema: {}}}}}}';
const SPEC = `openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /flaky: {get: ${ANY}}
  /hang: {get: ${ANY}}
  /volatile: {get: ${ANY}}
  /orders:
    post:
      requestBody: {content: {application/json: {schema: {}}}}
      responses: {default: {description: any, content: {application/json: {schema: {}}}}}
`;

let server: Server;
let base: string;
let flakyHits = 0;
const posted: string[] = [];
let dir: string;
let store: Store;

beforeAll(async () => {
  server = createServer((req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/flaky') {
      // The first two attempts lose the connection; the third answers.
      if (++flakyHits <= 2) return req.socket.destroy();
      return json(200, { ok: true });
    }
    if (req.url === '/hang') return; // never answers
    if (req.url === '/volatile') return json(200, { id: 1, meta: { etag: 42 } }); // etag was a string
    if (req.url === '/skipped') return json(500, { boom: true });
    if (req.url === '/orders' && req.method === 'POST') {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        posted.push(body);
        json(201, { id: 9 });
      });
      return;
    }
    json(404, {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(join(tmpdir(), 'driftgate-cycle-'));
  store = await openStore({ dataDir: dir });
  const rec = new FixtureRecorder(join(dir, 'fixtures'));
  const ok = (body: unknown, status = 200) => ({
    status,
    headers: { 'content-type': 'application/json' },
    body,
  });
  await rec.record('GET', '/flaky', {
    request: { method: 'GET', url: '/flaky', headers: {} },
    response: ok({ ok: true }),
  });
  await rec.record('GET', '/hang', {
    request: { method: 'GET', url: '/hang', headers: {} },
    response: ok({}),
  });
  await rec.record('GET', '/volatile', {
    request: { method: 'GET', url: '/volatile', headers: {} },
    response: ok({ id: 1, meta: { etag: 'abc' } }),
  });
  await rec.record('GET', '/skipped', {
    request: { method: 'GET', url: '/skipped', headers: {} },
    response: ok({}),
  });
  await rec.record('POST', '/orders', {
    request: {
      method: 'POST',
      url: '/orders',
      headers: { 'content-type': 'application/json' },
      body: { sku: 'A-1' },
    },
    response: ok({ id: 9 }, 201),
  });
  await fsFixtureStore(join(dir, 'fixtures')).write('get/_root/200.json', '{not json');
});

afterAll(async () => {
  await store?.close();
  server?.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function cycle(over: Partial<SyncCycleInput>) {
  const replayer = httpReplayer({ upstream: base, timeoutMs: 300 });
  try {
    return await runSyncCycle(
      {
        store,
        fixtures: fsFixtureStore(join(dir, 'fixtures')),
        replayer,
        clock: { now: () => new Date() },
        newId: () => crypto.randomUUID(),
        configBudgets: { enabled: false, budgets: [] },
        rules: [],
        sleep: async () => {},
      },
      {
        workspaceId: 'w',
        service: '',
        spec: loadSpecText(SPEC),
        retries: 2,
        retryBackoffMs: 1,
        ignorePaths: ['/skipped'],
        ...over,
      },
    );
  } finally {
    await replayer.close();
  }
}

describe('a sync cycle against a misbehaving upstream', () => {
  it('retries, times out, ignores, skips unsafe methods, reports bad fixtures', async () => {
    const r = await cycle({ ignoreFields: ['/body/**/etag'] });
    expect(flakyHits).toBe(3); // two lost connections, then an answer
    expect(r.summary).toMatchObject({ endpoints_checked: 2, changed: 0, skipped: 2, errors: 2 });
    expect(r.summary.error_details.map((e) => e.fixture)).toEqual([
      'get/_root/200.json',
      'get/hang/200.json',
    ]);
    expect(r.summary.error_details[1]!.message).toBe('GET /hang: timed out after 300 ms');
    expect(r.summary.error_details[0]!.message).toMatch(/^not JSON/);
    expect(posted).toEqual([]);
  });

  it('without ignore_fields the etag type change is drift; unsafe methods replay their body when allowed', async () => {
    const r = await cycle({ replayUnsafeMethods: true });
    expect(r.changes.map((c) => `${c.fixture} ${c.code} ${c.location}`)).toEqual([
      'get/volatile/200.json type_mismatch /body/meta/etag',
    ]);
    expect(posted).toEqual(['{"sku":"A-1"}']);
    expect(r.summary.skipped).toBe(1); // only the ignored path
  });
});
