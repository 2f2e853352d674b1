// The recording proxy: a connection-paired HTTP/1.1 reverse proxy. Each client connection gets its own
// upstream connection (opened on the first request, reopened when the upstream closes an idle one), so
// keep-alive, pipelining and `Connection` semantics carry over as they are. Request heads are rewritten
// (the upstream's Host and base path; proxy-only headers dropped) and everything else — request bodies,
// response heads and bodies — is forwarded as the very bytes received, with backpressure both ways.
// Why not node:http + an undici pool: re-parsing, re-encoding and the stream objects per message cost
// more than twice the CPU of moving the bytes, and a proxy is mostly moving bytes.
// Each message is parsed only as far as its framing (where it ends); bodies are teed as raw bytes up to
// `maxRecordBytes` (a bigger body is still proxied whole, only recorded as truncated). A finished
// exchange goes to a bounded queue drained off the request path (fixture recording, traffic analysis),
// where its headers are parsed and its body decoded. An unreachable upstream answers 502
// application/problem+json; a malformed request 400 (and the connection closes).

import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import type { Exchange, ExchangeRequest, ExchangeResponse } from '../../core/traffic/exchange.js';
import { bodyFields } from './http-body.js';
import {
  ChunkedScanner,
  closesAfter,
  type Framing,
  headerRecord,
  requestFraming,
  responseFraming,
  scanHeaders,
  Tee,
} from './http1.js';
import { DrainQueue, type QueueStats } from './queue.js';

export interface RecordingProxyOptions {
  /** Upstream base URL (`http://host:port[/base]`). */
  readonly upstream: string;
  readonly port?: number;
  readonly host?: string;
  /**
   * Receives each exchange, asynchronously, from the queue on this thread. Give this or `sink`.
   */
  readonly onExchange?: (exchange: Exchange) => Promise<void> | void;
  /**
   * Receives each exchange's bytes as it completes, on the request path, instead of `onExchange`: for a
   * consumer that analyses them elsewhere (RecorderThread), so no analysis ever runs on this event loop.
   * Must be cheap and must not throw.
   */
  readonly sink?: (exchange: ExchangeBytes) => void;
  readonly onError?: (e: unknown) => void;
  /** Exchanges waiting for analysis before new ones are dropped (default 1000). */
  readonly queueCapacity?: number;
  /**
   * The most of the proxy's time analysis takes while requests are waiting to be forwarded (default 0.5;
   * idle time is used whole). Under saturation the queue fills and further exchanges are dropped from
   * analysis, counted in `stats().dropped`.
   */
  readonly analysisShare?: number;
  /** Body bytes recorded per message (default 1 MiB). */
  readonly maxRecordBytes?: number;
  /** Client connections served at once, each with its own upstream connection (default 1024). */
  readonly maxSockets?: number;
  /** Milliseconds an upstream may stay silent while a response is awaited (default 30 s). */
  readonly upstreamTimeoutMs?: number;
}

export interface RecordingProxy {
  readonly url: string;
  readonly port: number;
  stats(): QueueStats & { readonly proxied: number; readonly upstreamErrors: number };
  /** Stops accepting, waits for in-flight exchanges to be analysed. */
  close(): Promise<void>;
}

/** Request headers meant for the proxy itself (and Host, replaced by the upstream's). */
const DROP = new Set(['host', 'proxy-connection', 'proxy-authorization']);
const MAX_HEAD = 64 * 1024;
const CRLF2 = Buffer.from('\r\n\r\n');
const IDLE_MS = 10_000;
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/**
 * One exchange as bytes (structured-clone safe): heads as received (latin1), bodies up to the recording
 * limit (`null` when absent, `truncated` when over it). `exchangeFromBytes` turns it into an Exchange.
 */
export interface ExchangeBytes {
  readonly seq: number;
  /** Epoch milliseconds when the request arrived. */
  readonly at: number;
  readonly method: string;
  readonly url: string;
  readonly reqHead: string;
  readonly reqBody: Uint8Array | null;
  readonly reqTruncated: boolean;
  readonly status: number;
  readonly resHead: string;
  readonly resBody: Uint8Array | null;
  readonly resTruncated: boolean;
}

