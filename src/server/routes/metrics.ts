// GET /api/v1/drift/metrics: drift as time series (hour/day buckets), per workspace/service.
import { z } from 'zod';
import { DriftgateError } from '../../core/errors.js';
import { METRIC_BUCKETS } from '../../ports/drift-event-store.js';
import { assertWorkspace } from '../auth.js';
import type { ServerContext } from '../context.js';
import { defineRoute, type Route } from '../route.js';

const MAX_BUCKETS = 24 * 400;

export function metricsRoutes(ctx: ServerContext): Route[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/drift/metrics',
      operationId: 'driftMetrics',
      summary: 'Drift events by level, incidents opened/resolved, budget consumption and churn % over time',
      tags: ['metrics'],
      role: 'reader',
      query: z.object({
        bucket: z.enum(METRIC_BUCKETS).default('day'),
        since: z.iso.datetime({ offset: true }).optional(),
        until: z.iso.datetime({ offset: true }).optional(),
        workspace_id: z.string().optional(),
        service: z.string().optional(),
      }),
      responses: { 200: { description: 'Zero-filled series' } },
      handler: async ({ principal, query }) => {
        let workspace = query.workspace_id;
        if (workspace !== undefined) assertWorkspace(principal, workspace, 'workspace');
        else if (principal.workspaces !== '*') {
          if (principal.workspaces.size !== 1) {
            throw new DriftgateError(
              'request.invalid',
              'this token covers several workspaces: pass workspace_id',
              {
                pointer: 'query.workspace_id',
              },
            );
          }
          workspace = [...principal.workspaces][0]!;
        }
        const now = ctx.clock.now();
        const until = query.until ? new Date(query.until) : now;
        const defaultSpan = query.bucket === 'hour' ? 48 * 3_600_000 : 30 * 86_400_000;
        const since = query.since ? new Date(query.since) : new Date(until.getTime() - defaultSpan);
        const step = query.bucket === 'hour' ? 3_600_000 : 86_400_000;
        if (since >= until)
          throw new DriftgateError('request.invalid', 'since must be before until', {
            pointer: 'query.since',
          });
        if ((until.getTime() - since.getTime()) / step > MAX_BUCKETS) {
          throw new DriftgateError('request.invalid', `at most ${MAX_BUCKETS} buckets per query`, {
            pointer: 'query.since',
          });
        }
        const series = await ctx.store.metrics.series({
          bucket: query.bucket,
          since: since.toISOString(),
          until: until.toISOString(),
          ...(workspace !== undefined ? { workspace_id: workspace } : {}),
          ...(query.service !== undefined ? { service: query.service } : {}),
        });
        return { body: series };
      },
    }),
  ];
}
