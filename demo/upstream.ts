// A small upstream that drifts: version 1 answers as its contract says; version 2 removes a field, changes a
// type, adds a field and answers 404 where it answered 200. Timestamps change on every call in both
// versions (a volatile value that is not drift). Used by `npm run demo` and the sync tests.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const SPEC_YAML = `openapi: 3.0.3
info:
  title: Users API
  version: 1.0.0
paths:
  /api/users/{id}:
    get:
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: integer
      responses:
        '200':
          description: The user
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/User'
  /api/orders/{id}:
    get:
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: integer
      responses:
        '200':
          description: The order
          content:
            application/json:
              schema:
                type: object
                required: [id, total]
                properties:
                  id:
                    type: integer
                  total:
                    type: number
  /api/health:
    get:
      responses:
        '200':
          description: Up
          content:
            application/json:
              schema:
                type: object
                properties:
                  status:
                    type: string
                  checked_at:
                    type: string
                    format: date-time
components:
  schemas:
    User:
      type: object
      required: [id, name, email]
      properties:
        id:
          type: integer
        name:
          type: string
        email:
          type: string
        updated_at:
          type: string
          format: date-time
`;

export interface DriftingUpstream {
  readonly url: string;
  /** 1: as the contract says; 2: drifted. */
  version: 1 | 2;
  /** Requests served (all paths). */
  readonly hits: () => number;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startDriftingUpstream(): Promise<DriftingUpstream> {
  let hits = 0;
  let tick = 0;
  const stamp = () => new Date(Date.UTC(2026, 10, 24, 3, 0, 0) + ++tick * 1000).toISOString();
  const state = { version: 1 as 1 | 2 };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    hits++;
    const path = (req.url ?? '/').split('?')[0]!;
    const v = state.version;
    let m = /^\/api\/users\/(\d+)$/.exec(path);
    if (m && req.method === 'GET') {
      const id = Number(m[1]);
      if (v === 1) return send(res, 200, { id, name: 'Ada', email: 'ada@example.com', updated_at: stamp() });
      // email removed, id now a string, nickname added; updated_at still a timestamp (new value).
      return send(res, 200, { id: String(id), name: 'Ada', nickname: 'ada', updated_at: stamp() });
    }
    m = /^\/api\/orders\/(\d+)$/.exec(path);
    if (m && req.method === 'GET') {
      if (v === 1) return send(res, 200, { id: Number(m[1]), total: 12.5 });
      return send(res, 404, { error: 'order not found' });
    }
    if (path === '/api/health' && req.method === 'GET')
      return send(res, 200, { status: 'ok', checked_at: stamp() });
    if (path === '/api/echo' && req.method === 'POST') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        send(res, 200, { received: text.length === 0 ? null : JSON.parse(text) });
      });
      return;
    }
    send(res, 404, { error: 'no such route' });
  };
  const server: Server = createServer(handle);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get version() {
      return state.version;
    },
    set version(v: 1 | 2) {
      state.version = v;
    },
    hits: () => hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface WebhookReceiver {
  readonly url: string;
  readonly received: { readonly headers: Record<string, string>; readonly body: string }[];
  close(): Promise<void>;
}

/** Collects webhook POSTs (raw body and headers) and answers 204. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: { headers: Record<string, string>; body: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      received.push({ headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/driftgate`,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
