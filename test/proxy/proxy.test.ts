// The recording proxy against a real upstream on 127.0.0.1: forwarding (methods, streamed bodies both
// ways, keep-alive), fixtures (one per operation, status and shape; secrets redacted), analysis off the
// request path (a failing or slow analysis never breaks or blocks a call; overflow drops analysis, counted),
// 502 problem+json when the upstream is down, and `driftgate record` end to end.
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Agent, request } from 'undici';
import { describe, expect, it } from 'vitest';
import { SPEC_YAML } from '../../demo/upstream.js';
import { FixtureRecorder } from '../../src/adapters/fixtures/fs-fixtures.js';
import { startRecordingProxy } from '../../src/adapters/proxy/recording-proxy.js';
import { loadSpecText } from '../../src/adapters/spec-source.js';
import { TrafficRecorder } from '../../src/app/record-traffic.js';
import { runRecord } from '../../src/cli/record.js';
import { files, upstreamAndDir } from './harness.js';

const env = upstreamAndDir('driftgate-proxy-');

describe('recording proxy', () => {
  it('forwards any method and streams bodies both ways over keep-alive', async () => {
    const proxy = await startRecordingProxy({ upstream: env.upstream.url, onExchange: () => {} });
    const agent = new Agent({ connections: 1 });
    try {
      const small = await request(`${proxy.url}/api/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ hello: 'world' }),
        dispatcher: agent,
      });
      expect(small.statusCode).toBe(200);
      expect(await small.body.json()).toEqual({ received: { hello: 'world' } });
      // 3 MiB each way, bigger than the recording limit: proxied whole, recorded as truncated.
      const big = Array.from({ length: 100_000 }, (_, i) => `item-${i}-${'x'.repeat(20)}`);
      const large = await request(`${proxy.url}/api/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(big),
        dispatcher: agent,
      });
      expect(((await large.body.json()) as { received: string[] }).received).toEqual(big);
      for (const method of ['PUT', 'DELETE', 'PATCH'] as const) {
        const r = await request(`${proxy.url}/api/users/1`, { method, dispatcher: agent });
        expect(r.statusCode).toBe(404); // the upstream's answer, passed through
        await r.body.dump();
      }
      expect(proxy.stats()).toMatchObject({ proxied: 5, upstreamErrors: 0 });
    } finally {
      await agent.close();
      await proxy.close();
    }
  });

  it('records one fixture per operation, status and shape, with secrets redacted', async () => {
    const fixtures = join(env.dir, 'rec');
    const recorder = new TrafficRecorder({
      spec: loadSpecText(SPEC_YAML),
      fixtures: new FixtureRecorder(fixtures),
      clock: { now: () => new Date() },
    });
    const proxy = await startRecordingProxy({
      upstream: env.upstream.url,
      onExchange: (e) => recorder.handle(e),
    });
    const get = async (path: string) => {
      const r = await request(`${proxy.url}${path}`, { headers: { authorization: 'Bearer s3cret-token' } });
      await r.body.dump();
      return r.statusCode;
    };
    try {
      env.upstream.version = 1;
      expect([await get('/api/users/1'), await get('/api/users/2'), await get('/api/orders/7')]).toEqual([
        200, 200, 200,
      ]);
      env.upstream.version = 2;
      expect([await get('/api/users/3'), await get('/api/orders/7'), await get('/api/nope')]).toEqual([
        200, 404, 404,
      ]);
    } finally {
      env.upstream.version = 1;
      await proxy.close();
    }
    const written = await files(fixtures);
    expect(written).toHaveLength(4);
    expect(written.filter((f) => f.startsWith('get/api__users__{id}/'))).toHaveLength(2);
    expect(written).toContain('get/api__users__{id}/200.json');
    expect(
      written.find((f) => f !== 'get/api__users__{id}/200.json' && f.startsWith('get/api__users')),
    ).toMatch(/^get\/api__users__\{id\}\/200~[0-9a-f]{16}\.json$/);
    expect(written).toContain('get/api__orders__{id}/200.json');
    expect(written).toContain('get/api__orders__{id}/404.json');
    const first = await readFile(join(fixtures, 'get/api__users__{id}/200.json'), 'utf8');
    expect(first).not.toContain('s3cret');
    const parsed = JSON.parse(first);
    expect(parsed.request).toMatchObject({
      method: 'GET',
      url: '/api/users/1',
      headers: { authorization: '[REDACTED]' },
    });
    expect(parsed.response.body).toMatchObject({ id: 1, email: 'ada@example.com' });
    expect(recorder.stats()).toMatchObject({ exchanges: 6, matched: 5, fixtures_written: 4 });
  });

  it('a failing or slow analysis never breaks or blocks the proxied call', async () => {
    const failing = await startRecordingProxy({
      upstream: env.upstream.url,
      onExchange: () => {
        throw new Error('analysis exploded');
      },
    });
    try {
      const r = await request(`${failing.url}/api/users/1`);
      expect(r.statusCode).toBe(200);
      await r.body.dump();
      await new Promise((res) => setTimeout(res, 20));
      expect(failing.stats()).toMatchObject({ proxied: 1, failed: 1 });
    } finally {
      await failing.close();
    }
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slow = await startRecordingProxy({
      upstream: env.upstream.url,
      queueCapacity: 2,
      onExchange: () => gate,
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await request(`${slow.url}/api/health`);
        statuses.push(r.statusCode);
        await r.body.dump();
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
      // One exchange is being analysed, two wait, the rest were dropped and counted.
      expect(slow.stats()).toMatchObject({ proxied: 6, dropped: 3, queued: 2 });
    } finally {
      release();
      await slow.close();
    }
    expect(slow.stats()).toMatchObject({ processed: 3, dropped: 3, queued: 0 });
  });

  it('a client that goes away mid-upload does not leave the upstream call hanging', async () => {
    const { connect } = await import('node:net');
    const proxy = await startRecordingProxy({ upstream: env.upstream.url, onExchange: () => {} });
    try {
      const port = Number(new URL(proxy.url).port);
      await new Promise<void>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(
            'POST /api/echo HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"a":',
          );
          setTimeout(() => {
            socket.destroy();
            resolve();
          }, 50);
        });
      });
      for (let i = 0; i < 50 && proxy.stats().upstreamErrors === 0; i++)
        await new Promise((r) => setTimeout(r, 10));
      expect(proxy.stats()).toMatchObject({ upstreamErrors: 1, proxied: 0 });
      const r = await request(`${proxy.url}/api/health`);
      expect(r.statusCode).toBe(200);
      await r.body.dump();
    } finally {
      await proxy.close();
    }
  });

  it('answers 502 problem+json when the upstream is unreachable', async () => {
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    const proxy = await startRecordingProxy({ upstream: `http://127.0.0.1:${port}`, onExchange: () => {} });
    try {
      const r = await request(`${proxy.url}/api/users/1`);
      expect(r.statusCode).toBe(502);
      expect(r.headers['content-type']).toBe('application/problem+json');
      expect(await r.body.json()).toMatchObject({ status: 502, title: 'Bad Gateway' });
      expect(proxy.stats()).toMatchObject({ upstreamErrors: 1, proxied: 0 });
    } finally {
      await proxy.close();
    }
  });
});

