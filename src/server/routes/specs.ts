// POST /api/v1/drift/specs: register a contract version; diffed against the previous one; the changes go
// through the budget and incident pipeline (INTERFACES.md "Names that scripts rely on").
import { z } from 'zod';
import { registerSpec } from '../../app/register-spec.js';
import { DriftgateError } from '../../core/errors.js';
import { parseSpecText } from '../../core/openapi/index.js';
import { assertWorkspace } from '../auth.js';
import type { ServerContext } from '../context.js';
import { defineRoute, type Route } from '../route.js';

const Counts = z.object({ breaking: z.number(), potentially_breaking: z.number(), non_breaking: z.number() });

export function specRoutes(ctx: ServerContext): Route[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/drift/specs',
      operationId: 'registerSpec',
      summary: 'Register a contract version for a workspace/service; it is diffed against the previous one',
      tags: ['ingestion'],
      role: 'writer',
      rateLimited: true,
      body: z.strictObject({
        workspace_id: z.string().min(1),
        service_name: z.string().min(1).optional(),
        version: z.string().optional(),
        spec: z.union([z.record(z.string(), z.unknown()), z.string().min(1)]),
      }),
      responses: {
        201: {
          description: 'A new version',
          schema: z.object({
            id: z.string(),
            created: z.boolean(),
            previous_id: z.string().nullable(),
            changes: Counts,
            evaluation: z.unknown(),
            incident_ids: z.array(z.string()),
          }),
        },
        200: { description: 'The same document was already the latest version: nothing to diff' },
      },
      handler: async ({ principal, body }) => {
        assertWorkspace(principal, body.workspace_id, 'workspace');
        const name = `spec (workspace ${body.workspace_id})`;
        const document = typeof body.spec === 'string' ? parseSpecText(body.spec, name) : body.spec;
        const started = process.hrtime.bigint();
        const result = await registerSpec(
          { store: ctx.store, newId: ctx.newId, configBudgets: ctx.configBudgets, rules: ctx.rules },
          {
            workspaceId: body.workspace_id,
            service: body.service_name ?? '',
            versionLabel: body.version ?? null,
            document,
            name,
            now: ctx.clock.now(),
            actor: principal.name,
          },
        );
        ctx.metrics.evaluations.labels('spec').observe(Number(process.hrtime.bigint() - started) / 1e9);
        for (const e of result.ingest?.report.evaluations ?? []) {
          for (const level of ['breaking', 'potentially_breaking', 'non_breaking'] as const) {
            const n = e.counts[level];
            if (n > 0) ctx.metrics.driftEvents.labels('spec', level, e.operation ?? '*').inc(n);
          }
        }
        const ids = result.ingest?.incident_ids ?? [];
        if (ids.length > 0 && result.ingest?.report.budget_exceeded) ctx.onIncidents(body.workspace_id, ids);
        ctx.metrics.incidents.labels('created').inc(result.ingest?.created_incident_ids.length ?? 0);
        ctx.metrics.incidents
          .labels('updated')
          .inc(ids.length - (result.ingest?.created_incident_ids.length ?? 0));
        return {
          status: result.created ? 201 : 200,
          body: {
            id: result.version.id,
            created: result.created,
            previous_id: result.version.previous_id,
            changes: result.changes,
            evaluation: result.ingest?.report ?? null,
            incident_ids: ids,
          },
        };
      },
    }),
  ];
}

export function gitopsRoutes(
  ctx: ServerContext,
  generatePr: ((input: unknown) => Promise<{ readonly outcome: string }>) | null,
): Route[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/drift/gitops/generate-pr',
      operationId: 'generatePr',
      summary: 'Open (or update) the GitOps pull request for incidents',
      tags: ['gitops'],
      role: 'writer',
      body: z
        .strictObject({
          incident_ids: z.array(z.string().min(1)).min(1).optional(),
          status: z.enum(['open', 'acknowledged', 'resolved', 'closed']).optional(),
          workspace_id: z.string().min(1).optional(),
        })
        .refine(
          (b) => b.incident_ids !== undefined || (b.status !== undefined && b.workspace_id !== undefined),
          {
            message: 'give incident_ids, or status and workspace_id',
          },
        ),
      responses: {
        201: { description: 'The pull request' },
        501: { description: 'GitOps is not configured' },
      },
      handler: async ({ body, principal }) => {
        // Isolation: every incident asked for, or the workspace, must be the caller's.
        if (body.workspace_id !== undefined) assertWorkspace(principal, body.workspace_id, 'workspace');
        for (const id of body.incident_ids ?? []) {
          const incident = await ctx.store.incidents.get(id);
          if (!incident) throw new DriftgateError('store.not_found', `incident '${id}' not found`);
          assertWorkspace(principal, incident.workspace_id, `incident '${id}'`);
        }
        if (!generatePr) {
          throw new DriftgateError(
            'not_implemented',
            'GitOps is not configured on this server (drift_budget.gitops.enabled with a provider)',
          );
        }
        const result = await generatePr(body);
        // 201 when a PR was opened; 200 for updated/unchanged/nothing to do/not opened (with the reason).
        return { status: result.outcome === 'opened' ? 201 : 200, body: result };
      },
    }),
  ];
}
