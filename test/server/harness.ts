// In-process server over a real store (SQLite temp file, or PostgreSQL in its own schema) for route tests.

import { openNotificationOutbox } from '../../src/adapters/storage/outbox-open.js';
import { type AssembleOptions, assembleServer, type ComposedServer } from '../../src/compose.js';
import { parseConfig } from '../../src/config/index.js';
import { fixedClock } from '../../src/ports/clock.js';
import type { StoreLocation, StoreTarget } from '../storage/targets.js';

export interface TestServer {
  readonly server: ComposedServer;
  readonly location: StoreLocation;
  /** JSON request through Fastify's inject (no socket). */
  call(
    method: string,
    url: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string>; payload?: string },
  ): Promise<{ status: number; body: any; headers: Record<string, unknown>; text: string }>;
  close(): Promise<void>;
}

export const NOW = '2026-11-20T12:00:00.000Z';

export async function startTestServer(
  target: StoreTarget,
  options: { config?: string; tokens?: unknown[]; env?: Record<string, string>; outbox?: boolean } = {},
): Promise<TestServer> {
  const location = await target.fresh();
  const store = await location.open();
  const env: Record<string, string> = {
    ...(options.tokens ? { DRIFTGATE_TOKENS: JSON.stringify(options.tokens) } : {}),
    ...options.env,
  };
  const config = parseConfig(options.config ?? '{}', { file: 'test.yaml', env });
  const outbox = options.outbox
    ? await openNotificationOutbox({
        url: location.url,
        dataDir: location.dataDir,
        ...(location.schema ? { schema: location.schema } : {}),
      })
    : undefined;
  const assemble: AssembleOptions = {
    env,
    store,
    config,
    example: null,
    log: false,
    clock: fixedClock(NOW),
    ...(outbox ? { outbox } : {}),
  };
  const server = assembleServer(assemble);
  await server.app.ready();
  return {
    server,
    location,
    async call(method, url, o = {}) {
      const res = await server.app.inject({
        method: method as 'GET',
        url,
        headers: {
          ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
          ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...o.headers,
        },
        ...(o.body !== undefined ? { payload: JSON.stringify(o.body) } : {}),
        ...(o.payload !== undefined ? { payload: o.payload } : {}),
      });
      let body: unknown = null;
      try {
        body = res.json();
      } catch {
        body = null;
      }
      return { status: res.statusCode, body, headers: res.headers, text: res.body };
    },
    async close() {
      await server.close();
      await location.cleanup();
    },
  };
}

/** Two tiny contract versions: v2 removes GET /b (breaking) and adds GET /c (non-breaking). */
export function specVersion(n: 1 | 2, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const ok = {
    '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } },
  };
  const paths: Record<string, unknown> = { '/a': { get: { tags: ['t'], responses: ok } } };
  if (n === 1) paths['/b'] = { get: { tags: ['t'], responses: ok } };
  if (n === 2) paths['/c'] = { get: { tags: ['t'], responses: ok } };
  return { openapi: '3.0.3', info: { title: 'Svc', version: String(n) }, paths, ...extra };
}
