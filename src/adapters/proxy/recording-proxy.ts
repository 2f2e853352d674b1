// The recording proxy: forwards every request to the upstream (any method, bodies streamed both ways,
// keep-alive to the upstream through one Agent), and hands each finished exchange to a bounded queue that
// is drained off the request path (fixture recording, traffic analysis). Bodies are teed while they stream,
// up to `maxRecordBytes` each; a bigger body is still proxied whole, only recorded as truncated. An
// unreachable upstream answers 502 application/problem+json.
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Exchange } from '../../core/traffic/exchange.js';
import { bodyFields, flatHeaders } from './http-body.js';
import { DrainQueue, type QueueStats } from './queue.js';

export interface RecordingProxyOptions {
  /** Upstream base URL (`http://host:port[/base]`). */
  readonly upstream: string;
  readonly port?: number;
  readonly host?: string;
  /** Receives each exchange, asynchronously, from the queue. */
  readonly onExchange: (exchange: Exchange) => Promise<void> | void;
  readonly onError?: (e: unknown) => void;
  /** Exchanges waiting for analysis before new ones are dropped (default 1000). */
  readonly queueCapacity?: number;
  /** Body bytes recorded per message (default 1 MiB). */
  readonly maxRecordBytes?: number;
  /** Upstream sockets kept (default 256). */
  readonly maxSockets?: number;
  /** Milliseconds to wait for the upstream's response headers (default 30 s). */
  readonly upstreamTimeoutMs?: number;
}

export interface RecordingProxy {
  readonly url: string;
  readonly port: number;
  stats(): QueueStats & { readonly proxied: number; readonly upstreamErrors: number };
  /** Stops accepting, waits for in-flight exchanges to be analysed. */
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function forwardHeaders(h: IncomingHttpHeaders, host: string | null): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const k in h) {
    if (HOP_BY_HOP.has(k)) continue;
    out[k] = h[k];
  }
  if (host !== null) out.host = host;
  return out;
}

class Tee {
  private chunks: Buffer[] = [];
  private length = 0;
  truncated = false;
  constructor(private readonly max: number) {}
  add(chunk: Buffer): void {
    if (this.truncated) return;
    if (this.length + chunk.length > this.max) {
      this.truncated = true;
      this.chunks = [];
      return;
    }
    this.chunks.push(chunk);
    this.length += chunk.length;
  }
  bytes(): Buffer {
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.length);
  }
}

function recordedBody(tee: Tee, contentType: string | undefined): { body?: unknown; bodyText?: string } {
  if (tee.truncated) return { bodyText: '<not recorded: larger than the recording limit>' };
  return bodyFields(tee.bytes(), contentType);
}

export async function startRecordingProxy(options: RecordingProxyOptions): Promise<RecordingProxy> {
  const base = new URL(options.upstream);
  if (base.protocol !== 'http:')
    throw new Error(`the recording proxy forwards to http:// upstreams, got ${base.protocol}`);
  const basePath = base.pathname.replace(/\/+$/, '');
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 256, keepAliveMsecs: 10_000 });
  const maxRecord = options.maxRecordBytes ?? 1024 * 1024;
  const queue = new DrainQueue<Exchange>(options.queueCapacity ?? 1000, options.onExchange, options.onError);
  let proxied = 0;
  let upstreamErrors = 0;
  let seq = 0;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const reqTee = new Tee(maxRecord);
    const upstreamReq = httpRequest({
      agent,
      hostname: base.hostname,
      port: base.port || 80,
      method: req.method,
      path: `${basePath}${url}`,
      headers: forwardHeaders(req.headers, base.host),
      timeout: options.upstreamTimeoutMs ?? 30_000,
    });
    upstreamReq.on('timeout', () => upstreamReq.destroy(new Error('upstream timed out')));
    upstreamReq.on('error', (e) => {
      upstreamErrors++;
      if (!res.headersSent) {
        const body = JSON.stringify({
          type: 'about:blank',
          title: 'Bad Gateway',
          status: 502,
          detail: `upstream ${base.origin} failed: ${e.message}`,
        });
        res.writeHead(502, {
          'content-type': 'application/problem+json',
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
      } else res.destroy(e);
    });
    upstreamReq.on('response', (up) => {
      const resTee = new Tee(maxRecord);
      const headers: OutgoingHttpHeaders = {};
      for (const k in up.headers) if (!HOP_BY_HOP.has(k)) headers[k] = up.headers[k];
      res.writeHead(up.statusCode ?? 502, up.statusMessage, headers);
      // pipe() keeps backpressure (a slow client pauses the upstream); the listener only tees.
      up.on('data', (chunk: Buffer) => resTee.add(chunk));
      up.pipe(res);
      up.on('end', () => {
        proxied++;
        const reqHeaders = flatHeaders(req.headers);
        const resHeaders = flatHeaders(up.headers);
        queue.push({
          id: `proxy:${++seq}`,
          timestamp: new Date().toISOString(),
          request: {
            method: req.method ?? 'GET',
            url,
            headers: reqHeaders,
            ...recordedBody(reqTee, reqHeaders['content-type']),
          },
          response: {
            status: up.statusCode ?? 0,
            headers: resHeaders,
            ...recordedBody(resTee, resHeaders['content-type']),
          },
        });
      });
      up.on('error', (e) => res.destroy(e));
    });
    req.on('data', (chunk: Buffer) => reqTee.add(chunk));
    req.pipe(upstreamReq);
    req.on('error', (e) => upstreamReq.destroy(e));
    res.on('close', () => {
      if (!res.writableFinished) upstreamReq.destroy();
    });
  };

  const server: Server = createServer({ keepAlive: true }, handle);
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const shown = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${shown}:${port}`,
    port,
    stats: () => ({ ...queue.stats(), proxied, upstreamErrors }),
    async close() {
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeIdleConnections();
      });
      await queue.drained();
      agent.destroy();
    },
  };
}
