// Incident routes (seed paths): filtered list with cursor pagination and an exact total, stats, one
// incident with its timeline, PATCH (status / external ticket), resolve.
import { z } from 'zod';
import { updateIncident } from '../../app/update-incident.js';
import { DriftgateError } from '../../core/errors.js';
import { SEVERITIES } from '../../core/findings.js';
import { INCIDENT_STATUSES, INCIDENT_TYPES } from '../../core/incidents/incident.js';
import type { IncidentFilter } from '../../ports/incident-store.js';
import { assertWorkspace, type Principal, requireRole } from '../auth.js';
import type { ServerContext } from '../context.js';
import { defineRoute, type Route } from '../route.js';

/** `a,b` or repeated `?x=a&x=b` → validated list. */
function csvOf<T extends readonly [string, ...string[]]>(values: T) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)))
    .optional();
}

const FilterQuery = {
  status: csvOf(INCIDENT_STATUSES),
  severity: csvOf(SEVERITIES),
  incident_type: csvOf(INCIDENT_TYPES),
  endpoint: z.string().optional(),
  method: z.string().optional(),
  workspace_id: z.string().optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
};

type FilterInput = {
  status?: string[] | undefined;
  severity?: string[] | undefined;
  incident_type?: string[] | undefined;
  endpoint?: string | undefined;
  method?: string | undefined;
  workspace_id?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
};

/** The store filter for a caller: a workspace-limited token only ever sees its workspaces. */
function filterFor(p: Principal, q: FilterInput): IncidentFilter {
  let workspace = q.workspace_id;
  if (workspace !== undefined) assertWorkspace(p, workspace, 'workspace');
  else if (p.workspaces !== '*') {
    if (p.workspaces.size !== 1) {
      throw new DriftgateError('request.invalid', 'this token covers several workspaces: pass workspace_id', {
        pointer: 'query.workspace_id',
      });
    }
    workspace = [...p.workspaces][0]!;
  }
  const iso = (s: string | undefined) => (s === undefined ? undefined : new Date(s).toISOString());
  const since = iso(q.since);
  const until = iso(q.until);
  return {
    ...(q.status ? { status: q.status as IncidentFilter['status'] & string[] } : {}),
    ...(q.severity ? { severity: q.severity as IncidentFilter['severity'] & string[] } : {}),
    ...(q.incident_type
      ? { incident_type: q.incident_type as IncidentFilter['incident_type'] & string[] }
      : {}),
    ...(q.endpoint !== undefined ? { endpoint: q.endpoint } : {}),
    ...(q.method !== undefined ? { method: q.method.toUpperCase() } : {}),
    ...(workspace !== undefined ? { workspace_id: workspace } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
  };
}

async function visibleIncident(ctx: ServerContext, p: Principal, id: string) {
  const incident = await ctx.store.incidents.get(id);
  if (!incident) throw new DriftgateError('store.not_found', `incident '${id}' not found`);
  assertWorkspace(p, incident.workspace_id, `incident '${id}'`);
  return incident;
}

export function incidentRoutes(ctx: ServerContext): Route[] {
  const IdParams = z.object({ id: z.string().min(1) });
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/drift/incidents',
      operationId: 'listIncidents',
      summary: 'List incidents (filters, cursor pagination; total is the number of matches)',
      tags: ['incidents'],
      role: 'reader',
      query: z.object({
        ...FilterQuery,
        limit: z.coerce.number().int().min(1).max(1000).default(50),
        cursor: z.string().optional(),
      }),
      responses: { 200: { description: 'A page of incidents' } },
      handler: async ({ principal, query }) => {
        const page = await ctx.store.incidents.list(filterFor(principal, query), {
          limit: query.limit,
          ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
        });
        return {
          body: {
            incidents: page.items,
            total: page.total,
            limit: query.limit,
            next_cursor: page.next_cursor,
          },
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/drift/incidents/stats',
      operationId: 'incidentStats',
      summary: 'Incident statistics: by status, severity, type, endpoint, workspace; MTTA and MTTR',
      tags: ['incidents'],
      role: 'reader',
      query: z.object(FilterQuery),
      responses: { 200: { description: 'Statistics' } },
      handler: async ({ principal, query }) => ({
        body: await ctx.store.incidents.stats(filterFor(principal, query)),
      }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/drift/incidents/:id',
      operationId: 'getIncident',
      summary: 'One incident with its timeline',
      tags: ['incidents'],
      role: 'reader',
      params: IdParams,
      responses: { 200: { description: 'The incident' } },
      handler: async ({ principal, params }) => ({ body: await visibleIncident(ctx, principal, params.id) }),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/v1/drift/incidents/:id',
      operationId: 'updateIncident',
      summary: 'Change status (acknowledged, resolved, closed, open) or link an external ticket',
      tags: ['incidents'],
      role: 'writer',
      params: IdParams,
      body: z
        .strictObject({
          status: z.enum(INCIDENT_STATUSES).optional(),
          external_ticket_id: z.string().nullable().optional(),
          external_ticket_url: z.url().nullable().optional(),
          note: z.string().max(2000).optional(),
        })
        .refine(
          (b) =>
            b.status !== undefined ||
            b.external_ticket_id !== undefined ||
            b.external_ticket_url !== undefined,
          {
            message: 'nothing to change: give status, external_ticket_id or external_ticket_url',
          },
        ),
      responses: { 200: { description: 'The updated incident' } },
      handler: async ({ principal, params, body }) => {
        await visibleIncident(ctx, principal, params.id);
        const updated = await updateIncident(
          { store: ctx.store, newId: ctx.newId },
          {
            id: params.id,
            ...(body.status !== undefined ? { status: body.status } : {}),
            ...(body.external_ticket_id !== undefined ? { external_ticket_id: body.external_ticket_id } : {}),
            ...(body.external_ticket_url !== undefined
              ? { external_ticket_url: body.external_ticket_url }
              : {}),
            ...(body.note !== undefined ? { note: body.note } : {}),
            at: ctx.clock.now().toISOString(),
            actor: principal.name,
          },
        );
        return { body: updated };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/drift/incidents/:id/resolve',
      operationId: 'resolveIncident',
      summary: 'Resolve an incident (body optional: {"note": "..."})',
      tags: ['incidents'],
      role: 'writer',
      params: IdParams,
      body: z.strictObject({ note: z.string().max(2000).optional() }).optional(),
      responses: { 200: { description: 'The resolved incident' } },
      handler: async ({ principal, params, body }) => {
        requireRole(principal, 'writer');
        await visibleIncident(ctx, principal, params.id);
        const updated = await updateIncident(
          { store: ctx.store, newId: ctx.newId },
          {
            id: params.id,
            status: 'resolved',
            ...(body?.note !== undefined ? { note: body.note } : {}),
            at: ctx.clock.now().toISOString(),
            actor: principal.name,
          },
        );
        return { body: updated };
      },
    }),
  ];
}
