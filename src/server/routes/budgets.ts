// Budget routes (seed paths): list, lookup, create per endpoint/workspace/service, get one.
import { z } from 'zod';
import { budgetFromStored } from '../../app/check-stored-budgets.js';
import { effectiveBudgetSet } from '../../app/ingest-findings.js';
import { type Budget, budgetId, lookupBudget } from '../../core/budgets/index.js';
import { DriftgateError } from '../../core/errors.js';
import { SEVERITIES } from '../../core/findings.js';
import type { BudgetScopeKind, StoredBudget } from '../../ports/contract-store.js';
import { assertWorkspace, canSee, type Principal, requireRole } from '../auth.js';
import type { ServerContext } from '../context.js';
import { defineRoute, type Route } from '../route.js';

const Fields = {
  max_breaking_changes: z.int().min(0).optional(),
  max_potentially_breaking_changes: z.int().min(0).optional(),
  max_non_breaking_changes: z.int().min(0).optional(),
  severity_threshold: z.enum(SEVERITIES).optional(),
  max_field_churn_percent: z.number().min(0).optional(),
  time_window_days: z.int().min(1).optional(),
  enabled: z.boolean().optional(),
};

const BudgetOut = z.object({
  id: z.string(),
  level: z.enum(['endpoint', 'tag', 'service', 'workspace', 'default']),
  key: z.string().nullable(),
  workspace_id: z.string().nullable(),
  origin: z.enum(['config', 'stored']),
  enabled: z.boolean(),
  max_breaking_changes: z.number().nullable(),
  max_potentially_breaking_changes: z.number().nullable(),
  max_non_breaking_changes: z.number().nullable(),
  severity_threshold: z.enum(SEVERITIES).nullable(),
  max_field_churn_percent: z.number().nullable(),
  time_window_days: z.number().nullable(),
  created_at: z.string().nullable(),
  updated_at: z.string().nullable(),
});
type BudgetOut = z.output<typeof BudgetOut>;

function fromConfig(b: Budget): BudgetOut {
  return {
    id: b.id,
    level: b.level,
    key: b.key,
    workspace_id: b.level === 'workspace' ? b.key : null,
    origin: 'config',
    enabled: b.enabled,
    max_breaking_changes: b.max_breaking_changes ?? null,
    max_potentially_breaking_changes: b.max_potentially_breaking_changes ?? null,
    max_non_breaking_changes: b.max_non_breaking_changes ?? null,
    severity_threshold: b.severity_threshold ?? null,
    max_field_churn_percent: b.max_field_churn_percent ?? null,
    time_window_days: b.time_window_days ?? null,
    created_at: null,
    updated_at: null,
  };
}

function fromStored(b: StoredBudget): BudgetOut {
  return {
    ...fromConfig(budgetFromStored(b)),
    origin: 'stored',
    workspace_id: b.workspace_id === '' ? null : b.workspace_id,
    created_at: b.created_at,
    updated_at: b.updated_at,
  };
}

function visible(p: Principal, b: BudgetOut): boolean {
  return b.workspace_id === null || canSee(p, b.workspace_id);
}

async function allBudgets(ctx: ServerContext): Promise<BudgetOut[]> {
  const stored = (await ctx.store.budgets.list()).map(fromStored);
  // A stored budget for the same slot replaces the config one (mergeBudgetSets does the same when evaluating).
  const replaced = new Set(
    stored
      .filter((b) => b.workspace_id === null || b.level === 'workspace')
      .map((b) => budgetId(b.level, b.key)),
  );
  return [...ctx.configBudgets.budgets.map(fromConfig).filter((b) => !replaced.has(b.id)), ...stored];
}

async function createBudget(
  ctx: ServerContext,
  p: Principal,
  kind: BudgetScopeKind,
  key: string,
  workspaceId: string,
  fields: Record<string, unknown>,
): Promise<BudgetOut> {
  if (workspaceId === '') requireRole(p, 'admin');
  else if (!canSee(p, workspaceId)) {
    throw new DriftgateError('auth.forbidden', `no access to workspace '${workspaceId}'`);
  }
  const at = ctx.clock.now().toISOString();
  if (workspaceId !== '') await ctx.store.workspaces.ensure(workspaceId, at);
  const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);
  const stored = await ctx.store.budgets.put({
    scope_kind: kind,
    scope_key: key,
    workspace_id: workspaceId,
    at,
    max_breaking_changes: orNull(fields.max_breaking_changes as number | undefined),
    max_potentially_breaking_changes: orNull(fields.max_potentially_breaking_changes as number | undefined),
    max_non_breaking_changes: orNull(fields.max_non_breaking_changes as number | undefined),
    severity_threshold: orNull(fields.severity_threshold as StoredBudget['severity_threshold'] | undefined),
    max_field_churn_percent: orNull(fields.max_field_churn_percent as number | undefined),
    time_window_days: orNull(fields.time_window_days as number | undefined),
    enabled: orNull(fields.enabled as boolean | undefined),
  });
  return fromStored(stored);
}