/** What the request path keeps of one exchange; turned into an Exchange by the queue. */
interface Captured {
  readonly seq: number;
  readonly at: number;
  readonly method: string;
  readonly url: string;
  readonly reqHead: string;
  readonly reqBody: Tee | null;
  readonly status: number;
  readonly resHead: string;
  readonly resBody: Tee;
}

/** A request sent (or being sent) upstream, waiting for its response. */
interface Pending {
  readonly method: string;
  readonly url: string;
  readonly head: string;
  readonly sent: string;
  readonly body: Tee | null;
  readonly at: number;
}

type Body = { body?: unknown; bodyText?: string };

/** Sets `body`/`bodyText` on a message being built (no spread: this runs for every exchange). */
function setBody(
  target: Body,
  bytes: Uint8Array | null,
  truncated: boolean,
  contentType: string | undefined,
): void {
  if (truncated) {
    target.bodyText = '<not recorded: larger than the recording limit>';
    return;
  }
  if (bytes === null) return;
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const f = bodyFields(buf, contentType);
  if (f.body !== undefined) target.body = f.body;
  else if (f.bodyText !== undefined) target.bodyText = f.bodyText;
}

export function exchangeFromBytes(c: ExchangeBytes): Exchange {
  const reqHeaders = headerRecord(c.reqHead);
  const resHeaders = headerRecord(c.resHead);
  const request: ExchangeRequest & Body = { method: c.method, url: c.url, headers: reqHeaders };
  setBody(request, c.reqBody, c.reqTruncated, reqHeaders['content-type']);
  const response: ExchangeResponse & Body = { status: c.status, headers: resHeaders };
  setBody(response, c.resBody, c.resTruncated, resHeaders['content-type']);
  return { id: `proxy:${c.seq}`, timestamp: new Date(c.at).toISOString(), request, response };
}

function bytesOf(c: Captured): ExchangeBytes {
  return {
    seq: c.seq,
    at: c.at,
    method: c.method,
    url: c.url,
    reqHead: c.reqHead,
    reqBody: c.reqBody === null || c.reqBody.truncated ? null : c.reqBody.bytes(),
    reqTruncated: c.reqBody?.truncated === true,
    status: c.status,
    resHead: c.resHead,
    resBody: c.resBody.truncated ? null : c.resBody.bytes(),
    resTruncated: c.resBody.truncated,
  };
}

