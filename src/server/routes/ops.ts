// Operations endpoints: liveness, readiness (database reachable, migrations applied), Prometheus.
import { z } from 'zod';
import type { ServerContext } from '../context.js';
import { defineRoute, type Route } from '../route.js';

export function opsRoutes(
  ctx: ServerContext,
  ready: () => Promise<{ ok: boolean; detail: string }>,
): Route[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/healthz',
      operationId: 'healthz',
      summary: 'Liveness',
      tags: ['ops'],
      role: null,
      responses: { 200: { description: 'alive', schema: z.object({ status: z.literal('ok') }) } },
      handler: async () => ({ body: { status: 'ok' } }),
    }),
    defineRoute({
      method: 'GET',
      url: '/readyz',
      operationId: 'readyz',
      summary: 'Readiness: database reachable and migrations applied',
      tags: ['ops'],
      role: null,
      responses: {
        200: { description: 'ready' },
        503: { description: 'not ready' },
      },
      handler: async () => {
        const r = await ready();
        return { status: r.ok ? 200 : 503, body: { status: r.ok ? 'ready' : 'not_ready', detail: r.detail } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/metrics',
      operationId: 'prometheusMetrics',
      summary: 'Prometheus metrics',
      tags: ['ops'],
      role: null,
      responses: { 200: { description: 'text/plain exposition format' } },
      handler: async ({ reply }) => {
        const text = await ctx.metrics.registry.metrics();
        void reply.type(ctx.metrics.registry.contentType);
        return { body: text };
      },
    }),
  ];
}