describe('driftgate record', () => {
  it.each([
    ['on', 'its own thread'],
    ['off', 'the proxy thread'],
  ])(
    '--analysis-thread %s: proxies, records fixtures, and reports what it did on stop',
    async (analysisThread, where) => {
      const spec = join(env.dir, 'users.yaml');
      await writeFile(spec, SPEC_YAML);
      const fixtures = join(env.dir, `cli-fixtures-${analysisThread}`);
      const out: string[] = [];
      const both = new Writable({
        write(c, _e, cb) {
          out.push(String(c));
          cb();
        },
      });
      const io = { stdout: both, stderr: both };
      const stop = new AbortController();
      for (const [bad, message] of [
        [{ flushInterval: '0' }, "--flush-interval must be a positive number, got '0'"],
        [{ analysisThread: 'yes' }, "--analysis-thread must be on, off or auto, got 'yes'"],
      ] as const) {
        await expect(
          runRecord({ upstream: env.upstream.url, spec, port: '0', fixtures, ...bad }, io, stop.signal),
        ).rejects.toThrow(message);
      }
      const running = runRecord(
        { upstream: env.upstream.url, spec, port: '0', fixtures, analysisThread },
        io,
        stop.signal,
      );
      for (let i = 0; i < 100 && !out.join('').includes('recording proxy on'); i++)
        await new Promise((r) => setTimeout(r, 20));
      const url = /recording proxy on (\S+)/.exec(out.join(''))![1]!;
      expect(out.join('')).toContain(`analysis on ${where})`);
      for (const path of ['/api/users/1', '/api/health', '/api/orders/1']) {
        const r = await request(`${url}${path}`);
        expect(r.statusCode).toBe(200);
        await r.body.dump();
      }
      stop.abort();
      expect(await running).toBe(0);
      expect(out.join('')).toContain(
        'proxied 3 (upstream errors 0); analysed 3, dropped 0, failed 0; matched 3, mismatches 0, fixtures written 3',
      );
      expect(await files(fixtures)).toEqual([
        'get/api__health/200.json',
        'get/api__orders__{id}/200.json',
        'get/api__users__{id}/200.json',
      ]);
    },
  );
});

describe('record --workspace: traffic mismatches through the pipeline', () => {
  it('flushes the aggregated mismatches into budgets and incidents', async () => {
    const { openStore } = await import('../../src/adapters/storage/open-store.js');
    const store = await openStore({ dataDir: join(env.dir, 'db') });
    try {
      const recorder = new TrafficRecorder({
        spec: loadSpecText(SPEC_YAML),
        fixtures: new FixtureRecorder(join(env.dir, 'flush')),
        clock: { now: () => new Date('2026-11-24T04:00:00.000Z') },
        ingest: {
          deps: {
            store,
            newId: () => crypto.randomUUID(),
            configBudgets: { enabled: true, budgets: [] },
            rules: [],
          },
          workspaceId: 'rec',
          service: 'users',
        },
      });
      const proxy = await startRecordingProxy({
        upstream: env.upstream.url,
        onExchange: (e) => recorder.handle(e),
      });
      env.upstream.version = 2;
      try {
        for (const p of ['/api/users/1', '/api/users/2']) {
          const r = await request(`${proxy.url}${p}`);
          await r.body.dump();
        }
      } finally {
        env.upstream.version = 1;
        await proxy.close();
      }
      const result = await recorder.flush();
      expect(result?.report.evaluations.map((e) => e.operation)).toEqual(['GET /api/users/{id}']);
      expect(result?.incident_ids).toHaveLength(1);
      const incident = await store.incidents.get(result!.incident_ids[0]!);
      expect(incident).toMatchObject({
        workspace_id: 'rec',
        method: 'GET',
        endpoint: '/api/users/{id}',
      });
      expect(
        (incident!.details as { findings: { code: string; count: number }[] }).findings.map(
          (f) => `${f.code} ${f.count}`,
        ),
      ).toEqual(expect.arrayContaining(['missing_required_field 2', 'unexpected_field 2']));
      expect(await recorder.flush()).toBeNull(); // nothing new since
    } finally {
      await store.close();
    }
  });
});
