// The connection-paired proxy's HTTP/1.1 framing against a real node:http upstream: chunked bodies both
// ways (recorded decoded), HEAD/204/304 answers without bodies, pipelined requests on one connection,
// a base path, Connection: close, an upstream that closes idle keep-alive connections, and a malformed
// request (400, connection closed).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordingProxy } from '../../src/adapters/proxy/recording-proxy.js';
import type { Exchange } from '../../src/core/traffic/exchange.js';

let upstream: Server;
let upstreamUrl: string;
const seen: string[] = [];
async function body(req: IncomingMessage): Promise<string> {
  let s = '';
  for await (const c of req) s += c;
  return s;
}
beforeAll(async () => {
  upstream = createServer(async (req, res) => {
    seen.push(`${req.method} ${req.url} host=${req.headers.host}`);
    const text = req.url?.endsWith('/early') ? '' : await body(req);
    if (req.url?.endsWith('/chunked')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"got":');
      setTimeout(() => res.end(`${JSON.stringify(text)}}`), 5);
      return;
    }
    if (req.url?.endsWith('/early')) {
      // Answers (and closes) before reading the upload.
      res.writeHead(413, { 'content-type': 'text/plain' }); // no `Connection: close`: it just closes
      res.end('too big');
      req.socket.destroySoon();
      return;
    }
    if (req.url?.endsWith('/empty')) {
      res.writeHead(204);
      res.end();
      return;
    }
    const b = JSON.stringify({ path: req.url });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(b) });
    res.end(req.method === 'HEAD' ? undefined : b);
  });
  upstream.keepAliveTimeout = 100; // closes idle connections quickly: the proxy must reopen them
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => upstream.close(() => r()));
});

/** Writes raw bytes on one connection and collects what comes back until `until` matches or it closes. */
function raw(port: number, send: string[], until: (s: string) => boolean, gapMs = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const s = connect(port, '127.0.0.1', async () => {
      for (const part of send) {
        s.write(part);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
    });
    s.on('data', (d) => {
      got += d.toString('latin1');
      if (until(got)) {
        s.destroy();
        resolve(got);
      }
    });
    s.on('close', () => resolve(got));
    s.on('error', reject);
  });
}

const count = (s: string, sub: string) => s.split(sub).length - 1;

