// Workspaces, content-addressed contract versions and API-created budgets over Kysely.
import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import { DriftgateError } from '../../../core/errors.js';
import type { Severity } from '../../../core/findings.js';
import type {
  BudgetScopeKind,
  BudgetStore,
  ContractDiff,
  ContractStore,
  ContractVersion,
  StoredBudget,
  WorkspaceStore,
} from '../../../ports/contract-store.js';
import { fromJson, inTransaction, type SqlContext, toIso, toJson, toMs } from './context.js';
import type { BudgetsTable, ContractVersionsTable, WorkspacesTable } from './schema.js';

export function sqlWorkspaceStore(root: SqlContext): WorkspaceStore {
  const fromRow = (r: Selectable<WorkspacesTable>) => ({
    id: r.id,
    name: r.name,
    created_at: toIso(r.created_at),
    updated_at: toIso(r.updated_at),
  });
  return {
    async ensure(id, at, name) {
      const ms = toMs(at);
      await root.db
        .insertInto('workspaces')
        .values({ id, name: name ?? id, created_at: ms, updated_at: ms })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      return fromRow(
        await root.db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
      );
    },
    async get(id) {
      const r = await root.db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
      return r && fromRow(r);
    },
    async list() {
      return (await root.db.selectFrom('workspaces').selectAll().orderBy('id').execute()).map(fromRow);
    },
  };
}

/** JSON with object keys sorted at every depth: equal documents hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function contractFromRow(r: Selectable<ContractVersionsTable>): ContractVersion {
  return {
    id: r.id,
    workspace_id: r.workspace_id,
    service: r.service,
    hash: r.hash,
    version_label: r.version_label,
    document: fromJson(r.document),
    previous_id: r.previous_id,
    diff:
      r.diff_summary === null
        ? null
        : {
            summary: fromJson<ContractDiff['summary']>(r.diff_summary),
            changes: fromJson<unknown[]>(r.changes) ?? [],
          },
    created_at: toIso(r.created_at),
  };
}

export function sqlContractStore(root: SqlContext): ContractStore {
  const latest = async (ctx: SqlContext, workspaceId: string, service: string) =>
    ctx.db
      .selectFrom('contract_versions')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('service', '=', service)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
  return {
    put: (input) =>
      inTransaction(root, async (ctx) => {
        const document = canonicalJson(input.document);
        const hash = `sha256:${createHash('sha256').update(document).digest('hex')}`;
        const existing = await ctx.db
          .selectFrom('contract_versions')
          .selectAll()
          .where('workspace_id', '=', input.workspace_id)
          .where('service', '=', input.service)
          .where('hash', '=', hash)
          .executeTakeFirst();
        if (existing) return { version: contractFromRow(existing), created: false };
        const previous = await latest(ctx, input.workspace_id, input.service);
        const row = {
          id: ctx.newId(),
          workspace_id: input.workspace_id,
          service: input.service,
          hash,
          version_label: input.version_label,
          document,
          previous_id: previous?.id ?? null,
          diff_summary: input.diff === null ? null : toJson(input.diff.summary),
          changes: input.diff === null ? null : toJson(input.diff.changes),
          created_at: Math.max(toMs(input.at), previous ? previous.created_at + 1 : 0),
        };
        // Two instances registering the same document at once: the unique (workspace, service, hash) index
        // lets one insert; the other returns that version.
        const inserted = await ctx.db
          .insertInto('contract_versions')
          .values(row)
          .onConflict((oc) => oc.columns(['workspace_id', 'service', 'hash']).doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) {
          const winner = await ctx.db
            .selectFrom('contract_versions')
            .selectAll()
            .where('workspace_id', '=', input.workspace_id)
            .where('service', '=', input.service)
            .where('hash', '=', hash)
            .executeTakeFirstOrThrow();
          return { version: contractFromRow(winner), created: false };
        }
        return { version: contractFromRow(row), created: true };
      }),
    async latest(workspaceId, service) {
      const r = await latest(root, workspaceId, service);
      return r && contractFromRow(r);
    },
    async get(id) {
      const r = await root.db
        .selectFrom('contract_versions')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return r && contractFromRow(r);
    },
    async list(workspaceId, service) {
      let q = root.db.selectFrom('contract_versions').selectAll().where('workspace_id', '=', workspaceId);
      if (service !== undefined) q = q.where('service', '=', service);
      return (await q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute()).map(contractFromRow);
    },
  };
}

function budgetFromRow(r: Selectable<BudgetsTable>): StoredBudget {
  return {
    id: r.id,
    scope_kind: r.scope_kind as BudgetScopeKind,
    scope_key: r.scope_key,
    workspace_id: r.workspace_id,
    max_breaking_changes: r.max_breaking_changes,
    max_potentially_breaking_changes: r.max_potentially_breaking_changes,
    max_non_breaking_changes: r.max_non_breaking_changes,
    severity_threshold: r.severity_threshold as Severity | null,
    max_field_churn_percent: r.max_field_churn_percent,
    time_window_days: r.time_window_days,
    enabled: r.enabled === null ? null : r.enabled !== 0,
    created_at: toIso(r.created_at),
    updated_at: toIso(r.updated_at),
  };
}

export function sqlBudgetStore(root: SqlContext): BudgetStore {
  return {
    async put(input) {
      const at = toMs(input.at);
      const fields = {
        max_breaking_changes: input.max_breaking_changes,
        max_potentially_breaking_changes: input.max_potentially_breaking_changes,
        max_non_breaking_changes: input.max_non_breaking_changes,
        severity_threshold: input.severity_threshold,
        max_field_churn_percent: input.max_field_churn_percent,
        time_window_days: input.time_window_days,
        enabled: input.enabled === null ? null : input.enabled ? 1 : 0,
        updated_at: at,
      };
      const row = await root.db
        .insertInto('budgets')
        .values({
          id: root.newId(),
          scope_kind: input.scope_kind,
          scope_key: input.scope_key,
          workspace_id: input.workspace_id,
          created_at: at,
          ...fields,
        })
        .onConflict((oc) => oc.columns(['scope_kind', 'scope_key', 'workspace_id']).doUpdateSet(fields))
        .returningAll()
        .executeTakeFirstOrThrow();
      return budgetFromRow(row);
    },
    async get(id) {
      const r = await root.db.selectFrom('budgets').selectAll().where('id', '=', id).executeTakeFirst();
      return r && budgetFromRow(r);
    },
    async list(filter = {}) {
      let q = root.db.selectFrom('budgets').selectAll();
      if (filter.scope_kind !== undefined) q = q.where('scope_kind', '=', filter.scope_kind);
      if (filter.workspace_id !== undefined) q = q.where('workspace_id', '=', filter.workspace_id);
      return (await q.orderBy('scope_kind').orderBy('scope_key').orderBy('id').execute()).map(budgetFromRow);
    },
    async delete(id) {
      const r = await root.db.deleteFrom('budgets').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}

export function notFound(what: string, id: string): DriftgateError {
  return new DriftgateError('store.not_found', `no ${what} with id ${id}`);
}
