// Builds the HTTP server: Fastify with the route table, auth, problem+json errors, body limits, request
// timeouts, Prometheus metrics, and the server's own OpenAPI description. No listening here (cli/serve.ts).
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { ZodType } from 'zod';
import { DriftgateError } from '../core/errors.js';
import { authenticate, requireRole, type TokenEntry } from './auth.js';
import { registerDashboard } from './dashboard.js';
import type { ServerMetrics } from './metrics.js';
import { buildOpenApi } from './openapi.js';
import { HttpProblem, problem, toProblem, zodProblem } from './problem.js';
import type { RateLimiter } from './rate-limit.js';
import type { Route } from './route.js';

export interface AppOptions {
  readonly routes: readonly Route[];
  readonly tokens: readonly TokenEntry[];
  readonly metrics: ServerMetrics;
  readonly version: string;
  /** Largest accepted request body in bytes (413 beyond it). */
  readonly bodyLimit: number;
  /** Per-request timeout in ms (the socket is closed with 503 semantics after it). */
  readonly requestTimeoutMs: number;
  readonly ingestLimiter: RateLimiter;
  /** A pino logger, or false for none. */
  readonly logger: unknown;
}

function parseWith<T>(schema: ZodType<T> | undefined, value: unknown, where: 'body' | 'query' | 'params'): T {
  if (!schema) return value as T;
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!r.success) throw zodProblem(where, r.error);
  return r.data;
}

export function buildApp(options: AppOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger === false ? undefined : (options.logger as never),
    bodyLimit: options.bodyLimit,
    requestTimeout: options.requestTimeoutMs,
    connectionTimeout: 0,
    return503OnClosing: true,
    forceCloseConnections: false,
  } as never) as unknown as FastifyInstance;

  // Streamed bodies: handlers read request.raw themselves, with their own caps.
  const streamed = new Set(options.routes.flatMap((r) => r.rawBody ?? []));
  for (const ct of streamed) {
    if (ct === 'application/json') continue;
    app.addContentTypeParser(ct, (_req, payload, done) => done(null, payload));
  }

  app.setErrorHandler((error, request, reply) => {
    const { problem: p, headers } = toProblem(error);
    if (p.status >= 500) request.log.error({ err: error }, 'request failed');
    void reply.code(p.status).headers(headers).type('application/problem+json').send(p);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .code(404)
      .type('application/problem+json')
      .send(problem(404, 'not_found', `no route for ${request.method} ${request.url.split('?')[0]}`));
  });

  for (const route of options.routes) {
    const started = new WeakMap<FastifyRequest, bigint>();
    app.route({
      method: route.method,
      url: route.url,
      onRequest: async (request) => {
        started.set(request, process.hrtime.bigint());
      },
      onResponse: async (request, reply) => {
        const t0 = started.get(request);
        if (t0 !== undefined) {
          options.metrics.observeRequest(route, reply.statusCode, Number(process.hrtime.bigint() - t0) / 1e9);
        }
      },
      handler: async (request, reply) => {
        const principal =
          route.role === null ? null : authenticate(options.tokens, request.headers.authorization);
        if (principal && route.role) requireRole(principal, route.role);
        if (route.rateLimited)
          options.ingestLimiter.take(
            principal?.name === 'local' ? request.ip : (principal?.name ?? request.ip),
          );
        const params = parseWith(route.params, request.params, 'params');
        const query = parseWith(route.query, request.query, 'query');
        const body = route.rawBody ? request.body : parseWith(route.body, request.body, 'body');
        const result = await route.handler({
          params,
          query,
          body,
          principal: principal ?? { name: 'anonymous', role: 'reader', workspaces: new Set() },
          request,
          reply,
        });
        if (reply.sent) return reply;
        void reply.code(result.status ?? 200);
        if (result.headers) void reply.headers(result.headers);
        return reply.send(result.body);
      },
    });
  }

  const openapi = buildOpenApi(options.routes, options.version);
  app.get('/api/v1/openapi.json', async () => openapi);
  registerDashboard(app);
  return app;
}

export function notImplemented(detail: string): never {
  throw new HttpProblem(501, 'Not Implemented', detail, 'not_implemented');
}

export function badRequest(detail: string, field?: string): never {
  throw new DriftgateError('request.invalid', detail, field ? { pointer: field } : {});
}
