import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpNotifier } from './http.js';
import { guardedLookup, isPrivateAddress, urlProblem } from './target-guard.js';

describe('SSRF guard', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['8.8.8.8', false],
    ['93.184.216.34', false],
    ['::1', true],
    ['::', true],
    ['fd00::1', true],
    ['fe80::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:8.8.8.8', false],
    ['::ffff:7f00:1', true],
    ['2606:4700:4700::1111', false],
    ['not-an-ip', true],
  ])('%s private: %s', (ip, expected) => expect(isPrivateAddress(ip)).toBe(expected));

  it.each([
    ['http://127.0.0.1:8080/x', false, '127.0.0.1 is a private or loopback address'],
    ['http://[::1]/x', false, '::1 is a private or loopback address'],
    ['http://localhost/x', false, 'localhost is a loopback name'],
    ['http://169.254.169.254/latest/meta-data', false, '169.254.169.254 is a private or loopback address'],
    ['http://[::ffff:127.0.0.1]/x', false, '::ffff:7f00:1 is a private or loopback address'],
    ['http://2130706433/x', false, '127.0.0.1 is a private or loopback address'],
    ['http://0x7f.1/x', false, '127.0.0.1 is a private or loopback address'],
    ['ftp://example.com/x', false, 'scheme ftp: is not http(s)'],
    ['not a url', false, 'not a valid url'],
    ['https://hooks.slack.com/services/x', false, null],
    ['http://127.0.0.1:8080/x', true, null],
  ])('%s (allow private: %s)', (url, allow, expected) => expect(urlProblem(url, allow)).toBe(expected));

  it('refuses at connect time a name that resolves to a private address (DNS rebinding too)', async () => {
    const err = await new Promise<Error | null>((resolve) =>
      guardedLookup('localhost', {}, (e) => resolve(e)),
    );
    expect(err?.name).toBe('TargetRefusedError');
    expect(err?.message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), a private or loopback address$/);
  });
});

describe('HTTP notifier', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/hang') return; // never answers
      if (req.url === '/busy') {
        res.writeHead(503, { 'retry-after': '7' });
        return res.end('busy');
      }
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ got: body, sig: req.headers['x-test'] }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('posts the body and headers and returns status and body', async () => {
    const n = createHttpNotifier({ allowPrivateTargets: true });
    const r = await n.send({
      url: `${base}/ok`,
      headers: { 'x-test': 'v' },
      body: '{"a":1}',
      timeoutMs: 2000,
    });
    expect(r).toMatchObject({
      status: 201,
      error: null,
      refused: false,
      body: JSON.stringify({ got: '{"a":1}', sig: 'v' }),
    });
    await n.close();
  });

  it('reports Retry-After, timeouts and refused targets as outcomes, never throwing', async () => {
    const open = createHttpNotifier({ allowPrivateTargets: true });
    expect(await open.send({ url: `${base}/busy`, headers: {}, body: '', timeoutMs: 2000 })).toMatchObject({
      status: 503,
      retryAfter: '7',
      error: 'HTTP 503',
    });
    const hung = await open.send({ url: `${base}/hang`, headers: {}, body: '', timeoutMs: 200 });
    expect(hung).toMatchObject({ status: null, error: 'timeout after 200ms', refused: false });
    expect(hung.durationMs).toBeGreaterThanOrEqual(190);
    const refused = await open.send({ url: 'http://127.0.0.1:1/x', headers: {}, body: '', timeoutMs: 2000 });
    expect(refused.status).toBeNull();
    expect(refused.error).toMatch(/ECONNREFUSED/);
    await open.close();

    const guarded = createHttpNotifier({ allowPrivateTargets: false });
    expect(await guarded.send({ url: `${base}/ok`, headers: {}, body: '', timeoutMs: 2000 })).toMatchObject({
      status: null,
      refused: true,
      error: 'target refused: 127.0.0.1 is a private or loopback address',
    });
    await guarded.close();
  });
});