export function budgetRoutes(ctx: ServerContext): Route[] {
  const created = {
    201: {
      description: 'The stored budget (replaces one already set for the same scope)',
      schema: BudgetOut,
    },
  };
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/drift/budgets',
      operationId: 'listBudgets',
      summary: 'List budgets from the config and the API',
      tags: ['budgets'],
      role: 'reader',
      query: z.object({ workspace_id: z.string().optional() }),
      responses: {
        200: { description: 'Budgets', schema: z.object({ budgets: z.array(BudgetOut), total: z.number() }) },
      },
      handler: async ({ principal, query }) => {
        const budgets = (await allBudgets(ctx)).filter(
          (b) =>
            visible(principal, b) &&
            (query.workspace_id === undefined ||
              b.workspace_id === null ||
              b.workspace_id === query.workspace_id),
        );
        return { body: { budgets, total: budgets.length } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/drift/budgets/lookup',
      operationId: 'lookupBudget',
      summary: 'The effective budget of an endpoint, and which levels produced each field',
      tags: ['budgets'],
      role: 'reader',
      query: z.object({
        endpoint: z.string().optional().describe('Path template or concrete path, e.g. /api/users'),
        method: z.string().optional(),
        workspace_id: z.string().optional(),
        service: z.string().optional(),
        service_name: z.string().optional(),
        tags: z.string().optional().describe('Comma-separated OpenAPI tags of the operation'),
      }),
      responses: { 200: { description: 'Resolution with its chain' } },
      handler: async ({ principal, query }) => {
        const workspace = query.workspace_id ?? null;
        if (workspace !== null) assertWorkspace(principal, workspace, 'workspace');
        const set = await effectiveBudgetSet(ctx.store, ctx.configBudgets, workspace ?? '');
        const resolution = lookupBudget(set, {
          workspace,
          service: query.service ?? query.service_name ?? null,
          tags: query.tags
            ? query.tags
                .split(',')
                .map((t) => t.trim())
                .filter(Boolean)
            : [],
          method: query.method ?? null,
          path: query.endpoint ?? null,
        });
        return { body: resolution };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/drift/budgets',
      operationId: 'createEndpointBudget',
      summary: 'Create (or replace) an endpoint budget',
      tags: ['budgets'],
      role: 'writer',
      body: z.strictObject({
        endpoint: z.string().regex(/^\//, 'an OpenAPI path template starting with /'),
        method: z
          .string()
          .regex(/^[A-Za-z]+$/)
          .optional(),
        workspace_id: z.string().min(1).optional(),
        ...Fields,
      }),
      responses: created,
      handler: async ({ principal, body }) => {
        const { endpoint, method, workspace_id, ...fields } = body;
        const key = method ? `${method.toUpperCase()} ${endpoint}` : endpoint;
        return {
          status: 201,
          body: await createBudget(ctx, principal, 'endpoint', key, workspace_id ?? '', fields),
        };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/drift/budgets/workspace',
      operationId: 'createWorkspaceBudget',
      summary: 'Create (or replace) a workspace budget',
      tags: ['budgets'],
      role: 'writer',
      body: z.strictObject({ workspace_id: z.string().min(1), ...Fields }),
      responses: created,
      handler: async ({ principal, body }) => {
        const { workspace_id, ...fields } = body;
        return {
          status: 201,
          body: await createBudget(ctx, principal, 'workspace', workspace_id, workspace_id, fields),
        };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/drift/budgets/service',
      operationId: 'createServiceBudget',
      summary: 'Create (or replace) a service budget',
      tags: ['budgets'],
      role: 'writer',
      body: z.strictObject({
        service_name: z.string().min(1),
        workspace_id: z.string().min(1).optional(),
        ...Fields,
      }),
      responses: created,
      handler: async ({ principal, body }) => {
        const { service_name, workspace_id, ...fields } = body;
        return {
          status: 201,
          body: await createBudget(ctx, principal, 'service', service_name, workspace_id ?? '', fields),
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/drift/budgets/:id',
      operationId: 'getBudget',
      summary: 'One budget by id (stored uuid, or a config id such as `endpoint:POST /api/users`)',
      tags: ['budgets'],
      role: 'reader',
      params: z.object({ id: z.string().min(1) }),
      responses: { 200: { description: 'The budget', schema: BudgetOut } },
      handler: async ({ principal, params }) => {
        const stored = await ctx.store.budgets.get(params.id);
        const found = stored ? fromStored(stored) : (await allBudgets(ctx)).find((b) => b.id === params.id);
        if (!found || !visible(principal, found))
          throw new DriftgateError('store.not_found', `budget '${params.id}' not found`);
        return { body: found };
      },
    }),
  ];
}