function problem(status: number, title: string, detail: string): Buffer {
  const body = JSON.stringify({ type: 'about:blank', title, status, detail });
  return Buffer.from(
    `HTTP/1.1 ${status} ${title}\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

export async function startRecordingProxy(options: RecordingProxyOptions): Promise<RecordingProxy> {
  const base = new URL(options.upstream);
  if (base.protocol !== 'http:')
    throw new Error(`the recording proxy forwards to http:// upstreams, got ${base.protocol}`);
  const basePath = base.pathname.replace(/\/+$/, '');
  const upHost = base.hostname.replace(/^\[|\]$/g, '');
  const upPort = Number(base.port || 80);
  const hostLine = `host: ${base.host}`;
  const timeout = options.upstreamTimeoutMs ?? 30_000;
  const maxRecord = options.maxRecordBytes ?? 1024 * 1024;
  const { onExchange, sink } = options;
  if ((onExchange === undefined) === (sink === undefined))
    throw new Error('startRecordingProxy takes exactly one of onExchange and sink');
  const queue = new DrainQueue<Captured>(
    options.queueCapacity ?? 1000,
    (c) => onExchange?.(exchangeFromBytes(bytesOf(c))),
    options.onError,
    options.analysisShare ?? 0.5,
  );
  const capture = sink ? (c: Captured) => sink(bytesOf(c)) : (c: Captured) => void queue.push(c);
  let proxied = 0;
  let upstreamErrors = 0;
  let seq = 0;
  let closing = false;
  const connections = new Set<Paired>();

  /** One client connection and the upstream connection paired with it. */
  class Paired {
    private upstream: Socket | null = null;
    private readonly pending: Pending[] = [];
    // Request side.
    private reqPartial: Buffer | null = null;
    private reqFraming: Framing = { kind: 'none' };
    private reqRemaining = 0;
    private reqChunks: ChunkedScanner | null = null;
    private reqTee: Tee | null = null;
    private tunnel = false;
    // Response side.
    private resPartial: Buffer | null = null;
    private resStarted = false;
    private resStatus = 0;
    private resHead = '';
    private resFraming: Framing = { kind: 'none' };
    private resRemaining = 0;
    private resChunks: ChunkedScanner | null = null;
    private resTee: Tee | null = null;
    private resCloses = false;
    /** Responses completed on the current upstream connection (a reused one may have been closed idle). */
    private served = 0;
    private retried = false;
    private ended = false;

    constructor(private readonly client: Socket) {
      client.setNoDelay(true);
      client.setTimeout(IDLE_MS);
      client.on('data', (d: Buffer) => this.fromClient(d));
      client.on('close', () => this.clientClosed());
      client.on('error', () => {});
      client.on('timeout', () => {
        if (this.pending.length === 0) this.destroy();
      });
      client.on('drain', () => this.upstream?.resume());
    }

    /** No answer owed (a half-received head owes none: closing may drop it). */
    get idle(): boolean {
      return this.pending.length === 0;
    }

    destroy(): void {
      this.ended = true;
      this.client.destroy();
      this.upstream?.destroy();
    }

    private openUpstream(): Socket {
      // Reads land in one shared buffer and are copied out at their size (no stream buffering per read).
      const up: Socket = tcpConnect({
        host: upHost,
        port: upPort,
        noDelay: true,
        onread: {
          buffer: READ_BUFFER,
          callback: (n: number, buf: Uint8Array) => {
            const chunk = Buffer.allocUnsafe(n);
            chunk.set(buf.subarray(0, n));
            this.fromUpstream(up, chunk);
            return true;
          },
        },
      });
      this.upstream = up;
      this.served = 0;
      up.setTimeout(timeout);
      up.on('drain', () => this.client.resume());
      up.on('timeout', () => {
        if (this.pending.length > 0) this.upstreamFailed(up, new Error(`no answer within ${timeout} ms`));
        else up.destroy();
      });
      up.on('error', (e) => this.upstreamFailed(up, e));
      up.on('end', () => this.upstreamEnded(up));
      up.on('close', () => this.upstreamFailed(up, new Error('connection closed')));
      return up;
    }

    /** Strings are heads decoded as latin1: written back as latin1, byte for byte. */
    private send(data: Buffer | string): void {
      const up = this.upstream ?? this.openUpstream();
      const ok = typeof data === 'string' ? up.write(data, 'latin1') : up.write(data);
      if (!ok) this.client.pause();
    }

    private badRequest(why: string): void {
      this.ended = true;
      this.client.end(problem(400, 'Bad Request', why));
      this.upstream?.end();
    }

    // ---- client → upstream

    private fromClient(chunk: Buffer): void {
      if (this.ended) return;
      if (this.tunnel) {
        this.send(chunk);
        return;
      }
      let buf = chunk;
      if (this.reqPartial !== null) {
        buf = Buffer.concat([this.reqPartial, chunk]);
        this.reqPartial = null;
      }
      let off = 0;
      while (off < buf.length && !this.ended) {
        const f = this.reqFraming;
        if (f.kind === 'none') {
          off = this.requestHead(buf, off);
          if (off < 0) return;
          continue;
        }
        if (f.kind === 'length') {
          const take = Math.min(this.reqRemaining, buf.length - off);
          const part = off === 0 && take === buf.length ? buf : buf.subarray(off, off + take);
          this.reqTee?.add(part);
          this.send(part);
          off += take;
          this.reqRemaining -= take;
          if (this.reqRemaining === 0) this.reqFraming = { kind: 'none' };
          continue;
        }
        // chunked: forward verbatim up to the body's end, decoded data to the tee
        const scanner = this.reqChunks!;
        const tee = this.reqTee;
        const end = scanner.feed(buf, off, (d) => tee?.add(d));
        if (scanner.error !== null) {
          this.badRequest(scanner.error);
          return;
        }
        const stop = end < 0 ? buf.length : end;
        this.send(off === 0 && stop === buf.length ? buf : buf.subarray(off, stop));
        off = stop;
        if (end >= 0) this.reqFraming = { kind: 'none' };
      }
    }

    /** Parses and forwards one request head at `off`; the offset after it, or -1 when incomplete. */
    private requestHead(buf: Buffer, start: number): number {
      let off = start;
      // Empty lines before a request line are allowed (RFC 9112 2.2).
      while (off < buf.length && (buf[off] === 13 || buf[off] === 10)) off++;
      if (off >= buf.length) return -1;
      const end = buf.indexOf(CRLF2, off);
      if (end < 0) {
        if (buf.length - off > MAX_HEAD) this.badRequest('request head larger than 64 KiB');
        else this.reqPartial = buf.subarray(off);
        return -1;
      }
      const head = buf.toString('latin1', off, end);
      const eol = head.indexOf('\r\n');
      const line = eol < 0 ? head : head.slice(0, eol);
      const sp1 = line.indexOf(' ');
      const sp2 = line.lastIndexOf(' ');
      const version = line.slice(sp2 + 1);
      if (sp1 <= 0 || sp2 <= sp1 || (version !== 'HTTP/1.1' && version !== 'HTTP/1.0')) {
        this.badRequest(`not an HTTP/1.x request line: '${line.slice(0, 100)}'`);
        return -1;
      }
      const method = line.slice(0, sp1);
      let url = line.slice(sp1 + 1, sp2);
      if (!url.startsWith('/') && url !== '*') {
        // absolute-form: keep path and query
        const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
        if (m === null) {
          this.badRequest(`unsupported request target '${url.slice(0, 100)}'`);
          return -1;
        }
        url = url.slice(m[0].length) || '/';
      }
      const kept: string[] = [`${method} ${basePath}${url} ${version}`, hostLine];
      const fields = scanHeaders(head, eol < 0 ? head.length : eol + 2, DROP, kept);
      if (typeof fields === 'string') {
        this.badRequest(fields);
        return -1;
      }
      const framing = requestFraming(fields);
      if (typeof framing === 'string') {
        this.badRequest(framing);
        return -1;
      }
      kept.push('', '');
      const sent = kept.join('\r\n');
      const tee = framing.kind === 'none' ? null : new Tee(maxRecord);
      this.pending.push({ method, url, head, sent, body: tee, at: Date.now() });
      this.reqFraming = framing;
      this.reqTee = tee;
      if (framing.kind === 'length') this.reqRemaining = framing.length;
      else if (framing.kind === 'chunked') this.reqChunks = new ChunkedScanner();
      this.send(sent);
      return end + 4;
    }

    private clientClosed(): void {
      connections.delete(this);
      if (this.pending.length > 0 && !this.ended) {
        // The client went away with calls in flight: the upstream calls are abandoned.
        upstreamErrors += this.pending.length;
        this.pending.length = 0;
      }
      this.ended = true;
      this.upstream?.destroy();
    }

    // ---- upstream → client

    private fromUpstream(up: Socket, chunk: Buffer): void {
      if (up !== this.upstream || this.ended) return;
      // The bytes go to the client as they are; parsing below only finds where responses end.
      if (!this.client.write(chunk)) up.pause();
      if (this.tunnel) return;
      let buf = chunk;
      if (this.resPartial !== null) {
        buf = Buffer.concat([this.resPartial, chunk]);
        this.resPartial = null;
      }
      let off = 0;
      while (off < buf.length) {
        this.resStarted = true;
        const f = this.resFraming;
        if (f.kind === 'none') {
          off = this.responseHead(buf, off);
          if (off < 0) return;
          continue;
        }
        if (f.kind === 'length') {
          const take = Math.min(this.resRemaining, buf.length - off);
          this.resTee!.add(off === 0 && take === buf.length ? buf : buf.subarray(off, off + take));
          off += take;
          this.resRemaining -= take;
          if (this.resRemaining === 0) this.responseDone();
          continue;
        }
        if (f.kind === 'close') {
          this.resTee!.add(off === 0 ? buf : buf.subarray(off));
          return;
        }
        const tee = this.resTee!;
        const end = this.resChunks!.feed(buf, off, (d) => tee.add(d));
        if (this.resChunks!.error !== null) {
          // The upstream's framing is broken: nothing after this can be delimited.
          upstreamErrors++;
          this.destroy();
          return;
        }
        if (end < 0) return;
        off = end;
        this.responseDone();
      }
    }

    private responseHead(buf: Buffer, start: number): number {
      const end = buf.indexOf(CRLF2, start);
      if (end < 0) {
        if (buf.length - start > MAX_HEAD) {
          upstreamErrors++;
          this.destroy();
        } else this.resPartial = buf.subarray(start);
        return -1;
      }
      const head = buf.toString('latin1', start, end);
      const eol = head.indexOf('\r\n');
      const line = eol < 0 ? head : head.slice(0, eol);
      const status = Number(line.slice(9, 12));
      const req = this.pending[0];
      const fields = scanHeaders(head, eol < 0 ? head.length : eol + 2, null, null);
      if (
        req === undefined ||
        !line.startsWith('HTTP/1.') ||
        !(status >= 100) ||
        typeof fields === 'string'
      ) {
        upstreamErrors++;
        this.destroy();
        return -1;
      }
      if (status === 101) {
        // Switching protocols: from here on both directions are a plain byte tunnel.
        this.tunnel = true;
        this.pending.shift();
        proxied++;
        return -1; // the bytes after the head were forwarded with it
      }
      if (status < 200) return end + 4; // 100 Continue and friends: the final answer follows
      this.resStatus = status;
      this.resHead = head;
      this.resTee = new Tee(maxRecord);
      this.resCloses = closesAfter(line.slice(0, 8), fields.connection);
      const framing = responseFraming(fields, status, req.method);
      this.resFraming = framing;
      if (framing.kind === 'length') this.resRemaining = framing.length;
      else if (framing.kind === 'chunked') this.resChunks = new ChunkedScanner();
      else if (framing.kind === 'none') this.responseDone();
      return end + 4;
    }

    private responseDone(): void {
      const req = this.pending.shift()!;
      const tee = this.resTee!;
      this.resFraming = { kind: 'none' };
      this.resTee = null;
      this.resStarted = false;
      this.served++;
      this.retried = false;
      proxied++;
      capture({
        seq: ++seq,
        at: req.at,
        method: req.method,
        url: req.url,
        reqHead: req.head,
        reqBody: req.body,
        status: this.resStatus,
        resHead: this.resHead,
        resBody: tee,
      });
      if (this.resCloses) {
        // The upstream closes after this answer; so does the client connection (paired semantics).
        this.ended = true;
        this.client.end();
        this.upstream?.end();
      } else if (closing && this.pending.length === 0) this.destroy();
    }

    private upstreamEnded(up: Socket): void {
      if (up !== this.upstream) return;
      if (this.resFraming.kind === 'close') {
        // A body delimited by the connection's end.
        this.responseDone();
        this.ended = true;
        this.client.end();
      }
    }

    private upstreamFailed(up: Socket, err: Error): void {
      if (up !== this.upstream) return;
      this.upstream = null;
      up.destroy();
      if (this.ended) return;
      if (this.tunnel) {
        this.client.end();
        return;
      }
      if (this.pending.length === 0) {
        // Answered early and closed while the client is still sending that request's body: the rest
        // of the body has nowhere to go (a new connection would take it for a request), so close too.
        if (this.reqFraming.kind !== 'none') {
          this.ended = true;
          this.client.end();
        }
        return; // an idle connection closed: reopened on the next request
      }
      const retryable =
        !this.resStarted &&
        this.served > 0 &&
        !this.retried &&
        this.reqFraming.kind === 'none' &&
        this.pending.every((p) => p.body === null);
      if (retryable) {
        // A reused connection the upstream had closed as idle: send the body-less requests again, once.
        this.retried = true;
        this.resPartial = null;
        for (const p of this.pending) this.send(p.sent);
        return;
      }
      upstreamErrors += this.pending.length;
      this.pending.length = 0;
      this.ended = true;
      if (!this.resStarted)
        this.client.end(problem(502, 'Bad Gateway', `upstream ${base.origin} failed: ${err.message}`));
      else this.client.destroy();
    }
  }

  const server: Server = createServer((socket) => {
    if (closing) {
      socket.destroy();
      return;
    }
    connections.add(new Paired(socket));
  });
  server.maxConnections = options.maxSockets ?? 1024;
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
      closing = true;
      const done = new Promise<void>((r) => server.close(() => r()));
      // Idle connections close now; busy ones after their last pending answer.
      for (const c of connections) if (c.idle) c.destroy();
      await done;
      await queue.drained();
    },
  };
}
