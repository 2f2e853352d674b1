// The recording proxy: forwards every request to the upstream (any method, bodies streamed both ways,
// keep-alive to the upstream through an undici Pool), and hands each finished exchange to a bounded queue
// drained off the request path (fixture recording, traffic analysis). Bodies are teed as raw bytes while
// they stream, up to `maxRecordBytes` each (a bigger body is still proxied whole, only recorded as
// truncated); headers are flattened and bodies parsed only when the queue gets to the exchange. An
// unreachable upstream answers 502 application/problem+json.
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { Transform } from 'node:stream';
import { Pool } from 'undici';
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
  /** Upstream connections kept (default 256). */
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
  'host',
]);

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

/** What the request path keeps of one exchange; turned into an Exchange by the queue. */
interface Captured {
  readonly seq: number;
  readonly at: number;
  readonly method: string;
  readonly url: string;
  readonly reqHeaders: IncomingHttpHeaders;
  readonly reqBody: Tee | null;
  readonly status: number;
  readonly resHeaders: Record<string, string | string[] | undefined>;
  readonly resBody: Tee;
}

function recordedBody(
  tee: Tee | null,
  contentType: string | undefined,
): { body?: unknown; bodyText?: string } {
  if (tee === null) return {};
  if (tee.truncated) return { bodyText: '<not recorded: larger than the recording limit>' };
  return bodyFields(tee.bytes(), contentType);
}

function toExchange(c: Captured): Exchange {
  const reqHeaders = flatHeaders(c.reqHeaders);
  const resHeaders = flatHeaders(c.resHeaders);
  return {
    id: `proxy:${c.seq}`,
    timestamp: new Date(c.at).toISOString(),
    request: {
      method: c.method,
      url: c.url,
      headers: reqHeaders,
      ...recordedBody(c.reqBody, reqHeaders['content-type']),
    },
    response: {
      status: c.status,
      headers: resHeaders,
      ...recordedBody(c.resBody, resHeaders['content-type']),
    },
  };
}

function hasBody(req: IncomingMessage): boolean {
  const len = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (len !== undefined && len !== '0');
}

export async function startRecordingProxy(options: RecordingProxyOptions): Promise<RecordingProxy> {
  const base = new URL(options.upstream);
  if (base.protocol !== 'http:')
    throw new Error(`the recording proxy forwards to http:// upstreams, got ${base.protocol}`);
  const basePath = base.pathname.replace(/\/+$/, '');
  const timeout = options.upstreamTimeoutMs ?? 30_000;
  const pool = new Pool(base.origin, {
    connections: options.maxSockets ?? 256,
    keepAliveTimeout: 10_000,
    headersTimeout: timeout,
    bodyTimeout: timeout,
  });
  const maxRecord = options.maxRecordBytes ?? 1024 * 1024;
  const onExchange = options.onExchange;
  const queue = new DrainQueue<Captured>(
    options.queueCapacity ?? 1000,
    (c) => onExchange(toExchange(c)),
    options.onError,
  );
  let proxied = 0;
  let upstreamErrors = 0;
  let seq = 0;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const method = req.method ?? 'GET';
    const headers: Record<string, string | string[]> = {};
    for (const k in req.headers) {
      if (HOP_BY_HOP.has(k)) continue;
      const v = req.headers[k];
      if (v !== undefined) headers[k] = v;
    }
    let reqTee: Tee | null = null;
    let body: Transform | null = null;
    if (hasBody(req)) {
      const tee = new Tee(maxRecord);
      reqTee = tee;
      body = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          tee.add(chunk);
          cb(null, chunk);
        },
      });
      req.pipe(body);
      const upload = body;
      // A client that goes away mid-upload must not leave the upstream request waiting for the rest.
      req.once('close', () => {
        if (!req.complete) upload.destroy(new Error('client aborted the request body'));
      });
    }
    const resTee = new Tee(maxRecord);
    let status = 0;
    let resHeaders: Record<string, string | string[] | undefined> = {};
    const fail = (err: Error) => {
      upstreamErrors++;
      if (!res.headersSent) {
        const problem = JSON.stringify({
          type: 'about:blank',
          title: 'Bad Gateway',
          status: 502,
          detail: `upstream ${base.origin} failed: ${err.message}`,
        });
        res.writeHead(502, {
          'content-type': 'application/problem+json',
          'content-length': Buffer.byteLength(problem),
        });
        res.end(problem);
      } else res.destroy(err);
    };
    // undici's dispatch handler: the leanest way through the pool (no stream object per response).
    pool.dispatch(
      { origin: base.origin, path: `${basePath}${url}`, method: method as 'GET', headers, body },
      {
        onRequestStart(controller) {
          res.once('close', () => {
            if (!res.writableFinished && !controller.aborted) controller.abort(new Error('client went away'));
          });
        },
        onResponseStart(controller, statusCode, upHeaders) {
          status = statusCode;
          resHeaders = upHeaders;
          const out: Record<string, string | string[]> = {};
          for (const k in upHeaders) {
            if (HOP_BY_HOP.has(k)) continue;
            const v = upHeaders[k];
            if (v !== undefined) out[k] = v;
          }
          res.writeHead(statusCode, out);
          res.on('drain', () => controller.resume());
        },
        onResponseData(controller, chunk) {
          resTee.add(chunk);
          // Backpressure: a slow client pauses the upstream until its socket drains.
          if (!res.write(chunk)) controller.pause();
        },
        onResponseEnd() {
          res.end();
          proxied++;
          queue.push({
            seq: ++seq,
            at: Date.now(),
            method,
            url,
            reqHeaders: req.headers,
            reqBody: reqTee,
            status,
            resHeaders,
            resBody: resTee,
          });
        },
        onResponseError(_controller, err) {
          fail(err);
        },
      },
    );
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
      await pool.close();
    },
  };
}