describe('recording proxy HTTP/1.1 framing', () => {
  it('streams chunked bodies both ways and records them decoded', async () => {
    const got: Exchange[] = [];
    const proxy = await startRecordingProxy({
      upstream: `${upstreamUrl}/base`,
      onExchange: (e) => void got.push(e),
    });
    try {
      const res = await raw(
        proxy.port,
        [
          'POST /x/chunked HTTP/1.1\r\nHost: client\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n',
          '5\r\nhello\r\n',
          '6\r\n world\r\n0\r\n\r\n',
        ],
        (s) => s.endsWith('0\r\n\r\n'),
        5,
      );
      expect(res).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(res).toMatch(/\r\ntransfer-encoding: chunked\r\n/i);
      expect(res).toContain('\r\n7\r\n{"got":\r\n'); // the upstream's chunks, as they were
      await proxy.close();
      expect(seen).toContain('POST /base/x/chunked host=' + new URL(upstreamUrl).host);
      expect(got).toHaveLength(1);
      expect(got[0]!.request).toMatchObject({ method: 'POST', url: '/x/chunked', bodyText: 'hello world' });
      expect(got[0]!.request.headers.host).toBe('client');
      expect(got[0]!.response).toMatchObject({ status: 200, body: { got: 'hello world' } });
    } finally {
      await proxy.close();
    }
  });

  it('answers pipelined requests in order, HEAD and 204 without bodies, on one connection', async () => {
    const got: Exchange[] = [];
    const proxy = await startRecordingProxy({ upstream: upstreamUrl, onExchange: (e) => void got.push(e) });
    try {
      const res = await raw(
        proxy.port,
        [
          'GET /a HTTP/1.1\r\nhost: x\r\n\r\nHEAD /b HTTP/1.1\r\nhost: x\r\n\r\n' +
            'GET /empty HTTP/1.1\r\nhost: x\r\n\r\nGET /c HTTP/1.1\r\nhost: x\r\n\r\n',
        ],
        (s) => s.includes('{"path":"/c"}'),
      );
      expect(count(res, 'HTTP/1.1 200 OK')).toBe(3);
      expect(count(res, 'HTTP/1.1 204 No Content')).toBe(1);
      expect(res.indexOf('{"path":"/a"}')).toBeLessThan(res.indexOf('204 No Content'));
      expect(res).not.toContain('{"path":"/b"}');
      await proxy.close();
      expect(got.map((e) => `${e.request.method} ${e.request.url} ${e.response?.status}`)).toEqual([
        'GET /a 200',
        'HEAD /b 200',
        'GET /empty 204',
        'GET /c 200',
      ]);
      expect(proxy.stats()).toMatchObject({ proxied: 4, upstreamErrors: 0 });
    } finally {
      await proxy.close();
    }
  });

  it('reopens the upstream connection the upstream closed while idle', async () => {
    const proxy = await startRecordingProxy({ upstream: upstreamUrl, onExchange: () => {} });
    try {
      const res = await raw(
        proxy.port,
        ['GET /one HTTP/1.1\r\nhost: x\r\n\r\n', 'GET /two HTTP/1.1\r\nhost: x\r\n\r\n'],
        (s) => s.includes('{"path":"/two"}'),
        300, // longer than the upstream's keep-alive timeout
      );
      expect(count(res, 'HTTP/1.1 200 OK')).toBe(2);
      expect(proxy.stats()).toMatchObject({ proxied: 2, upstreamErrors: 0 });
    } finally {
      await proxy.close();
    }
  });

  it('passes 100 Continue through before the body is sent', async () => {
    const got: Exchange[] = [];
    const proxy = await startRecordingProxy({ upstream: upstreamUrl, onExchange: (e) => void got.push(e) });
    try {
      const res = await new Promise<string>((resolve, reject) => {
        let text = '';
        const s = connect(proxy.port, '127.0.0.1', () =>
          s.write(
            'POST /echo/chunked HTTP/1.1\r\nhost: x\r\ncontent-type: text/plain\r\ncontent-length: 2\r\nexpect: 100-continue\r\n\r\n',
          ),
        );
        s.on('data', (d) => {
          text += d.toString('latin1');
          if (text === 'HTTP/1.1 100 Continue\r\n\r\n') s.write('ok');
          if (text.endsWith('0\r\n\r\n')) {
            s.destroy();
            resolve(text);
          }
        });
        s.on('error', reject);
      });
      expect(res).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
      await proxy.close();
      expect(got.map((e) => [e.request.bodyText, e.response?.status])).toEqual([['ok', 200]]);
    } finally {
      await proxy.close();
    }
  });

  it('an early answer that closes the upstream connection closes the client connection too', async () => {
    const proxy = await startRecordingProxy({ upstream: upstreamUrl, onExchange: () => {} });
    try {
      const before = seen.length;
      const res = await raw(
        proxy.port,
        [
          'POST /early HTTP/1.1\r\nhost: x\r\ncontent-length: 100000\r\n\r\n',
          'x'.repeat(1000),
          'y'.repeat(1000),
        ],
        () => false,
        50,
      );
      expect(res).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
      expect(res).toContain('too big');
      expect(count(res, 'HTTP/1.1 ')).toBe(1); // the rest of the upload never went anywhere as a request
      expect(seen.slice(before)).toEqual([`POST /early host=${new URL(upstreamUrl).host}`]); // no body as a request
    } finally {
      await proxy.close();
    }
  });

  it('closes the client connection after a Connection: close exchange', async () => {
    const proxy = await startRecordingProxy({ upstream: upstreamUrl, onExchange: () => {} });
    try {
      const res = await raw(
        proxy.port,
        ['GET /bye HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n'],
        () => false,
      );
      expect(res).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(res).toContain('{"path":"/bye"}');
    } finally {
      await proxy.close();
    }
  });

  it('answers a malformed request 400 and closes', async () => {
    const proxy = await startRecordingProxy({ upstream: upstreamUrl, onExchange: () => {} });
    try {
      const res = await raw(proxy.port, ['NONSENSE\r\n\r\n'], () => false);
      expect(res).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(res).toContain('application/problem+json');
      expect(proxy.stats()).toMatchObject({ proxied: 0 });
    } finally {
      await proxy.close();
    }
  });
});
