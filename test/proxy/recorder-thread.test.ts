import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { SPEC_YAML } from '../../demo/upstream.js';
import { FixtureRecorder } from '../../src/adapters/fixtures/fs-fixtures.js';
import { RecorderThread } from '../../src/adapters/proxy/recorder-thread.js';
import { startRecordingProxy } from '../../src/adapters/proxy/recording-proxy.js';
import { loadSpecText } from '../../src/adapters/spec-source.js';
import { TrafficRecorder } from '../../src/app/record-traffic.js';
import { MismatchAggregator } from '../../src/core/traffic/index.js';
import { files, upstreamAndDir } from './harness.js';

const env = upstreamAndDir('driftgate-recorder-thread-');

const PATHS = ['/api/users/1', '/api/users/2', '/api/orders/7', '/api/nope', '/api/health'];

/** Drives the same traffic (both upstream versions) through a proxy; returns when it is all proxied. */
async function drive(url: string): Promise<void> {
  for (const version of [1, 2] as const) {
    env.upstream.version = version;
    for (const path of PATHS) {
      const r = await request(`${url}${path}`, { headers: { authorization: 'Bearer s3cret' } });
      await r.body.dump();
    }
  }
  env.upstream.version = 1;
}

/** Aggregated mismatches, comparable across the two runs (exchange ids and times differ). */
function summary(slots: Parameters<MismatchAggregator['merge']>[0]) {
  const agg = new MismatchAggregator(5);
  agg.merge(slots);
  return agg.result().map((m) => [m.type, m.method, m.path, m.status, m.location, m.count]);
}

describe('RecorderThread', () => {
  it('records and analyses exactly what the same recorder on the proxy thread does', async () => {
    const spec = loadSpecText(SPEC_YAML);
    const inlineDir = join(env.dir, 'inline');
    const inline = new TrafficRecorder({
      spec,
      fixtures: new FixtureRecorder(inlineDir),
      clock: { now: () => new Date() },
    });
    const a = await startRecordingProxy({ upstream: env.upstream.url, onExchange: (e) => inline.handle(e) });
    await drive(a.url);
    await a.close();

    const threadDir = join(env.dir, 'thread');
    const thread = await RecorderThread.start({ spec, fixturesDir: threadDir });
    const b = await startRecordingProxy({ upstream: env.upstream.url, sink: thread.sink });
    await drive(b.url);
    await b.close();
    await thread.drained();
    const slots = await thread.takeAggregate();
    await thread.close();

    expect(b.stats()).toMatchObject({ proxied: 10, upstreamErrors: 0 });
    expect(thread.stats()).toEqual({ ...inline.stats(), queued: 0, processed: 10, dropped: 0, failed: 0 });
    expect(thread.stats()).toMatchObject({ exchanges: 10, matched: 8, fixtures_written: 5 });
    expect(await files(threadDir)).toEqual(await files(inlineDir));
    const expected = summary(inline.takeAggregate());
    expect(expected.length).toBeGreaterThan(0);
    expect(summary(slots)).toEqual(expected);
    // Taken: the next aggregate starts empty.
    const again = await RecorderThread.start({ spec, fixturesDir: threadDir });
    expect(await again.takeAggregate()).toEqual([]);
    await again.close();
  });

  it('an analysis stuck for seconds holds up no proxied call; what it could not take is dropped and counted', async () => {
    // `^(a+)+$` backtracks exponentially on 'aaa…a!': about 2 s of regex work at 26 letters on this machine.
    const spec = loadSpecText(`openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /slow:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  code: {type: string, pattern: '^(a+)+$'}
  /fast:
    get:
      responses:
        '200': {description: ok}
`);
    const server: Server = createServer((req, res) => {
      const body = req.url === '/slow' ? JSON.stringify({ code: `${'a'.repeat(27)}!` }) : '{}';
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const thread = await RecorderThread.start({ spec, fixturesDir: join(env.dir, 'slow'), capacity: 3 });
    const proxy = await startRecordingProxy({ upstream: origin, sink: thread.sink });
    try {
      const slow = await request(`${proxy.url}/slow`);
      expect(slow.statusCode).toBe(200);
      await slow.body.dump();
      const started = performance.now();
      for (let i = 0; i < 5; i++) {
        const r = await request(`${proxy.url}/fast`);
        expect(r.statusCode).toBe(200);
        await r.body.dump();
      }
      const ms = performance.now() - started;
      // Served while the worker is still inside the first exchange's regex: none of them analysed yet.
      expect(thread.stats().processed).toBe(0);
      expect(ms).toBeLessThan(1000);
      expect(proxy.stats()).toMatchObject({ proxied: 6, upstreamErrors: 0 });
      // Capacity 3: /slow and two /fast wait for the worker; the other three /fast were not taken.
      expect(thread.stats()).toMatchObject({ queued: 3, dropped: 3 });
    } finally {
      await proxy.close();
      await thread.abort();
      await new Promise<void>((r) => server.close(() => r()));
    }
    expect(thread.stats()).toMatchObject({ queued: 0, processed: 0, dropped: 6 });
  });
});
