// API sync over HTTP: the stored cycle summaries of a workspace (newest first) and a cycle run now. A run
// takes the workspace's database lease; while another instance (or the scheduler) holds it: 409 problem.
import { z } from 'zod';
import type { SyncService } from '../../app/sync-schedule.js';
import { DriftgateError } from '../../core/errors.js';
import { assertWorkspace } from '../auth.js';
import type { ServerContext } from '../context.js';
import { defineRoute, type Route } from '../route.js';

export type { SyncService };

const Cycle = z.object({
  id: z.string(),
  workspace_id: z.string(),
  status: z.string(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  summary: z.unknown(),
});

export function syncRoutes(ctx: ServerContext, sync: SyncService | null): Route[] {
  const defaultWorkspace = sync?.workspaceId ?? ctx.config.sync?.workspace ?? 'default';
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/drift/sync/cycles',
      operationId: 'listSyncCycles',
      summary: "A workspace's sync cycles, newest first, with their summaries",
      tags: ['sync'],
      role: 'reader',
      query: z.object({
        workspace_id: z.string().min(1).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(20),
      }),
      responses: {
        200: { description: 'Cycles', schema: z.object({ cycles: z.array(Cycle) }) },
      },
      handler: async ({ principal, query }) => {
        const workspace = query.workspace_id ?? defaultWorkspace;
        assertWorkspace(principal, workspace, 'workspace');
        return { body: { cycles: await ctx.store.syncCycles.list(workspace, query.limit) } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/drift/sync/run',
      operationId: 'runSyncCycle',
      summary: 'Run a sync cycle now (replay, compare, pipeline); 409 while one runs for the workspace',
      tags: ['sync'],
      role: 'writer',
      body: z.strictObject({ workspace_id: z.string().min(1).optional() }).default({}),
      responses: {
        200: {
          description: 'The finished cycle',
          schema: z.object({
            sync_cycle_id: z.string(),
            workspace_id: z.string(),
            status: z.string(),
            started_at: z.string(),
            finished_at: z.string(),
            summary: z.unknown(),
            changes: z.array(z.unknown()),
          }),
        },
        409: { description: 'A cycle for this workspace is running (its lease is held)' },
      },
      handler: async ({ principal, body }) => {
        const workspace = body.workspace_id ?? defaultWorkspace;
        assertWorkspace(principal, workspace, 'workspace');
        if (sync === null)
          throw new DriftgateError(
            'request.invalid',
            'API sync is not configured: add a sync section to the config',
          );
        if (workspace !== sync.workspaceId)
          throw new DriftgateError(
            'request.invalid',
            `the config syncs workspace '${sync.workspaceId}', not '${workspace}'`,
          );
        // GitOps already ran inside the cycle (auto_open): no second trigger here.
        const result = await sync.run(workspace);
        return { body: result };
      },
    }),
  ];
}
