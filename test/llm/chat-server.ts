// A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions protocol, for the AI layer's tests.
// Each request is answered by the current `mode`; every request is recorded (headers and raw body).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Mode =
  | { kind: 'reply'; content: string }
  | { kind: 'slow'; delayMs: number; content: string }
  | { kind: 'status'; status: number; body: string }
  | { kind: 'raw'; body: string };

export interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface ChatServer {
  readonly baseUrl: string;
  readonly requests: Recorded[];
  mode: Mode;
  close(): Promise<void>;
}

export async function startChatServer(mode: Mode): Promise<ChatServer> {
  const requests: Recorded[] = [];
  const state = { mode };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const m = state.mode;
      const completion = (content: string) =>
        JSON.stringify({
          id: 'chatcmpl-test',
          object: 'chat.completion',
          model: (JSON.parse(body) as { model?: string }).model ?? 'x',
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        });
      if (req.url !== '/v1/chat/completions' || req.method !== 'POST') {
        res.writeHead(404).end('{"error":"not found"}');
        return;
      }
      switch (m.kind) {
        case 'reply':
          res.writeHead(200, { 'content-type': 'application/json' }).end(completion(m.content));
          return;
        case 'slow': {
          const t = setTimeout(() => {
            if (!res.destroyed)
              res.writeHead(200, { 'content-type': 'application/json' }).end(completion(m.content));
          }, m.delayMs);
          res.on('close', () => clearTimeout(t));
          return;
        }
        case 'status':
          res.writeHead(m.status, { 'content-type': 'application/json' }).end(m.body);
          return;
        case 'raw':
          res.writeHead(200, { 'content-type': 'application/json' }).end(m.body);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    get mode() {
      return state.mode;
    },
    set mode(m: Mode) {
      state.mode = m;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
